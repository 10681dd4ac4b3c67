"""The one door points move through. Rows of ``ledger_transfers`` are never updated or deleted.

No other module inserts transfers or changes a cached balance, a debt or a creator's lifetime
points (``tests/unit/ledger/test_one_door.py`` checks it). The changes are derived from the
transfers themselves, so they cannot disagree with them:

- a creator account's ``balance`` moves by what its transfers credit minus what they debit, and
  never below zero: a posting that would overdraw it raises ``Overdrawn``, and the caller's
  transaction rolls back;
- its ``debt`` grows by ``debt_added`` (what a downward adjustment could not take back) and
  shrinks by its ``settle`` transfers;
- the creator's lifetime points (``creators.total_points``) move by the creator's side of the
  ``LIFETIME_KINDS`` transfers (credited points in, clawed back or settled points out).

System accounts keep no cached balance (``verify`` sums them), so postings to them write only
the transfer.

Two modes:

- ``post(conn, postings, ...)`` writes a batch in the caller's transaction, set-based: on
  PostgreSQL the account changes are one guarded ``UPDATE ... FROM unnest(...)`` and the
  transfers one ``INSERT ... SELECT FROM unnest(...)`` (the rows sent as arrays: one plan and
  one execution however big the batch), the lifetime points one ``executemany`` in creator
  order; on SQLite each is one ``executemany``. Crediting posts a whole chunk at once;
  redemptions, releases and clawbacks a batch of one or two;
- ``debit_in_one_statement(amount, when=...)`` builds the same debit and transfer as
  data-modifying CTEs for a caller that composes them into one PostgreSQL statement, where the
  amount is only known to the database (the shop's quick redemption reads the price under the
  account's row lock). Same guard, same row, same checksum (rendered in SQL from the one
  definition in ``checksum``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    CTE,
    BigInteger,
    Connection,
    DateTime,
    String,
    and_,
    bindparam,
    cast,
    insert,
    select,
    text,
    true,
    update,
)
from sqlalchemy.sql.elements import ColumnElement

from hackoclock.db.tables import creators
from hackoclock.db.tables_ledger import ledger_accounts, ledger_transfers
from hackoclock.ledger.accounts import creator_of
from hackoclock.ledger.checksum import checksum_params, checksum_sql, transfer_checksum
from hackoclock.ledger.clock import utcnow
from hackoclock.ledger.errors import Overdrawn

# kinds whose creator side counts toward the creator's lifetime points
LIFETIME_KINDS = frozenset({"accrual", "release", "clawback", "settle"})
SETTLE = "settle"  # pays debt: lowers the debited creator's debt by its amount

TRANSFER_COLUMNS = (
    "debit_account",
    "credit_account",
    "amount",
    "kind",
    "ref",
    "created_at",
    "checksum",
)


@dataclass(frozen=True)
class Posting:
    """One transfer to post: ``amount`` (> 0) moves from ``debit`` to ``credit``."""

    debit: str
    credit: str
    amount: int
    kind: str
    ref: str


@dataclass
class AccountChange:
    """What a batch of postings does to one creator account."""

    balance: int = 0
    debt: int = 0
    earned: int = 0


def _check(p: Posting) -> None:
    if p.amount <= 0:
        raise ValueError(f"transfer amount must be positive, got {p.amount} for {p.ref}")
    if p.debit == p.credit:
        raise ValueError(f"transfer {p.kind} {p.ref} debits and credits the same account")


def account_changes(
    postings: Sequence[Posting], debt_added: Mapping[str, int] | None = None
) -> dict[str, AccountChange]:
    """Each creator account's change (balance, debt, lifetime points) from the postings, plus
    the debt that downward adjustments added (``debt_added``: account code -> points)."""
    changes: dict[str, AccountChange] = {}

    def change(code: str) -> AccountChange | None:
        if creator_of(code) is None:
            return None
        return changes.setdefault(code, AccountChange())

    for p in postings:
        _check(p)
        counts = p.kind in LIFETIME_KINDS
        if (out := change(p.debit)) is not None:
            out.balance -= p.amount
            out.earned -= p.amount if counts else 0
            out.debt -= p.amount if p.kind == SETTLE else 0
        if (into := change(p.credit)) is not None:
            into.balance += p.amount
            into.earned += p.amount if counts else 0
    for code, added in (debt_added or {}).items():
        if added < 0:
            raise ValueError(f"debt added to {code} must not be negative, got {added}")
        if added and (acct := change(code)) is not None:
            acct.debt += added
    return changes


def transfer_row(p: Posting, now: datetime) -> dict[str, Any]:
    """The ``ledger_transfers`` row for a posting, checksum included."""
    _check(p)
    return {
        "debit_account": p.debit,
        "credit_account": p.credit,
        "amount": p.amount,
        "kind": p.kind,
        "ref": p.ref,
        "created_at": now,
        "checksum": transfer_checksum(p.debit, p.credit, p.amount, p.kind, p.ref, now),
    }


_a = ledger_accounts.c
_CHANGE_ACCOUNT = (
    update(ledger_accounts)
    .where(_a.code == bindparam("d_code"), _a.balance + bindparam("d_balance") >= 0)
    .values(balance=_a.balance + bindparam("d_balance"), debt=_a.debt + bindparam("d_debt"))
)
# In creator order, on both databases: ``creators`` rows are not locked beforehand (imports
# update them too), and one fixed order keeps concurrent writers from deadlocking.
_CHANGE_LIFETIME = (
    update(creators)
    .where(creators.c.creator_id == bindparam("d_creator"))
    .values(
        total_points=creators.c.total_points + bindparam("d_earned"), updated_at=bindparam("d_now")
    )
)


# PostgreSQL: the whole batch in one statement per table, its rows sent as arrays (one plan and
# one execution, not one per row). Callers hold the accounts' row locks already (crediting and
# the shop take them first, in code order), so the join's order does not matter.
_PG_CHANGE_ACCOUNTS = text(
    "UPDATE ledger_accounts AS a SET balance = a.balance + v.balance, debt = a.debt + v.debt "
    "FROM unnest(CAST(:codes AS varchar[]), CAST(:balances AS bigint[]), "
    "CAST(:debts AS bigint[])) AS v(code, balance, debt) "
    "WHERE a.code = v.code AND a.balance + v.balance >= 0"
)
_PG_INSERT_TRANSFERS = text(
    "INSERT INTO ledger_transfers "
    "(debit_account, credit_account, amount, kind, ref, created_at, checksum) "
    "SELECT t.debit, t.credit, t.amount, t.kind, t.ref, :now, t.checksum "
    "FROM unnest(CAST(:debits AS varchar[]), CAST(:credits AS varchar[]), "
    "CAST(:amounts AS bigint[]), CAST(:kinds AS varchar[]), CAST(:refs AS varchar[]), "
    "CAST(:checksums AS varchar[])) AS t(debit, credit, amount, kind, ref, checksum)"
).bindparams(bindparam("now", type_=DateTime(timezone=True)))


def _change_accounts(conn: Connection, moved: list[tuple[str, AccountChange]]) -> int:
    """Apply the balance and debt changes (guarded: never below zero); rows changed."""
    if conn.dialect.name == "postgresql":
        arrays = {
            "codes": [code for code, _ in moved],
            "balances": [c.balance for _, c in moved],
            "debts": [c.debt for _, c in moved],
        }
        return conn.execute(_PG_CHANGE_ACCOUNTS, arrays).rowcount
    rows = [{"d_code": code, "d_balance": c.balance, "d_debt": c.debt} for code, c in moved]
    return conn.execute(_CHANGE_ACCOUNT, rows).rowcount


def _insert_transfers(conn: Connection, postings: Sequence[Posting], now: datetime) -> None:
    rows = [transfer_row(p, now) for p in postings]
    if conn.dialect.name == "postgresql":
        arrays = {
            f"{name}s": [r[column] for r in rows]
            for name, column in (
                ("debit", "debit_account"),
                ("credit", "credit_account"),
                ("amount", "amount"),
                ("kind", "kind"),
                ("ref", "ref"),
                ("checksum", "checksum"),
            )
        }
        conn.execute(_PG_INSERT_TRANSFERS, {"now": now, **arrays})
        return
    conn.execute(insert(ledger_transfers), rows)


def post(
    conn: Connection,
    postings: Sequence[Posting],
    *,
    debt_added: Mapping[str, int] | None = None,
    now: datetime | None = None,
) -> None:
    """Write the transfers and what they do to creator accounts, in the caller's transaction.

    The caller holds the creator accounts' row locks (``lock_creator_accounts`` or the shop's
    ``FOR UPDATE``); lifetime points are changed in creator order. Raises ``Overdrawn`` if a
    creator account would go below zero or does not exist: some rows may then be written, so
    the caller's transaction must roll back (leaving the ``with db.write()`` block by the
    exception does).
    """
    changes = account_changes(postings, debt_added)
    if not postings and not changes:
        return
    now = now if now is not None else utcnow()
    moved = [(code, c) for code, c in sorted(changes.items()) if c.balance or c.debt]
    if moved and _change_accounts(conn, moved) != len(moved):
        short = [code for code, c in moved if c.balance < 0]
        raise Overdrawn(
            f"the balance does not cover the debit (accounts {', '.join(short) or 'none'}), "
            "or an account does not exist"
        )
    if postings:
        _insert_transfers(conn, postings, now)
    earned = [
        {"d_creator": creator_of(code), "d_earned": c.earned, "d_now": now}
        for code, c in sorted(changes.items())
        if c.earned
    ]
    if earned:
        conn.execute(_CHANGE_LIFETIME, earned)


ONE = "door_"  # prefix of the one-statement mode's bound parameters


def one_statement_params(
    debit: str, credit: str, kind: str, ref: str, now: datetime
) -> dict[str, Any]:
    """The bound values of ``debit_in_one_statement`` for one transfer out of a creator account."""
    if creator_of(debit) is None:
        raise ValueError(f"the one-statement mode debits a creator account, not {debit}")
    if creator_of(credit) is not None or kind in LIFETIME_KINDS:
        raise ValueError(f"{kind} to {credit} changes more than one balance: use post()")
    params = {
        f"{ONE}debit": debit,
        f"{ONE}credit": credit,
        f"{ONE}kind": kind,
        f"{ONE}ref": ref,
        f"{ONE}now": now,
    }
    params.update(checksum_params(ONE, debit, credit, kind, ref, now))
    return params


def debit_in_one_statement(
    amount: ColumnElement[Any], *, when: ColumnElement[bool] | None = None, name: str = "door"
) -> CTE:
    """CTEs for a PostgreSQL statement: take ``amount`` from the creator account
    ``one_statement_params`` names (only if its balance covers it and ``when`` holds) and post
    the transfer. Returns the last CTE, with one row (column ``amount``) if the points moved and
    none otherwise; the caller selects from it so its own rows are written only then.

    ``amount`` and ``when`` may read earlier CTEs of the caller's statement (each with at most
    one row). Build the statement once and execute it with ``one_statement_params``.
    """
    debit = bindparam(f"{ONE}debit", type_=String())
    paid = (
        update(ledger_accounts)
        .where(and_(_a.code == debit, _a.balance >= amount, true() if when is None else when))
        .values(balance=_a.balance - amount)
        .returning(amount.label("amount"))
        .cte(f"{name}_paid")
    )
    row: dict[str, Any] = {
        "debit_account": debit,
        "credit_account": bindparam(f"{ONE}credit", type_=String()),
        "amount": cast(paid.c.amount, BigInteger),
        "kind": bindparam(f"{ONE}kind", type_=String()),
        "ref": bindparam(f"{ONE}ref", type_=String()),
        "created_at": bindparam(f"{ONE}now", type_=DateTime(timezone=True)),
        "checksum": checksum_sql(paid.c.amount, ONE),
    }
    return (
        insert(ledger_transfers)
        .from_select(list(TRANSFER_COLUMNS), select(*(row[c] for c in TRANSFER_COLUMNS)))
        .returning(ledger_transfers.c.amount)
        .cte(f"{name}_moved")
    )
