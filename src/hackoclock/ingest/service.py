"""Import service: ``import_file`` (one file, one transaction) and ``status`` (table counts).

An import reads the file as a stream, validates each record, and writes accepted records in
chunks (creators, videos, snapshots) and rejected ones to quarantine, all in one transaction:
a broken file raises a ``BrokenFile`` and leaves the database as it was. A file whose content
(sha256) was imported before is not imported again.

``videos_updated`` counts distinct videos: one that several chunks of a file update (a history
with many snapshots per video, a video listed twice far apart) counts once, and a video this
import inserted counts only as new (see :func:`_videos_updated`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, func, select, text

from hackoclock.db.engine import Database
from hackoclock.db.tables import (
    creators,
    import_batches,
    metric_snapshots,
    quarantined_records,
    videos,
)
from hackoclock.errors import InvalidInput
from hackoclock.ingest.errors import BrokenFile
from hackoclock.ingest.filehash import sha256_of
from hackoclock.ingest.load import batches
from hackoclock.ingest.load.merge_creators import merge_provisional_creators
from hackoclock.ingest.load.postgres import PostgresLoader
from hackoclock.ingest.load.row_tuples import sqlite_time
from hackoclock.ingest.load.sqlite import SqliteLoader
from hackoclock.ingest.prepare import PrepareJob, prepare_chunks
from hackoclock.ingest.readers.sniff import detect_format
from hackoclock.ingest.worker import chunks_from_worker

CHUNK_RECORDS = 50_000
# Files at least this big are read and validated in a worker process while this one writes
# (starting the worker costs about half a second, more than a small file takes in all).
WORKER_MIN_BYTES = 16 * 2**20
PG_IMPORT_LOCK = 0x4B1D_2002  # serialises imports on PostgreSQL (advisory lock key)


@dataclass
class ImportReport:
    """What one import did. ``records_read == accepted + quarantined``."""

    batch_id: int
    format: str
    records_read: int = 0
    accepted: int = 0
    quarantined: int = 0
    flagged: int = 0
    videos_new: int = 0  # videos this import inserted
    videos_updated: int = 0  # other videos whose latest values it replaced (each once)
    creators: int = 0
    snapshots_added: int = 0
    already_imported: bool = False
    bulk_load: bool = False  # PostgreSQL: constraints and indexes deferred during the load
    quarantine_reasons: dict[str, int] = field(default_factory=dict)


@dataclass(slots=True)
class _Written:
    """Video rows the chunks' upserts wrote (inserted + updated), and the chunks that had any."""

    rows: int = 0
    chunks: int = 0


def import_file(
    db: Database,
    path: Path,
    *,
    fmt: str | None = None,
    observed_at: datetime | None = None,
    progress: Callable[[int], None] | None = None,
    bulk: bool | None = None,
) -> ImportReport:
    """Import one file; ``progress`` is called with the number of records read so far.

    ``bulk`` (PostgreSQL only): defer constraints and indexes during the load, which locks the
    ingest tables until the import ends (:mod:`hackoclock.ingest.load.postgres_deferred_keys`);
    None lets the size of the file against the tables decide.
    """
    path = Path(path)
    if not path.is_file():
        raise BrokenFile(f"no such file: {path}")
    if observed_at is not None and observed_at.tzinfo is None:
        raise InvalidInput("observed_at needs a timezone (for example 2026-11-28T12:00Z)")
    file_format = detect_format(path, fmt)
    digest = sha256_of(path)
    now = datetime.now(UTC)  # microseconds kept: two imports never share an observation time
    default_observed = (observed_at or now).astimezone(UTC)
    with db.write() as conn:
        if db.is_postgres:
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PG_IMPORT_LOCK})
        earlier = batches.find_done(conn, digest)
        if earlier is not None:
            return _already_imported(conn, earlier)
        batch_id = batches.open_batch(
            conn,
            source=str(path),
            fmt=file_format,
            sha256=digest,
            observed_default=default_observed,
            started_at=now,
        )
        videos_before = _count(conn, videos)
        report = ImportReport(batch_id=batch_id, format=file_format)
        job = PrepareJob(
            path=path,
            fmt=file_format,
            default_observed=default_observed,
            now=now,
            batch_id=batch_id,
            sqlite=db.is_sqlite,
            chunk_records=CHUNK_RECORDS,
        )
        written = _load(db, conn, job, report, progress, bulk)
        merge_provisional_creators(conn)
        report.videos_new = _count(conn, videos) - videos_before
        report.videos_updated = _videos_updated(
            conn, job, written, videos_before=videos_before, videos_new=report.videos_new
        )
        batches.close_batch(
            conn,
            batch_id,
            datetime.now(UTC),
            records_read=report.records_read,
            accepted=report.accepted,
            quarantined=report.quarantined,
            flagged=report.flagged,
            snapshots_added=report.snapshots_added,
        )
    return report


