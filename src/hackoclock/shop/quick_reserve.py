"""The common redemption in one PostgreSQL statement, run as its own transaction.

A redemption of a reward without a per-creator limit, not tied to a video, takes one round trip:
one statement (built once, with bind parameters) whose CTEs

1. ``acct``: lock the creator's account row (``FOR UPDATE``; after waiting for the lock,
   PostgreSQL hands back the newest committed balance);
2. ``gate``: one row only if the reward exists and is on sale now, has no per-creator limit,
   the locked balance covers its price and the idempotency key is not used yet;
3. ``took``: for a reward with limited stock, ``reserved = reserved + 1 WHERE reserved < stock``
   (the newest row, re-checked under its row lock);
4. ``door_paid`` / ``door_moved``: the debit and its ``reserve`` transfer, only if the gate
   passed and (unlimited stock, or ``took`` took a unit). These are the ledger's door in its
   one-statement mode (``ledger.transfers.debit_in_one_statement``): the same balance guard and
   transfer row as every other posting, the checksum rendered in SQL from the one definition in
   ``ledger.checksum`` over the price PostgreSQL read;
5. ``recorded``: the pending redemption, only if the points moved.

PostgreSQL runs a statement all or nothing, so in autocommit mode this is one transaction: no
``BEGIN``/``COMMIT`` round trips. If anything is off (key already used, not enough points,
out of stock, inactive, unknown creator or reward) nothing is written. The statement also
returns the locked balance and, if everything but the balance allowed the redemption, the
price: "not enough points" is then answered at once (the general path would check the same
things in the same order and give the same answer); anything else goes to the general path,
which explains the refusal (or returns the existing redemption for a reused key). The
idempotency key's unique constraint still decides races between two calls with the same key;
the balance and stock CHECK constraints stand behind the gate.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import (
    Connection,
    DateTime,
    String,
    bindparam,
    cast,
    exists,
    null,
    or_,
    select,
    true,
    update,
)
from sqlalchemy.dialects.postgresql import insert

from hackoclock.db.tables_ledger import ledger_accounts
from hackoclock.db.tables_shop import redemptions, shop
from hackoclock.ledger.accounts import RESERVED, creator_account
from hackoclock.ledger.transfers import debit_in_one_statement, one_statement_params
from hackoclock.shop.models import RedemptionStatus

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


def _p(name: str, type_: Any = None) -> Any:
    # prefixed: an UPDATE would take a parameter named like a column as a SET value
    return bindparam(f"q_{name}", type_=type_ if type_ is not None else String())


@cache
def _statement() -> Any:
    now = _p("now", DateTime(timezone=True))
    code = _p("code")
    acct = (
        select(ledger_accounts.c.code, ledger_accounts.c.balance)
        .where(ledger_accounts.c.code == code)
        .with_for_update()
        .cte("acct")
    )
    key_used = exists().where(
        redemptions.c.creator_id == _p("creator_id"),
        redemptions.c.idempotency_key == _p("key"),
    )
    eligible = (  # everything but the balance
        shop.c.reward_id == _p("reward_id"),
        shop.c.active.is_(True),
        or_(shop.c.active_from.is_(None), shop.c.active_from <= now),
        or_(shop.c.active_until.is_(None), shop.c.active_until > now),
        shop.c.limit_per_period.is_(None),
        ~key_used,
    )
    gate = (
        select(acct.c.code, shop.c.amount, shop.c.exposure, shop.c.stock)
        .select_from(acct.join(shop, true()))
        .where(*eligible, acct.c.balance >= shop.c.amount)
        .cte("gate")
    )
    took = (
        update(shop)
        .where(
            shop.c.reward_id == _p("reward_id"),
            shop.c.stock.is_not(None),
            shop.c.reserved < shop.c.stock,
            exists(select(gate.c.amount)),
        )
        .values(reserved=shop.c.reserved + 1)
        .returning(shop.c.reward_id)
        .cte("took")
    )
    # the debit and its transfer: the ledger's door, in its one-statement mode
    moved = debit_in_one_statement(
        gate.c.amount, when=or_(gate.c.stock.is_(None), exists(select(took.c.reward_id)))
    )
    row = {
        "id": _p("id"),
        "reward_id": _p("reward_id"),
        "creator_id": _p("creator_id"),
        "amount": moved.c.amount,
        "exposure": gate.c.exposure,
        "creation_date": now,
        "status": _p("status"),
        "idempotency_key": _p("key"),
        "video_id": cast(null(), String()),
        "updated_at": now,
    }
    recorded = (
        insert(redemptions)
        .from_select(
            list(REDEMPTION_COLUMNS),
            select(*(row[c] for c in REDEMPTION_COLUMNS)).select_from(moved.join(gate, true())),
        )
        .returning(redemptions.c.amount, redemptions.c.exposure)
        .cte("recorded")
    )
    return select(
        select(recorded.c.amount).scalar_subquery().label("amount"),
        select(recorded.c.exposure).scalar_subquery().label("exposure"),
        select(acct.c.balance).scalar_subquery().label("balance"),
        select(shop.c.amount).where(*eligible).scalar_subquery().label("price"),
    )


class Outcome(NamedTuple):
    """What the statement did; ``amount``/``exposure`` are None when it wrote nothing.

    ``balance`` is the creator's balance read under the row lock (None: no account) and
    ``price`` the reward's price if everything but the balance allowed the redemption (on sale,
    no per-creator limit, key unused; None otherwise).
    """

    amount: int | None
    exposure: str | None
    balance: int | None
    price: int | None

    @property
    def short_of_points(self) -> bool:
        """Nothing written only because the balance does not cover the price."""
        return (
            self.amount is None
            and self.balance is not None
            and self.price is not None
            and self.balance < self.price
        )


def reserve_in_one_statement(
    conn: Connection,
    *,
    redemption_id: str,
    creator_id: str,
    reward_id: str,
    key: str,
    now: datetime,
) -> Outcome:
    """Try the redemption in one statement; see ``Outcome``."""
    code = creator_account(creator_id)
    params = {
        "q_now": now,
        "q_code": code,
        "q_status": RedemptionStatus.PENDING.value,
        "q_creator_id": creator_id,
        "q_reward_id": reward_id,
        "q_key": key,
        "q_id": redemption_id,
        **one_statement_params(code, RESERVED, "reserve", f"redemption:{redemption_id}", now),
    }
    row = conn.execute(_statement(), params).one()
    return Outcome(
        amount=None if row.amount is None else int(row.amount),
        exposure=row.exposure,
        balance=None if row.balance is None else int(row.balance),
        price=None if row.price is None else int(row.price),
    )
