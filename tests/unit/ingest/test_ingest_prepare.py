"""Preparing a file: chunks of sorted rows whose counts add up to the records read."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from hackoclock.ingest.prepare import PrepareJob, prepare_chunks

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def _job(path: Path, chunk_records: int) -> PrepareJob:
    return PrepareJob(path, "jsonl", NOW, NOW, 7, True, chunk_records)


def test_chunks_hold_at_most_the_chunk_size_and_count_every_record(tmp_path: Path) -> None:
    lines = [
        json.dumps({"video_id": str(1000 - i), "author_id": str(i % 3), "play_count": i})
        for i in range(25)
    ]
    lines.insert(5, json.dumps({"video_id": "x", "author_id": "1", "play_count": -3}))
    path = tmp_path / "records.jsonl"
    path.write_text("\n".join(lines) + "\n")
    chunks = list(prepare_chunks(_job(path, 10)))
    assert [c.records_read for c in chunks] == [10, 10, 6]
    assert sum(c.accepted for c in chunks) == 25
    assert chunks[0].reasons == {"negative_count": 1}
    assert chunks[0].quarantine[0][:2] == (7, 6)  # batch id, record number
    for chunk in chunks:
        ids = [row[0] for row in chunk.videos]
        assert ids == sorted(ids)
        assert [row[0] for row in chunk.creators] == sorted(row[0] for row in chunk.creators)
        assert all(row[-2] == 7 for row in chunk.videos)  # first_batch_id


def test_times_are_sqlite_text_or_datetimes_as_the_job_asks(tmp_path: Path) -> None:
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps({"video_id": "1", "author_id": "9", "play_count": 4}) + "\n")
    as_text = next(prepare_chunks(_job(path, 10)))
    native = next(prepare_chunks(PrepareJob(path, "jsonl", NOW, NOW, 7, False, 10)))
    assert as_text.snapshots[0][1] == "2026-11-28 12:00:00.000000"
    assert native.snapshots[0][1] == NOW