def _load(
    db: Database,
    conn: Connection,
    job: PrepareJob,
    report: ImportReport,
    progress: Callable[[int], None] | None,
    bulk: bool | None = None,
) -> _Written:
    """Write every prepared chunk; fill the counts of ``report``, return the videos written."""
    loader: SqliteLoader | PostgresLoader = (
        PostgresLoader.for_file(conn, job.path.stat().st_size, bulk)
        if db.is_postgres
        else SqliteLoader(conn)
    )
    report.bulk_load = isinstance(loader, PostgresLoader) and loader.bulk
    reasons: Counter[str] = Counter()
    creator_ids: set[str] = set()
    written = _Written()
    in_worker = job.path.stat().st_size >= WORKER_MIN_BYTES
    chunks = chunks_from_worker(job) if in_worker else prepare_chunks(job)
    with closing(chunks):  # on an error, stop the worker now, not when the traceback goes
        for chunk in chunks:
            changed, added = loader.load(chunk)
            written.rows += changed
            written.chunks += bool(chunk.videos)
            report.snapshots_added += added
            report.records_read += chunk.records_read
            report.accepted += chunk.accepted
            report.flagged += chunk.flagged
            reasons.update(chunk.reasons)
            creator_ids.update(row[0] for row in chunk.creators)
            if progress is not None:
                progress(report.records_read)
    loader.close()
    if progress is not None:
        progress(report.records_read)
    report.quarantined = sum(reasons.values())
    report.quarantine_reasons = dict(reasons)
    report.creators = len(creator_ids)
    return written


def _videos_updated(
    conn: Connection, job: PrepareJob, written: _Written, *, videos_before: int, videos_new: int
) -> int:
    """The distinct videos older than this import whose latest values it replaced.

    ``written.rows - videos_new`` counts every update the chunks made (an update is the
    upsert's WHERE ``excluded.observed_at >= videos.observed_at`` passing); each new video
    is inserted once. It is exact when at most one chunk wrote videos (a chunk holds one row per
    video), and 0 means none was updated; otherwise a video updated by several chunks, or
    inserted by one and updated by a later one, is in it more than once. Then the table says:
    every row this import wrote carries ``updated_at = job.now`` (a microsecond time taken
    when the import started, written in the exact form the loaders wrote it), and a video it
    inserted carries ``first_batch_id = job.batch_id`` (an update never changes it). That
    count scans ``videos`` (no index on either column: keeping one would slow every upsert),
    about 0.3 s a million videos on SQLite and PostgreSQL alike (docs/ingest.md).
    """
    if videos_before == 0:
        return 0
    updates = written.rows - videos_new
    if updates <= 0 or written.chunks <= 1:
        return max(updates, 0)
    stamp: Any = sqlite_time(job.now) if job.sqlite else job.now
    distinct = "IS NOT" if job.sqlite else "IS DISTINCT FROM"
    touched = conn.execute(
        text(
            "SELECT count(*) FROM videos WHERE updated_at = :stamp "
            f"AND first_batch_id {distinct} :batch_id"
        ),
        {"stamp": stamp, "batch_id": job.batch_id},
    )
    return int(touched.scalar_one())


def _already_imported(conn: Connection, batch: dict[str, Any]) -> ImportReport:
    return ImportReport(
        batch_id=batch["id"],
        format=batch["format"],
        records_read=batch["records_read"],
        accepted=batch["accepted"],
        quarantined=batch["quarantined"],
        flagged=batch["flagged"],
        already_imported=True,
        quarantine_reasons=batches.reason_counts(conn, batch["id"]),
    )


def _count(conn: Connection, table: Any) -> int:
    return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def status(db: Database) -> dict[str, Any]:
    """Row counts of the ingest tables and the latest finished batch (or None)."""
    with db.read() as conn:
        counts = {
            "creators": _count(conn, creators),
            "videos": _count(conn, videos),
            "snapshots": _count(conn, metric_snapshots),
            "batches": _count(conn, import_batches),
            "quarantined": _count(conn, quarantined_records),
        }
        latest = (
            conn.execute(select(import_batches).order_by(import_batches.c.id.desc()).limit(1))
            .mappings()
            .first()
        )
    return {**counts, "latest_batch": dict(latest) if latest is not None else None}
