"""Every shared real data file imports, with the expected counts and exact values."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from hackoclock.db.engine import Database
from hackoclock.db.tables import quarantined_records
from hackoclock.ingest.service import import_file

Counts = Callable[[], dict[str, int]]
Row = Callable[[str], dict[str, Any]]
SCRAPE_DAY = datetime(2020, 12, 21, 12, 0, tzinfo=UTC)


def utc(moment: datetime | None) -> datetime | None:
    """Stored times read back naive on SQLite and aware on PostgreSQL: compare them in UTC."""
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


@pytest.mark.parametrize(
    ("name", "fmt", "expected"),
    [
        (
            "tiktok-trending-2020-12.json",
            "scraper",
            {"videos": 1000, "creators": 802, "snapshots": 1000, "quarantined": 0},
        ),
        (
            "tiktokapi-itemlist-2022.json",
            "itemlist",
            {"videos": 28, "creators": 27, "snapshots": 28, "quarantined": 0},
        ),
        (
            "tiktokapi-trending-2024-2026.jsonl",
            "jsonl",
            {"videos": 53, "creators": 51, "snapshots": 65, "quarantined": 3},
        ),
        (
            "santaclara-2021/tiktok_funny_hashtag_videos.csv",
            "csv",
            {"videos": 100, "creators": 79, "snapshots": 100, "quarantined": 0},
        ),
        (
            "santaclara-2021/trending_videos.csv",
            "csv",
            {"videos": 100, "creators": 84, "snapshots": 100, "quarantined": 0},
        ),
        (
            "santaclara-2021/tiktok_collected_videos.csv",
            "csv",
            {"videos": 100, "creators": 1, "snapshots": 100, "quarantined": 0},
        ),
        (
            "santaclara-2021/tiktok_collected_liked_videos.csv",
            "csv",
            {"videos": 100, "creators": 92, "snapshots": 100, "quarantined": 0},
        ),
    ],
)
def test_each_shared_file_imports_with_the_expected_counts(
    db: Database,
    shared_data: Path,
    counts: Counts,
    name: str,
    fmt: str,
    expected: dict[str, int],
) -> None:
    report = import_file(db, shared_data / name)
    assert report.format == fmt
    assert report.records_read == report.accepted + report.quarantined
    assert report.quarantined == expected["quarantined"]
    assert report.snapshots_added == expected["snapshots"]
    assert report.videos_new == expected["videos"]
    stored = counts()
    assert {k: stored[k] for k in expected} == expected
    assert stored["batches"] == 1


def test_the_kaggle_file_keeps_exact_counts_and_leaves_bookmarks_and_followers_null(
    db: Database,
    shared_data: Path,
    video: Row,
    creator: Row,
) -> None:
    import_file(db, shared_data / "tiktok-trending-2020-12.json", observed_at=SCRAPE_DAY)
    viral = video("6894081763379924229")
    assert (viral["views"], viral["likes"], viral["shares"], viral["comments"]) == (
        250_800_000,
        31_000_000,
        220_100,
        625_700,
    )
    assert viral["bookmarks"] is None and viral["bookmarks_per_view"] is None
    assert viral["creator_id"] == "6879693940111901701"
    assert viral["hashtags"] == ["timewarpscan"]
    assert viral["duration_s"] == 9
    assert utc(viral["date_posted"]) == datetime(2020, 11, 12, 3, 58, 55, tzinfo=UTC)
    assert utc(viral["observed_at"]) == SCRAPE_DAY
    assert viral["likes_per_view"] == pytest.approx(31_000_000 / 250_800_000)
    assert viral["engagement_rate"] == pytest.approx((31_000_000 + 220_100 + 625_700) / 250_800_000)
    first = video("6907228749016714497")
    assert (first["views"], first["likes"], first["shares"], first["comments"]) == (
        44_800,
        3_710,
        50,
        68,
    )
    assert first["url"] == "https://www.tiktok.com/@ninakleij/video/6907228749016714497"
    billie = creator("6879693940111901701")
    assert billie["username"] == "billieeilish"
    assert billie["follower_count"] is None and billie["video_count"] is None


def test_the_itemlist_response_is_observed_when_it_was_fetched_and_keeps_author_stats(
    db: Database,
    shared_data: Path,
    video: Row,
    creator: Row,
) -> None:
    import_file(db, shared_data / "tiktokapi-itemlist-2022.json")
    blackpink = video("7147533391888420097")
    assert (blackpink["views"], blackpink["likes"], blackpink["shares"]) == (
        54_400_000,
        10_400_000,
        98_000,
    )
    assert blackpink["comments"] == 115_800
    assert blackpink["bookmarks"] is None
    assert utc(blackpink["observed_at"]) == datetime(2022, 11, 10, 2, 50, 34, tzinfo=UTC)
    assert utc(blackpink["date_posted"]) == datetime(2022, 9, 26, 4, 0, 28, tzinfo=UTC)
    assert blackpink["url"] == "https://www.tiktok.com/@bp_tiktok/video/7147533391888420097"
    account = creator("6510959669837185025")
    assert (account["username"], account["follower_count"], account["video_count"]) == (
        "bp_tiktok",
        36_300_000,
        150,
    )
    zero_comments = video("7158770362770099483")
    assert zero_comments["comments"] == 0 and zero_comments["comments_per_view"] == 0.0


def test_the_history_file_keeps_every_snapshot_and_the_latest_values(
    db: Database,
    shared_data: Path,
    video: Row,
    creator: Row,
    snapshots: Callable[[str], list[dict[str, Any]]],
) -> None:
    report = import_file(db, shared_data / "tiktokapi-trending-2024-2026.jsonl")
    assert report.quarantine_reasons == {"overflowed_32bit": 3}
    latest = video("7593147517378891022")
    assert (latest["views"], latest["likes"], latest["bookmarks"], latest["comments"]) == (
        2_200_000,
        89_200,
        1_161,
        832,
    )
    assert utc(latest["observed_at"]) == datetime(2026, 3, 8, 5, 57, 55, tzinfo=UTC)
    assert latest["creator_id"] == "6766435973313414149"  # the provisional @name was merged
    history = snapshots("7593147517378891022")
    assert [(s["likes"], s["bookmarks"], s["follower_count"]) for s in history] == [
        (89_100, None, None),
        (89_200, 1_161, 1_200_000),
    ]
    assert creator("6766435973313414149")["follower_count"] == 1_200_000
    assert creator("@totallynotcam")["username"] == "totallynotcam"
    with db.read() as conn:
        raws = conn.execute(select(quarantined_records.c.raw, quarantined_records.c.reason))
        rows = list(raws)
    assert {r.raw.count('"video_id"') for r in rows} == {1}
    assert all("author_total_likes=-" in r.reason for r in rows)


def test_the_santa_clara_files_import_together_with_one_video_seen_twice(
    db: Database,
    shared_data: Path,
    counts: Counts,
    video: Row,
    creator: Row,
    snapshots: Callable[[str], list[dict[str, Any]]],
) -> None:
    folder = shared_data / "santaclara-2021"
    for name in (
        "tiktok_collected_liked_videos.csv",
        "tiktok_collected_videos.csv",
        "tiktok_funny_hashtag_videos.csv",
        "trending_videos.csv",
    ):
        import_file(db, folder / name)
    stored = counts()
    assert (stored["videos"], stored["creators"], stored["snapshots"]) == (398, 249, 400)
    shared = video("6984893201412820229")  # in the funny-hashtag file and the trending file
    assert (shared["views"], shared["likes"], shared["shares"], shared["comments"]) == (
        56_300_000,
        8_300_000,
        410_900,
        55_700,
    )
    assert utc(shared["date_posted"]) == datetime(2021, 7, 14, 21, 13, 3, tzinfo=UTC)
    assert [s["views"] for s in snapshots("6984893201412820229")] == [56_600_000, 56_300_000]
    little_johnny = creator("6785239604841956357")
    assert little_johnny["follower_count"] == 7_300_000  # the trending file has none: kept
    assert little_johnny["username"] == "littel_johnny"
