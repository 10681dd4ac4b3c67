"""History: snapshots per observation, latest values in videos, re-imports change nothing."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from hackoclock.db.engine import Database
from hackoclock.db.tables import import_batches, quarantined_records
from hackoclock.ingest.service import import_file

Counts = Callable[[], dict[str, int]]
Row = Callable[[str], dict[str, Any]]
MARCH_1 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
MARCH_2 = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def _jsonl(path: Path, *records: dict[str, Any]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return path


def _record(when: str, views: int, followers: int | None, **extra: Any) -> dict[str, Any]:
    record = {
        "video_id": "42",
        "author_id": "7",
        "author_username": "ana",
        "collected_at_utc": when,
        "play_count": views,
        "like_count": views // 10,
        "comment_count": 3,
        "share_count": 1,
        "author_follower_count": followers,
        "create_time": 1772131424,
    }
    record.update(extra)
    return record


def test_importing_the_same_file_twice_changes_nothing(
    db: Database,
    shared_data: Path,
    counts: Counts,
) -> None:
    path = shared_data / "tiktokapi-trending-2024-2026.jsonl"
    first = import_file(db, path)
    before = counts()
    again = import_file(db, path)
    assert again.already_imported and again.batch_id == first.batch_id
    assert (again.records_read, again.quarantined) == (73, 3)
    assert again.quarantine_reasons == {"overflowed_32bit": 3}
    assert again.snapshots_added == 0
    assert counts() == before


def test_a_later_snapshot_updates_the_latest_values_and_keeps_the_history(
    db: Database,
    tmp_path: Path,
    video: Row,
    creator: Row,
    snapshots: Callable[[str], list[dict[str, Any]]],
) -> None:
    import_file(db, _jsonl(tmp_path / "a.jsonl", _record("2026-03-01T12:00:00Z", 1000, 50)))
    report = import_file(
        db, _jsonl(tmp_path / "b.jsonl", _record("2026-03-02T12:00:00Z", 3000, None))
    )
    assert (report.videos_new, report.videos_updated, report.snapshots_added) == (0, 1, 1)
    assert video("42")["views"] == 3000
    assert [s["views"] for s in snapshots("42")] == [1000, 3000]
    assert creator("7")["follower_count"] == 50  # the newer record has none: the known stays


def test_an_older_snapshot_imported_later_adds_history_but_not_latest_values(
    db: Database,
    tmp_path: Path,
    video: Row,
    creator: Row,
    snapshots: Callable[[str], list[dict[str, Any]]],
) -> None:
    import_file(db, _jsonl(tmp_path / "new.jsonl", _record("2026-03-02T12:00:00Z", 3000, 80)))
    report = import_file(
        db, _jsonl(tmp_path / "old.jsonl", _record("2026-03-01T12:00:00Z", 1000, 50))
    )
    assert (report.videos_updated, report.snapshots_added) == (0, 1)
    assert video("42")["views"] == 3000
    assert creator("7")["follower_count"] == 80
    assert [s["views"] for s in snapshots("42")] == [1000, 3000]


def test_observed_at_option_dates_records_that_do_not_say(
    db: Database,
    tmp_path: Path,
    snapshots: Callable[[str], list[dict[str, Any]]],
) -> None:
    record = _record("", 500, None)
    del record["collected_at_utc"]
    import_file(db, _jsonl(tmp_path / "a.jsonl", record), observed_at=MARCH_1)
    import_file(db, _jsonl(tmp_path / "b.jsonl", dict(record, play_count=900)), observed_at=MARCH_2)
    history = snapshots("42")
    assert [s["views"] for s in history] == [500, 900]
    observed = [s["observed_at"] for s in history]
    assert [o.replace(tzinfo=UTC) if o.tzinfo is None else o for o in observed] == [
        MARCH_1,
        MARCH_2,
    ]


def test_records_read_equals_accepted_plus_quarantined_and_both_are_stored(
    db: Database,
    tmp_path: Path,
) -> None:
    path = tmp_path / "mixed.csv"
    path.write_text(
        "video_id,creator_id,views,likes,comments,date_posted\n"
        "1,7,38.9K,1.2K,10,2026-03-01\n"
        ",7,5,1,1,2026-03-01\n"
        "3,7,0,0,9,2026-03-01\n"
        "4,7,100,150,1,2026-03-01\n"
        "5,7,2M,x,1,2026-03-01\n"
        "6,7,10,1,1,someday\n"
        "7,7,-4,1,1,2026-03-01\n"
    )
    report = import_file(db, path)
    assert (report.records_read, report.accepted, report.quarantined, report.flagged) == (
        7,
        2,
        5,
        1,
    )
    assert report.quarantine_reasons == {
        "missing_id": 1,
        "zero_filled": 1,
        "not_a_number": 1,
        "bad_date": 1,
        "negative_count": 1,
    }
    with db.read() as conn:
        batch = conn.execute(select(import_batches)).mappings().one()
        raws = conn.execute(
            select(quarantined_records.c.record_no, quarantined_records.c.raw).order_by(
                quarantined_records.c.record_no
            )
        ).all()
    assert (batch["records_read"], batch["accepted"], batch["quarantined"]) == (7, 2, 5)
    assert batch["flagged"] == 1 and batch["status"] == "done"
    assert [tuple(r) for r in raws] == [
        (2, ",7,5,1,1,2026-03-01"),
        (3, "3,7,0,0,9,2026-03-01"),
        (5, "5,7,2M,x,1,2026-03-01"),
        (6, "6,7,10,1,1,someday"),
        (7, "7,7,-4,1,1,2026-03-01"),
    ]


def test_a_video_flagged_for_likes_above_views_keeps_its_flag(
    db: Database,
    tmp_path: Path,
    video: Row,
) -> None:
    path = tmp_path / "odd.csv"
    path.write_text("video_id,creator_id,views,likes\n1,7,100,150\n")
    import_file(db, path)
    assert video("1")["flags"] == ["likes_gt_views"]


def test_a_provisional_creator_is_merged_when_a_later_file_names_its_id(
    db: Database,
    tmp_path: Path,
    video: Row,
    counts: Counts,
) -> None:
    anonymous = _record("2026-03-01T12:00:00Z", 1000, None)
    del anonymous["author_id"]
    import_file(db, _jsonl(tmp_path / "a.jsonl", anonymous))
    assert video("42")["creator_id"] == "@ana"
    other = _record("2026-03-02T12:00:00Z", 10, 5, video_id="43")
    import_file(db, _jsonl(tmp_path / "b.jsonl", other))
    assert video("42")["creator_id"] == "7"
    assert counts()["creators"] == 1


def test_hostile_values_are_stored_or_quarantined_without_breaking_the_import(
    db: Database,
    tmp_path: Path,
    video: Row,
    creator: Row,
) -> None:
    nasty = _record(
        "2026-03-01T12:00:00Z",
        1000,
        5,
        desc="nul\u0000byte 🎉 <b>html</b>",
        author_username="u" * 400,
        duration=2**40,
        hashtags=["a\u0000b"],
    )
    huge = _record("2026-03-01T12:00:00Z", 2**70, 5, video_id="43")
    report = import_file(db, _jsonl(tmp_path / "nasty.jsonl", nasty, huge))
    assert (report.accepted, report.quarantined) == (1, 1)
    stored = video("42")
    assert stored["caption"] == "nulbyte 🎉 <b>html</b>"
    assert stored["duration_s"] is None
    assert len(creator("7")["username"]) == 255
