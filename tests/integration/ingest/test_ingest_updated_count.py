"""``videos_updated`` counts distinct videos that existed before the import and whose latest
values it replaced, however many chunks of the file touch them; a video the import inserted
counts only in ``videos_new``."""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from hackoclock.db.engine import Database
from hackoclock.ingest import service
from hackoclock.ingest.service import ImportReport, import_file

Row = Callable[[str], dict[str, Any]]
DAY_1 = datetime(2026, 3, 1, 12, tzinfo=UTC)


def _at(day: int) -> str:
    return (DAY_1 + timedelta(days=day - 1)).strftime("%Y-%m-%dT%H:%M:%SZ")


def _rec(video: str, day: int, views: int = 100) -> dict[str, Any]:
    return {
        "video_id": video,
        "author_id": "7",
        "author_username": "ana",
        "collected_at_utc": _at(day),
        "play_count": views,
        "like_count": views // 10,
    }


def _jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return path


def _counts(report: ImportReport) -> tuple[int, int]:
    return report.videos_new, report.videos_updated


@pytest.fixture
def chunks_of_two(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(service, "CHUNK_RECORDS", 2)


@pytest.mark.usefixtures("chunks_of_two")
@pytest.mark.parametrize("bulk", [False, True], ids=["row-by-row", "bulk"])  # SQLite: no bulk
@pytest.mark.parametrize("in_worker", [False, True], ids=["in-process", "worker"])
def test_an_existing_video_updated_in_three_chunks_counts_once(
    db: Database,
    tmp_path: Path,
    video: Row,
    monkeypatch: pytest.MonkeyPatch,
    bulk: bool,
    in_worker: bool,
) -> None:
    import_file(db, _jsonl(tmp_path / "a.jsonl", [_rec("42", 1, 1000), _rec("43", 1)]))
    if in_worker:
        monkeypatch.setattr(service, "WORKER_MIN_BYTES", 0)
    history = [
        _rec("42", 2, 2000),
        _rec("100", 2),
        _rec("42", 3, 3000),
        _rec("101", 2),
        _rec("42", 4, 4000),
        _rec("102", 2),
    ]
    report = import_file(db, _jsonl(tmp_path / "b.jsonl", history), bulk=bulk)
    assert report.bulk_load is (bulk and db.is_postgres)
    assert report.snapshots_added == 6
    assert _counts(report) == (3, 1)
    assert video("42")["views"] == 4000
    assert video("43")["views"] == 100  # not in the file: neither new nor updated


@pytest.mark.usefixtures("chunks_of_two")
def test_a_new_video_in_several_chunks_is_only_new(db: Database, tmp_path: Path) -> None:
    import_file(db, _jsonl(tmp_path / "a.jsonl", [_rec("42", 1)]))
    history = [_rec("50", 1), _rec("51", 1), _rec("50", 2), _rec("52", 1), _rec("50", 3)]
    assert _counts(import_file(db, _jsonl(tmp_path / "b.jsonl", history))) == (3, 0)


@pytest.mark.usefixtures("chunks_of_two")
def test_into_an_empty_database_every_video_is_new(db: Database, tmp_path: Path) -> None:
    history = [_rec("50", 1), _rec("51", 1), _rec("50", 2), _rec("51", 2), _rec("50", 3)]
    assert _counts(import_file(db, _jsonl(tmp_path / "a.jsonl", history))) == (2, 0)


@pytest.mark.usefixtures("chunks_of_two")
def test_new_and_existing_videos_repeated_across_chunks(db: Database, tmp_path: Path) -> None:
    import_file(db, _jsonl(tmp_path / "a.jsonl", [_rec("42", 1), _rec("43", 1), _rec("44", 1)]))
    history = [
        _rec("50", 1),
        _rec("42", 2),
        _rec("50", 2),
        _rec("43", 2),
        _rec("42", 3),
        _rec("50", 3),
        _rec("43", 3),
    ]
    assert _counts(import_file(db, _jsonl(tmp_path / "b.jsonl", history))) == (1, 2)


@pytest.mark.usefixtures("chunks_of_two")
def test_older_snapshots_that_change_no_latest_values_are_not_counted(
    db: Database, tmp_path: Path, video: Row, snapshots: Callable[[str], list[dict[str, Any]]]
) -> None:
    import_file(db, _jsonl(tmp_path / "a.jsonl", [_rec("42", 5, 5000), _rec("43", 5, 5000)]))
    history = [
        _rec("42", 1, 1000),
        _rec("60", 1),
        _rec("42", 2, 2000),
        _rec("43", 6, 6000),  # newer: counted
        _rec("42", 3, 3000),
        _rec("61", 1),
    ]
    report = import_file(db, _jsonl(tmp_path / "b.jsonl", history))
    assert _counts(report) == (2, 1)
    assert report.snapshots_added == 6
    assert video("42")["views"] == 5000
    assert [s["views"] for s in snapshots("42")] == [1000, 2000, 3000, 5000]


@pytest.mark.usefixtures("chunks_of_two")
def test_an_older_snapshot_then_a_newer_one_in_a_later_chunk_counts_once(
    db: Database, tmp_path: Path, video: Row
) -> None:
    import_file(db, _jsonl(tmp_path / "a.jsonl", [_rec("42", 3, 3000)]))
    history = [_rec("42", 1, 1000), _rec("60", 1), _rec("42", 4, 4000), _rec("42", 5, 5000)]
    assert _counts(import_file(db, _jsonl(tmp_path / "b.jsonl", history))) == (1, 1)
    assert video("42")["views"] == 5000


def test_in_one_chunk_the_count_comes_from_the_upsert(db: Database, tmp_path: Path) -> None:
    import_file(db, _jsonl(tmp_path / "a.jsonl", [_rec("42", 3), _rec("43", 3), _rec("44", 3)]))
    history = [_rec("42", 4), _rec("43", 1), _rec("42", 2), _rec("45", 1)]
    assert _counts(import_file(db, _jsonl(tmp_path / "b.jsonl", history))) == (1, 1)


@pytest.mark.usefixtures("chunks_of_two")
def test_a_file_imported_again_reports_nothing_new_or_updated(db: Database, tmp_path: Path) -> None:
    import_file(db, _jsonl(tmp_path / "a.jsonl", [_rec("42", 1)]))
    path = _jsonl(tmp_path / "b.jsonl", [_rec("42", 2), _rec("43", 1), _rec("42", 3)])
    assert _counts(import_file(db, path)) == (1, 1)
    again = import_file(db, path)
    assert again.already_imported and _counts(again) == (0, 0)


def _random_records(rng: random.Random, ids: list[str], n: int) -> list[dict[str, Any]]:
    return [_rec(rng.choice(ids), rng.randint(1, 6), rng.randint(1, 10**6)) for _ in range(n)]


def _latest(records: list[dict[str, Any]]) -> dict[str, str]:
    latest: dict[str, str] = {}
    for r in records:  # the times share one format: text order is time order
        latest[r["video_id"]] = max(latest.get(r["video_id"], ""), r["collected_at_utc"])
    return latest


@pytest.mark.parametrize("seed", range(6))
def test_random_histories_count_what_the_rule_says(
    db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    """An existing video is updated iff some record of the file is at least as new as it."""
    rng = random.Random(seed)
    first = _random_records(rng, [str(i) for i in range(1, 9)], 12)
    second = _random_records(rng, [str(i) for i in range(1, 13)], 30)
    monkeypatch.setattr(service, "CHUNK_RECORDS", rng.choice([1, 2, 3, 5, 100]))
    import_file(db, _jsonl(tmp_path / "a.jsonl", first))
    before, seen = _latest(first), _latest(second)
    expected_new = len(seen.keys() - before.keys())
    expected_updated = sum(1 for v, at in seen.items() if v in before and at >= before[v])
    report = import_file(db, _jsonl(tmp_path / "b.jsonl", second))
    assert _counts(report) == (expected_new, expected_updated)
