"""Sound and form facts (music id, title, original flag, duet source) land on ``videos``
from every shared file that carries them, on SQLite and PostgreSQL (COPY and upsert paths)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from hackoclock.db.engine import Database
from hackoclock.db.tables import videos
from hackoclock.ingest.service import import_file

Row = Callable[[str], dict[str, Any]]


def _count(db: Database, *where: Any) -> int:
    with db.read() as conn:
        return int(
            conn.execute(select(func.count()).select_from(videos).where(*where)).scalar_one()
        )


def test_the_kaggle_file_keeps_every_videos_music_id_title_and_original_flag(
    db: Database, shared_data: Path, video: Row
) -> None:
    path = shared_data / "tiktok-trending-2020-12.json"
    import_file(db, path)
    items = json.loads(path.read_text("utf-8"))["collector"]
    assert _count(db, videos.c.music_id.is_not(None)) == len(items) == 1000
    assert _count(db, videos.c.music_original.is_(True)) == sum(
        i["musicMeta"]["musicOriginal"] is True for i in items
    )
    assert _count(db, videos.c.music_original.is_(False)) == 254
    assert _count(db, videos.c.duet_from_id.is_not(None)) == 0  # the scraper does not say
    first = video("6907228749016714497")
    assert (first["music_id"], first["music_title"], first["music_original"]) == (
        "6790057285814061057",
        "Element",
        False,
    )


def test_the_itemlist_keeps_music_and_reads_duet_from_id_zero_as_no_duet(
    db: Database, shared_data: Path, video: Row
) -> None:
    import_file(db, shared_data / "tiktokapi-itemlist-2022.json")
    assert _count(db, videos.c.music_id.is_not(None)) == 28
    assert _count(db, videos.c.duet_from_id.is_not(None)) == 0  # every duetFromId is "0"
    row = video("7158770362770099483")
    assert (row["music_id"], row["music_original"]) == ("7158420526724156186", True)


def test_json_lines_keep_the_music_id_where_a_line_has_it_and_no_original_flag(
    db: Database, shared_data: Path, video: Row
) -> None:
    import_file(db, shared_data / "tiktokapi-trending-2024-2026.jsonl")
    row = video("7593147517378891022")
    assert (row["music_id"], row["music_title"]) == ("6854383948970117893", "original sound")
    assert row["music_original"] is None  # the collector does not record it
    assert _count(db, videos.c.music_original.is_not(None)) == 0


def test_the_santa_clara_csv_reads_its_true_false_originality_text(
    db: Database, shared_data: Path, video: Row
) -> None:
    path = shared_data / "santaclara-2021/tiktok_funny_hashtag_videos.csv"
    import_file(db, path)
    assert _count(db, videos.c.music_id.is_not(None)) == 100
    original = _count(db, videos.c.music_original.is_(True))
    reused = _count(db, videos.c.music_original.is_(False))
    assert original > 0 and reused > 0 and original + reused == 100
    other = shared_data / "santaclara-2021/trending_videos.csv"
    import_file(db, other)  # the other dialect has no music columns: NULL, not a guess
    # 100 new rows, but one video is in both files and keeps the music the first file gave
    assert _count(db) == 199
    assert _count(db, videos.c.music_id.is_(None)) == 99


def test_a_later_observation_without_music_keeps_the_known_music(
    db: Database, tmp_path: Path, video: Row
) -> None:
    base = {"video_id": "71", "author_id": "5", "play_count": 10, "create_time": 1700000000}
    first = {**base, "collected_at_utc": "2026-01-01T00:00:00Z", "music_id": "6854383948970117893"}
    later = {**base, "collected_at_utc": "2026-01-02T00:00:00Z", "play_count": 20}
    (tmp_path / "a.jsonl").write_text(json.dumps(first) + "\n")
    (tmp_path / "b.jsonl").write_text(json.dumps(later) + "\n")
    import_file(db, tmp_path / "a.jsonl")
    import_file(db, tmp_path / "b.jsonl")
    row = video("71")
    assert (row["views"], row["music_id"]) == (20, "6854383948970117893")
