"""Read, validate and reduce a file into chunks of ready-to-write rows (no database needed).

This is the CPU-heavy half of an import. It needs only the file and a few constants, so it can
run in the importing process or in a worker process (:mod:`hackoclock.ingest.worker`) while
the importing process writes the previous chunk.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Generator
from dataclasses import dataclass, field
from datetime import datetime
from operator import itemgetter
from pathlib import Path

from hackoclock.ingest.chunk import Chunk
from hackoclock.ingest.model import Rejected
from hackoclock.ingest.open_reader import open_records
from hackoclock.ingest.rows import (
    Row,
    creator_rows,
    native_time,
    quarantine_rows,
    snapshot_rows,
    sqlite_time,
    video_rows,
)
from hackoclock.ingest.validate import validate

_BY_KEY = itemgetter(0)
_BY_VIDEO_AND_TIME = itemgetter(0, 1)


@dataclass(frozen=True, slots=True)
class PrepareJob:
    """Everything the preparing side needs: picklable, so a worker process can get it."""

    path: Path
    fmt: str
    default_observed: datetime
    now: datetime
    batch_id: int
    sqlite: bool  # times as SQLite text, else as datetimes (PostgreSQL COPY)
    chunk_records: int


@dataclass(slots=True)
class PreparedChunk:
    """The rows of one chunk, in the column order of :mod:`hackoclock.ingest.sql`.

    Creators, videos and snapshots are sorted by key, so the database writes its indexes in
    order. ``records_read`` counts every record of the chunk, accepted or not.
    """

    records_read: int = 0
    accepted: int = 0
    flagged: int = 0
    reasons: Counter[str] = field(default_factory=Counter)
    creators: list[Row] = field(default_factory=list)
    videos: list[Row] = field(default_factory=list)
    snapshots: list[Row] = field(default_factory=list)
    quarantine: list[Row] = field(default_factory=list)


def prepare_chunks(job: PrepareJob) -> Generator[PreparedChunk, None, None]:
    """Yield the file's records as prepared chunks of at most ``job.chunk_records`` records."""
    default_observed = job.default_observed
    size = job.chunk_records
    with open_records(job.path, job.fmt) as records:
        chunk, rejected, counts = Chunk(), [], PreparedChunk()
        for record in records:
            counts.records_read += 1
            result = validate(record, default_observed)
            if isinstance(result, Rejected):
                rejected.append(result)
                counts.reasons[result.reason] += 1
            else:
                counts.accepted += 1
                counts.flagged += bool(result.flags)
                chunk.add(result)
            if counts.records_read == size:
                yield _finish(job, chunk, rejected, counts)
                chunk, rejected, counts = Chunk(), [], PreparedChunk()
        if counts.records_read:
            yield _finish(job, chunk, rejected, counts)


def _finish(
    job: PrepareJob, chunk: Chunk, rejected: list[Rejected], counts: PreparedChunk
) -> PreparedChunk:
    t = sqlite_time if job.sqlite else native_time
    counts.creators = sorted(creator_rows(chunk, job.now, t), key=_BY_KEY)
    counts.videos = sorted(video_rows(chunk, job.batch_id, job.now, t), key=_BY_KEY)
    counts.snapshots = sorted(snapshot_rows(chunk, job.batch_id, t), key=_BY_VIDEO_AND_TIME)
    counts.quarantine = list(quarantine_rows(rejected, job.batch_id))
    return counts
