"""Big files are read and validated in a worker process: same results, same failure rules."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import select

from hackoclock.db.engine import Database
from hackoclock.db.tables import metric_snapshots, videos
from hackoclock.ingest import service
from hackoclock.ingest.errors import BrokenFile
from hackoclock.ingest.service import import_file

Counts = Callable[[], dict[str, int]]
HISTORY = "tiktokapi-trending-2024-2026.jsonl"


@pytest.fixture
def in_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every file goes through the worker process, in chunks of 10 records."""
    monkeypatch.setattr(service, "WORKER_MIN_BYTES", 0)
    monkeypatch.setattr(service, "CHUNK_RECORDS", 10)


def _table(db: Database) -> list[tuple[object, ...]]:
    with db.read() as conn:
        latest = conn.execute(
            select(videos.c.video_id, videos.c.views, videos.c.likes, videos.c.flags).order_by(
                videos.c.video_id
            )
        ).all()
        history = conn.execute(
            select(metric_snapshots.c.video_id, metric_snapshots.c.views).order_by(
                metric_snapshots.c.video_id, metric_snapshots.c.observed_at
            )
        ).all()
    return [tuple(r) for r in latest] + [tuple(r) for r in history]


def test_a_file_read_in_the_worker_imports_exactly_as_in_process(
    db: Database,
    shared_data: Path,
    counts: Counts,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(service, "CHUNK_RECORDS", 10)
    reference_db = Database(f"sqlite:///{tmp_path / 'reference.db'}")
    from hackoclock.db.migrate import upgrade

    upgrade(reference_db)
    expected = import_file(reference_db, shared_data / HISTORY)
    monkeypatch.setattr(service, "WORKER_MIN_BYTES", 0)
    report = import_file(db, shared_data / HISTORY)
    assert (report.records_read, report.accepted, report.quarantined) == (
        expected.records_read,
        expected.accepted,
        expected.quarantined,
    )
    assert report.quarantine_reasons == expected.quarantine_reasons == {"overflowed_32bit": 3}
    assert (report.videos_new, report.snapshots_added, report.creators) == (
        expected.videos_new,
        expected.snapshots_added,
        expected.creators,
    )
    assert {k: counts()[k] for k in ("videos", "creators", "snapshots")} == {
        "videos": 53,
        "creators": 51,
        "snapshots": 65,
    }
    assert _table(db) == _table(reference_db)
    reference_db.dispose()
    assert import_file(db, shared_data / HISTORY).already_imported


def test_a_broken_file_read_in_the_worker_changes_nothing(
    db: Database, tmp_path: Path, counts: Counts, in_worker: None
) -> None:
    item = {"authorMeta": {"id": "9", "name": "ana"}, "playCount": 10, "createTime": 1608214517}
    lines = ",\n".join(json.dumps(dict(item, id=str(i))) for i in range(1, 101))
    path = tmp_path / "late-break.json"
    path.write_text('{"collector": [\n' + lines[:-30])
    before = counts()
    with pytest.raises(BrokenFile, match="truncated"):
        import_file(db, path)
    assert counts() == before


def test_a_broken_byte_read_in_the_worker_is_reported_as_not_utf8(
    db: Database, tmp_path: Path, counts: Counts, in_worker: None
) -> None:
    path = tmp_path / "bad.jsonl"
    good = b'{"video_id": "1", "author_id": "9", "play_count": 5}\n' * 50
    path.write_bytes(good + b'{"video_id": "2\xff"}\n' + good)
    with pytest.raises(BrokenFile, match="UTF-8"):
        import_file(db, path)
    assert counts()["videos"] == 0
