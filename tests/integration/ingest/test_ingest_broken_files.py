"""A broken file stops with a clear error and changes nothing."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from hackoclock.db.engine import Database
from hackoclock.errors import InvalidInput
from hackoclock.ingest.errors import BrokenFile, UnknownFormat
from hackoclock.ingest.service import import_file

Counts = Callable[[], dict[str, int]]
GOOD_ITEM = {
    "id": "1",
    "authorMeta": {"id": "9", "name": "ana"},
    "playCount": 10,
    "diggCount": 1,
    "shareCount": 0,
    "commentCount": 0,
    "createTime": 1608214517,
}


def _scraper_text(n: int) -> str:
    items = [dict(GOOD_ITEM, id=str(i)) for i in range(1, n + 1)]
    return json.dumps({"collector": items})


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.json", b"", "empty"),
        ("blank.csv", b"  \n\n", "empty"),
        ("not-json.json", b"this is not json at all", "not a supported format"),
        ("truncated.json", _scraper_text(50).encode()[:-40], "truncated"),
        (
            "truncated.jsonl",
            b'{"video_id": "1", "play_count": 5}\n{"video_id": "2", "pla',
            "truncated",
        ),
        ("latin1.csv", "video_id,user_name,n_plays\n1,Jos\xe9,5\n".encode("latin-1"), "UTF-8"),
        ("unknown.csv", b"name,age\nbob,3\n", "not a supported format"),
        ("binary.bin", bytes(range(256)) * 4, "UTF-8"),
    ],
)
def test_a_broken_file_raises_one_clear_error_and_changes_nothing(
    db: Database,
    tmp_path: Path,
    counts: Counts,
    name: str,
    content: bytes,
    message: str,
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    before = counts()
    with pytest.raises(BrokenFile, match=message) as info:
        import_file(db, path)
    assert "\n" not in info.value.message
    assert counts() == before


def test_a_file_broken_after_many_good_records_writes_none_of_them(
    db: Database,
    tmp_path: Path,
    counts: Counts,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from hackoclock.ingest import service

    monkeypatch.setattr(service, "CHUNK_RECORDS", 10)  # several chunks are written first
    path = tmp_path / "late-break.json"
    path.write_text(_scraper_text(100)[:-30])
    with pytest.raises(BrokenFile, match="truncated"):
        import_file(db, path)
    assert counts() == {k: 0 for k in counts()}


def test_a_bad_byte_deep_inside_a_large_file_still_changes_nothing(
    db: Database,
    tmp_path: Path,
    counts: Counts,
) -> None:
    text = _scraper_text(3000)
    cut = len(text) // 2
    path = tmp_path / "bad-byte.json"
    path.write_bytes(text[:cut].encode() + b"\xff" + text[cut:].encode())
    with pytest.raises(BrokenFile, match="UTF-8"):
        import_file(db, path)
    assert counts()["videos"] == 0


def test_forcing_the_wrong_format_is_refused(db: Database, tmp_path: Path, counts: Counts) -> None:
    path = tmp_path / "scraper.json"
    path.write_text(_scraper_text(3))
    with pytest.raises(UnknownFormat):
        import_file(db, path, fmt="itemlist")
    with pytest.raises(UnknownFormat):
        import_file(db, path, fmt="tsv")
    assert counts()["batches"] == 0


def test_a_missing_file_is_a_clear_error(db: Database, tmp_path: Path) -> None:
    with pytest.raises(BrokenFile, match="no such file"):
        import_file(db, tmp_path / "nope.json")


def test_an_observation_time_without_a_timezone_is_refused(
    db: Database,
    tmp_path: Path,
    counts: Counts,
) -> None:
    path = tmp_path / "ok.json"
    path.write_text(_scraper_text(2))
    with pytest.raises(InvalidInput, match="timezone"):
        import_file(db, path, observed_at=datetime(2026, 1, 1))
    assert counts()["batches"] == 0
