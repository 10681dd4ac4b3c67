"""Read-only questions about a creator's points."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, or_, select

from hackoclock.db.engine import Database
from hackoclock.db.tables import creators
from hackoclock.db.tables_ledger import ledger_accounts, ledger_transfers
from hackoclock.errors import InvalidInput, NotFound
from hackoclock.ledger.accounts import creator_account
from hackoclock.ledger.clock import as_utc
from hackoclock.ledger.models import TransferView

MAX_PAGE = 1000


def check_page(limit: int, offset: int) -> None:
    if not 1 <= limit <= MAX_PAGE:
        raise InvalidInput(f"limit must be between 1 and {MAX_PAGE}, got {limit}")
    if offset < 0:
        raise InvalidInput(f"offset must be 0 or more, got {offset}")


def require_creator(conn: Connection, creator_id: str) -> int:
    """The creator's lifetime points; NotFound if there is no such creator."""
    total = conn.execute(
        select(creators.c.total_points).where(creators.c.creator_id == creator_id)
    ).scalar_one_or_none()
    if total is None:
        raise NotFound(f"creator {creator_id!r} not found")
    return int(total)


def _account_value(db: Database, creator_id: str, column: Any) -> int:
    """One column of the creator's account row (0 before any credit; NotFound if no creator)."""
    with db.read() as conn:
        value = conn.execute(
            select(column).where(ledger_accounts.c.code == creator_account(creator_id))
        ).scalar_one_or_none()
        if value is None:
            require_creator(conn, creator_id)
            return 0
        return int(value)


def balance(db: Database, creator_id: str) -> int:
    """Spendable points: the cached balance of the creator's account (0 before any credit)."""
    return _account_value(db, creator_id, ledger_accounts.c.balance)


def debt(db: Database, creator_id: str) -> int:
    """Points still owed from downward adjustments that exceeded the balance."""
    return _account_value(db, creator_id, ledger_accounts.c.debt)


def lifetime_points(db: Database, creator_id: str) -> int:
    """Points earned over all time (``creators.total_points``), spent or not."""
    with db.read() as conn:
        return require_creator(conn, creator_id)


def history(
    db: Database, creator_id: str, *, limit: int = 50, offset: int = 0
) -> list[TransferView]:
    """The creator's transfers, newest first."""
    check_page(limit, offset)
    code = creator_account(creator_id)
    t = ledger_transfers
    with db.read() as conn:
        require_creator(conn, creator_id)
        rows = conn.execute(
            select(t)
            .where(or_(t.c.debit_account == code, t.c.credit_account == code))
            .order_by(t.c.id.desc())
            .limit(limit)
            .offset(offset)
        ).all()
    return [
        TransferView(
            id=int(r.id),
            created_at=as_utc(r.created_at),
            kind=r.kind,
            ref=r.ref,
            amount=int(r.amount) if r.credit_account == code else -int(r.amount),
            counterparty=r.debit_account if r.credit_account == code else r.credit_account,
        )
        for r in rows
    ]
