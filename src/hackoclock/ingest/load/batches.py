"""Import batch rows: find an earlier import of the same file, open and close a batch."""

from __future__ import annotations

from collections import Counter
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, insert, select, update

from hackoclock.db.tables import import_batches, quarantined_records

DONE = "done"


def find_done(conn: Connection, sha256: str) -> dict[str, Any] | None:
    """The finished batch that imported a file with this content, if any."""
    row = (
        conn.execute(
            select(import_batches)
            .where(import_batches.c.sha256 == sha256, import_batches.c.status == DONE)
            .order_by(import_batches.c.id)
            .limit(1)
        )
        .mappings()
        .first()
    )
    return dict(row) if row is not None else None


def open_batch(
    conn: Connection,
    *,
    source: str,
    fmt: str,
    sha256: str,
    observed_default: datetime,
    started_at: datetime,
) -> int:
    """Insert a running batch and return its id."""
    result = conn.execute(
        insert(import_batches)
        .values(
            source=source,
            format=fmt,
            sha256=sha256,
            observed_at_default=observed_default,
            started_at=started_at,
            status="running",
        )
        .returning(import_batches.c.id)
    )
    return int(result.scalar_one())


def close_batch(conn: Connection, batch_id: int, finished_at: datetime, **counts: int) -> None:
    """Store the batch's counts and mark it done."""
    conn.execute(
        update(import_batches)
        .where(import_batches.c.id == batch_id)
        .values(status=DONE, finished_at=finished_at, **counts)
    )


def reason_counts(conn: Connection, batch_id: int) -> dict[str, int]:
    """Quarantine reasons of a batch (the code before the colon) with their counts."""
    rows = conn.execute(
        select(quarantined_records.c.reason, func.count())
        .where(quarantined_records.c.batch_id == batch_id)
        .group_by(quarantined_records.c.reason)
    )
    counts: Counter[str] = Counter()
    for reason, n in rows:
        counts[str(reason).split(":", 1)[0]] += int(n)
    return dict(counts)
