"""Charging a redemption: take the points (only if the balance covers them), record the
redemption and its ``reserve`` transfer, all in the caller's transaction.

``charge_in_steps`` issues three statements. ``charge_in_one_statement`` does the same on
PostgreSQL in one round trip with data-modifying CTEs: the conditional ``UPDATE ... WHERE
balance >= amount RETURNING`` feeds the redemption ``INSERT``, which feeds the transfer
``INSERT``; when the balance does not cover the cost nothing is written and no row comes back.
The statement is built once with bind parameters (building it per call costs more CPU than the
round trip it saves).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import Connection, Insert, bindparam, insert, select, update

from hackoclock.db.tables_ledger import ledger_accounts, ledger_transfers, redemptions

REDEMPTION_COLUMNS = (
    "id",
    "reward_id",
    "creator_id",
    "amount",
    "exposure",
    "creation_date",
    "status",
    "idempotency_key",
    "video_id",
    "updated_at",
)
TRANSFER_COLUMNS = (
    "debit_account",
    "credit_account",
    "amount",
    "kind",
    "ref",
    "created_at",
    "checksum",
)


def _debit(redemption: dict[str, Any], transfer: dict[str, Any]) -> Any:
    return (
        update(ledger_accounts)
        .where(
            ledger_accounts.c.code == transfer["debit_account"],
            ledger_accounts.c.balance >= redemption["amount"],
        )
        .values(balance=ledger_accounts.c.balance - redemption["amount"])
    )


def charge_in_steps(conn: Connection, redemption: dict[str, Any], transfer: dict[str, Any]) -> bool:
    """Three statements; False (nothing written) if the balance does not cover the amount."""
    if conn.execute(_debit(redemption, transfer)).rowcount != 1:
        return False
    conn.execute(insert(redemptions).values(**redemption))
    conn.execute(insert(ledger_transfers).values(**transfer))
    return True


def _params(table: Any, prefix: str, names: tuple[str, ...]) -> list[Any]:
    return [bindparam(f"{prefix}{n}", type_=table.c[n].type).label(n) for n in names]


@cache
def _one_statement() -> Insert:
    amount = bindparam("r_amount", type_=redemptions.c.amount.type)
    paid = (
        update(ledger_accounts)
        .where(
            ledger_accounts.c.code == bindparam("t_debit_account"),
            ledger_accounts.c.balance >= amount,
        )
        .values(balance=ledger_accounts.c.balance - amount)
        .returning(ledger_accounts.c.code)
        .cte("paid")
    )
    recorded = (
        insert(redemptions)
        .from_select(
            list(REDEMPTION_COLUMNS),
            select(*_params(redemptions, "r_", REDEMPTION_COLUMNS)).select_from(paid),
        )
        .returning(redemptions.c.id)
        .cte("recorded")
    )
    return (
        insert(ledger_transfers)
        .from_select(
            list(TRANSFER_COLUMNS),
            select(*_params(ledger_transfers, "t_", TRANSFER_COLUMNS)).select_from(recorded),
        )
        .returning(ledger_transfers.c.id)
    )


def charge_in_one_statement(
    conn: Connection, redemption: dict[str, Any], transfer: dict[str, Any]
) -> bool:
    """One PostgreSQL statement; False (nothing written) if the balance does not cover it."""
    values = {f"r_{k}": redemption[k] for k in REDEMPTION_COLUMNS}
    values.update({f"t_{k}": transfer[k] for k in TRANSFER_COLUMNS})
    return conn.execute(_one_statement(), values).first() is not None
