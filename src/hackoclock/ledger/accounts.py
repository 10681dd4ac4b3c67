"""Account codes and the few system accounts; creating and locking accounts.

Accounts are keyed by a readable code: ``creator:<creator_id>`` for each creator and
``sys:<name>`` for the platform's accounts:

- ``sys:issuance``  where earned points come from (its balance is minus everything issued);
- ``sys:held``      points of held videos, waiting for an operator to release or void them;
- ``sys:reserved``  points reserved by pending redemptions;
- ``sys:redeemed``  points spent on fulfilled redemptions.
"""

from __future__ import annotations

import weakref
from typing import Any

from sqlalchemy import Connection, event, func, select
from sqlalchemy.dialects import postgresql, sqlite

from hackoclock.db.engine import Database
from hackoclock.db.tables_ledger import ledger_accounts
from hackoclock.ledger.clock import utcnow

ISSUANCE = "sys:issuance"
HELD = "sys:held"
RESERVED = "sys:reserved"
REDEEMED = "sys:redeemed"
SYSTEM_ACCOUNTS = {ISSUANCE: "issuance", HELD: "held", RESERVED: "reserved", REDEEMED: "redeemed"}

_ready: weakref.WeakSet[Database] = weakref.WeakSet()


CREATOR_PREFIX = "creator:"


def creator_account(creator_id: str) -> str:
    return f"{CREATOR_PREFIX}{creator_id}"


def creator_of(code: str) -> str | None:
    """The creator whose account ``code`` is (None for a system account)."""
    return code[len(CREATOR_PREFIX) :] if code.startswith(CREATOR_PREFIX) else None


def insert_ignoring_duplicates(db: Database, table: Any) -> Any:
    """``INSERT ... ON CONFLICT DO NOTHING`` for the database's dialect."""
    dialect = postgresql if db.is_postgres else sqlite
    return dialect.insert(table).on_conflict_do_nothing()


def system_accounts_ready(db: Database) -> bool:
    """True once ``ensure_system_accounts`` has run for this database object."""
    return db in _ready


def ensure_system_accounts(db: Database, conn: Connection) -> None:
    """Create the system accounts if missing (idempotent), once per database object.

    The database object counts as ready only once they are seen committed (by an earlier
    transaction) or the transaction that inserted them commits: marked earlier, a rolled-back
    transaction (a refused credit) or a concurrent one would leave others posting transfers to
    accounts that do not exist (a foreign-key error, seen with concurrent first credits on a
    fresh PostgreSQL database).
    """
    if db in _ready:
        return
    present = conn.execute(
        select(func.count()).where(ledger_accounts.c.code.in_(list(SYSTEM_ACCOUNTS)))
    ).scalar_one()
    if present == len(SYSTEM_ACCOUNTS):  # committed by an earlier transaction (one call each)
        _ready.add(db)
        return
    now = utcnow()
    rows = [{"code": c, "kind": k, "created_at": now} for c, k in SYSTEM_ACCOUNTS.items()]
    # ON CONFLICT DO NOTHING waits for a concurrent insert of the same rows to commit or roll back
    conn.execute(insert_ignoring_duplicates(db, ledger_accounts), rows)
    event.listen(conn, "commit", lambda _conn: _ready.add(db), once=True)


def ensure_creator_accounts(db: Database, conn: Connection, creator_ids: list[str]) -> None:
    if not creator_ids:
        return
    now = utcnow()
    rows = [
        {
            "code": creator_account(c),
            "kind": "creator",
            "creator_id": c,
            "balance": 0,
            "debt": 0,
            "created_at": now,
        }
        for c in sorted(set(creator_ids))
    ]
    conn.execute(insert_ignoring_duplicates(db, ledger_accounts), rows)


def lock_creator_accounts(conn: Connection, creator_ids: list[str]) -> dict[str, tuple[int, int]]:
    """Lock the creators' account rows in one fixed order; return {creator: (balance, debt)}."""
    codes = sorted({creator_account(c) for c in creator_ids})
    rows = conn.execute(
        select(ledger_accounts.c.creator_id, ledger_accounts.c.balance, ledger_accounts.c.debt)
        .where(ledger_accounts.c.code.in_(codes))
        .order_by(ledger_accounts.c.code)
        .with_for_update()
    ).all()
    return {r.creator_id: (int(r.balance), int(r.debt)) for r in rows}
