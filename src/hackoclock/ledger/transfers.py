"""Posting transfers: the only way points move. Rows are never updated or deleted."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, insert

from hackoclock.db.tables_ledger import ledger_transfers
from hackoclock.ledger.checksum import transfer_checksum
from hackoclock.ledger.clock import utcnow


@dataclass(frozen=True)
class Posting:
    """One transfer to post: ``amount`` (> 0) moves from ``debit`` to ``credit``."""

    debit: str
    credit: str
    amount: int
    kind: str
    ref: str


def transfer_row(p: Posting, now: datetime) -> dict[str, Any]:
    """The ``ledger_transfers`` row for a posting, checksum included."""
    if p.amount <= 0:
        raise ValueError(f"transfer amount must be positive, got {p.amount} for {p.ref}")
    return {
        "debit_account": p.debit,
        "credit_account": p.credit,
        "amount": p.amount,
        "kind": p.kind,
        "ref": p.ref,
        "created_at": now,
        "checksum": transfer_checksum(p.debit, p.credit, p.amount, p.kind, p.ref, now),
    }


def post(conn: Connection, postings: Sequence[Posting]) -> None:
    """Insert the transfers (with their checksums) in the caller's transaction."""
    if not postings:
        return
    now = utcnow()
    conn.execute(insert(ledger_transfers), [transfer_row(p, now) for p in postings])
