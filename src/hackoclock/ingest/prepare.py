"""Read, validate and reduce a file into chunks of ready-to-write rows (no database needed).

This is the CPU-heavy half of an import. It needs only the file and a few constants, so it can
run in the importing process or in a worker process (:mod:`hackoclock.ingest.worker`) while
the importing process writes the previous chunk.

Records of the scraper export and of JSON Lines that are plainly clean are validated by
:mod:`hackoclock.ingest.validate_fast` straight from their decoded JSON; every other record (and
every record of the other formats) goes through the readers' mapping and
:func:`~hackoclock.ingest.validate.validate`, with the same outcome either way.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Generator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from operator import itemgetter
from pathlib import Path
from typing import BinaryIO

from hackoclock.ingest.chunk import Chunk
from hackoclock.ingest.load.row_tuples import (
    Row,
    creator_rows,
    native_time,
    quarantine_rows,
    snapshot_rows,
    sqlite_time,
    video_rows,
)
from hackoclock.ingest.model import Rejected, VideoRecord
from hackoclock.ingest.readers.by_format import open_binary, open_records
from hackoclock.ingest.readers.jsonl import jsonl_objects, jsonl_record
from hackoclock.ingest.readers.scraper import scraper_items, scraper_record
from hackoclock.ingest.validate import validate
from hackoclock.ingest.validate_fast import flat_item, scraper_item

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
    """The rows of one chunk, in the column order of :mod:`hackoclock.ingest.load.upsert_sql`.

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


def prepare_chunks(job: PrepareJob, *, fast: bool = True) -> Generator[PreparedChunk, None, None]:
    """Yield the file's records as prepared chunks of at most ``job.chunk_records`` records.

    ``fast=False`` sends every record through the general path (for comparing the two).
    """
    size = job.chunk_records
    with _results(job, fast) as results:
        chunk, rejected, counts = Chunk(), [], PreparedChunk()
        for result in results:
            counts.records_read += 1
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


@contextmanager
def _results(job: PrepareJob, fast: bool) -> Iterator[Iterator[VideoRecord | Rejected]]:
    """Every record of the file, validated, in file order."""
    if fast and job.fmt == "scraper":
        with open_binary(job.path) as stream:
            yield _scraper_results(stream, job.default_observed)
    elif fast and job.fmt == "jsonl":
        with open_binary(job.path) as stream:
            yield _jsonl_results(stream, job.default_observed)
    else:
        with open_records(job.path, job.fmt) as records:
            yield (validate(record, job.default_observed) for record in records)


def _scraper_results(
    stream: BinaryIO, default_observed: datetime
) -> Iterator[VideoRecord | Rejected]:
    """Clean items through the fast path, every other one through the general path."""
    for number, raw, item in scraper_items(stream):
        if type(item) is dict:
            record = scraper_item(item, default_observed)
            if record is not None:
                yield record
                continue
        yield validate(scraper_record(number, raw, item), default_observed)


def _jsonl_results(
    stream: BinaryIO, default_observed: datetime
) -> Iterator[VideoRecord | Rejected]:
    """Clean lines through the fast path, every other one through the general path."""
    for number, raw, obj, error in jsonl_objects(stream):
        if type(obj) is dict:
            record = flat_item(obj, default_observed)
            if record is not None:
                yield record
                continue
        yield validate(jsonl_record(number, raw, obj, error), default_observed)


def _finish(
    job: PrepareJob, chunk: Chunk, rejected: list[Rejected], counts: PreparedChunk
) -> PreparedChunk:
    t = sqlite_time if job.sqlite else native_time
    counts.creators = sorted(creator_rows(chunk, job.now, t), key=_BY_KEY)
    counts.videos = sorted(video_rows(chunk, job.batch_id, job.now, t), key=_BY_KEY)
    counts.snapshots = sorted(snapshot_rows(chunk, job.batch_id, t), key=_BY_VIDEO_AND_TIME)
    counts.quarantine = list(quarantine_rows(rejected, job.batch_id))
    return counts
