"""The common redemption in one PostgreSQL statement, run as its own transaction.

A redemption of a reward without a per-creator limit, not tied to a video, takes one round trip:
one statement (built once, with bind parameters) whose CTEs

1. ``acct``: lock the creator's account row (``FOR UPDATE``; after waiting for the lock,
   PostgreSQL hands back the newest committed balance);
2. ``gate``: one row only if the reward exists and is on sale now, has no per-creator limit,
   the locked balance covers its price and the idempotency key is not used yet;
3. ``took``: for a reward with limited stock, ``reserved = reserved + 1 WHERE reserved < stock``
   (the newest row, re-checked under its row lock);
4. ``paid``: the debit, only if the gate passed and (unlimited stock, or ``took`` took a unit);
5. ``recorded`` / ``moved``: the pending redemption and its ``reserve`` transfer, whose checksum
   PostgreSQL computes (``sha256``) from the price it read, exactly as ``transfer_checksum`` does.

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
    BigInteger,
    Connection,
    DateTime,
    String,
    Text,
    bindparam,
    cast,
    exists,
    func,
    literal_column,
    null,
    or_,
    select,
    true,
    update,
)
from sqlalchemy.dialects.postgresql import insert

from hackoclock.db.tables_ledger import ledger_accounts, ledger_transfers, redemptions, shop
from hackoclock.ledger.accounts import RESERVED, creator_account
from hackoclock.ledger.clock import as_utc
from hackoclock.shop.charge import REDEMPTION_COLUMNS, TRANSFER_COLUMNS

SEP = "\x1f"  # the field separator of ``transfer_checksum``


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
    paid = (
        update(ledger_accounts)
        .where(
            ledger_accounts.c.code == gate.c.code,
            or_(gate.c.stock.is_(None), exists(select(took.c.reward_id))),
        )
        .values(balance=ledger_accounts.c.balance - gate.c.amount)
        .returning(gate.c.amount, gate.c.exposure)
        .cte("paid")
    )
    row = {
        "id": _p("id"),
        "reward_id": _p("reward_id"),
        "creator_id": _p("creator_id"),
        "amount": paid.c.amount,
        "exposure": paid.c.exposure,
        "creation_date": now,
        "status": _p("status"),
        "idempotency_key": _p("key"),
        "video_id": cast(null(), String()),
        "updated_at": now,
    }
    recorded = (
        insert(redemptions)
        .from_select(list(REDEMPTION_COLUMNS), select(*(row[c] for c in REDEMPTION_COLUMNS)))
        .returning(redemptions.c.amount, redemptions.c.exposure)
        .cte("recorded")
    )
    payload = _p("sum_head", Text()) + cast(recorded.c.amount, Text) + _p("sum_tail", Text())
    checksum = func.encode(
        func.sha256(func.convert_to(payload, literal_column("'UTF8'"))), literal_column("'hex'")
    )
    transfer = {
        "debit_account": code,
        "credit_account": _p("reserved_account"),
        "amount": cast(recorded.c.amount, BigInteger),
        "kind": _p("kind"),
        "ref": _p("ref"),
        "created_at": now,
        "checksum": checksum,
    }
    moved = (
        insert(ledger_transfers)
        .from_select(list(TRANSFER_COLUMNS), select(*(transfer[c] for c in TRANSFER_COLUMNS)))
        .returning(ledger_transfers.c.id)
        .cte("moved")
    )
    done = select(recorded.c.amount, recorded.c.exposure).select_from(recorded.join(moved, true()))
    done_cte = done.cte("done")
    return select(
        select(done_cte.c.amount).scalar_subquery().label("amount"),
        select(done_cte.c.exposure).scalar_subquery().label("exposure"),
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
    ref = f"redemption:{redemption_id}"
    stamp = as_utc(now).strftime("%Y-%m-%dT%H:%M:%S.%f")
    params = {
        "q_now": now,
        "q_code": code,
        "q_status": "pending",
        "q_reserved_account": RESERVED,
        "q_kind": "reserve",
        "q_creator_id": creator_id,
        "q_reward_id": reward_id,
        "q_key": key,
        "q_id": redemption_id,
        "q_ref": ref,
        "q_sum_head": SEP.join((code, RESERVED)) + SEP,
        "q_sum_tail": SEP + SEP.join(("reserve", ref, stamp)),
    }
    row = conn.execute(_statement(), params).one()
    return Outcome(
        amount=None if row.amount is None else int(row.amount),
        exposure=row.exposure,
        balance=None if row.balance is None else int(row.balance),
        price=None if row.price is None else int(row.price),
    )
