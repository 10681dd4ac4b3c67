"""Two-phase redemption: ``redeem`` reserves points and stock; ``fulfil`` spends, ``cancel`` frees.

Every invariant is enforced inside one database transaction. Locks are always taken in the same
order (redemption row, then creator account row, then reward row) so concurrent calls cannot
deadlock. On PostgreSQL the creator's account row is locked ``FOR UPDATE`` first, which
serialises one creator's redemptions (balance, per-period limit and idempotency key are then
checked against committed data); stock is taken with a conditional ``UPDATE ... WHERE reserved <
stock`` and points with ``UPDATE ... WHERE balance >= amount``, both checked by row count. On
SQLite ``Database.write()`` is ``BEGIN IMMEDIATE``, which serialises all writers. CHECK
constraints (balance >= 0, reserved <= stock, amount > 0) stand behind all of this.

On PostgreSQL, a redemption of a reward without a per-creator limit and not tied to a video
first tries ``quick_reserve``: the same checks and writes in one statement run as its own
transaction (one round trip instead of four). When it writes nothing (refusal, reused key,
limit, ...) the general path below runs and gives the answer.
"""

from __future__ import annotations

import uuid
from functools import cache
from typing import Any

from sqlalchemy import Connection, bindparam, func, select, update
from sqlalchemy.exc import IntegrityError

from hackoclock.db.engine import Database
from hackoclock.db.tables import videos
from hackoclock.db.tables_ledger import ledger_accounts, redemptions, shop
from hackoclock.errors import InvalidInput, NotFound
from hackoclock.ledger.accounts import (
    REDEEMED,
    RESERVED,
    creator_account,
    ensure_system_accounts,
    system_accounts_ready,
)
from hackoclock.ledger.clock import as_utc, utcnow
from hackoclock.ledger.queries import check_page, require_creator
from hackoclock.ledger.transfers import Posting, post, transfer_row
from hackoclock.shop.catalogue import fetch_reward, to_reward
from hackoclock.shop.charge import charge_in_one_statement, charge_in_steps
from hackoclock.shop.errors import (
    IdempotencyKeyReused,
    InsufficientPoints,
    LimitReached,
    OutOfStock,
    RewardInactive,
)
from hackoclock.shop.exposure import grant_for
from hackoclock.shop.models import STATUSES, Redemption, Reward
from hackoclock.shop.quick_reserve import reserve_in_one_statement
from hackoclock.shop.rules import check_key, check_transition, is_active, period_start

r_ = redemptions
_FIELDS = set(Redemption.__dataclass_fields__)


def to_redemption(row: Any) -> Redemption:
    return Redemption(
        id=row.id,
        reward_id=row.reward_id,
        creator_id=row.creator_id,
        amount=int(row.amount),
        exposure=row.exposure,
        status=row.status,
        idempotency_key=row.idempotency_key,
        video_id=row.video_id,
        creation_date=as_utc(row.creation_date),
        updated_at=as_utc(row.updated_at),
    )


def _by_key(conn: Connection, creator_id: str, key: str, reward_id: str) -> Redemption | None:
    row = conn.execute(
        select(r_).where(r_.c.creator_id == creator_id, r_.c.idempotency_key == key)
    ).first()
    if row is None:
        return None
    if row.reward_id != reward_id:
        raise IdempotencyKeyReused(
            f"idempotency key {key!r} was already used for reward {row.reward_id!r}"
        )
    return to_redemption(row)


def _usage(conn: Connection, creator_id: str, reward: Reward, now: Any) -> int:
    since = period_start(now, reward.limit_period)
    return int(
        conn.execute(
            select(func.count())
            .select_from(r_)
            .where(
                r_.c.creator_id == creator_id,
                r_.c.reward_id == reward.reward_id,
                r_.c.status != "cancelled",
                r_.c.creation_date >= since,
            )
        ).scalar_one()
    )


def _check_video(conn: Connection, creator_id: str, reward: Reward, video_id: str | None) -> None:
    if video_id is None:
        return
    if reward.kind != "exposure":
        raise InvalidInput("only exposure rewards are given to a single video")
    owner = conn.execute(
        select(videos.c.creator_id).where(videos.c.video_id == video_id)
    ).scalar_one_or_none()
    if owner != creator_id:
        raise InvalidInput(f"video {video_id!r} is not one of this creator's videos")


@cache
def _snapshot_statement() -> Any:
    existing = (
        select(r_.c.id)
        .where(r_.c.creator_id == bindparam("creator_id"), r_.c.idempotency_key == bindparam("key"))
        .scalar_subquery()
    )
    return (
        select(ledger_accounts.c.balance, existing.label("existing_id"), shop)
        .select_from(ledger_accounts.join(shop, shop.c.reward_id == bindparam("reward_id")))
        .where(ledger_accounts.c.code == bindparam("code"))
        .with_for_update(of=ledger_accounts)
    )


def _snapshot(conn: Connection, creator_id: str, reward_id: str, key: str) -> Any:
    """One round trip: lock the creator's account row; read the reward and any key match.

    Returns None when the account or the reward does not exist (the slow path then explains).
    """
    params = {
        "creator_id": creator_id,
        "key": key,
        "reward_id": reward_id,
        "code": creator_account(creator_id),
    }
    return conn.execute(_snapshot_statement(), params).first()


def _reserve(
    conn: Connection, creator_id: str, reward_id: str, key: str, video_id: str | None
) -> Redemption:
    code = creator_account(creator_id)
    snap = _snapshot(conn, creator_id, reward_id, key)
    if snap is None or snap.existing_id is not None:
        balance = conn.execute(
            select(ledger_accounts.c.balance).where(ledger_accounts.c.code == code)
        ).scalar_one_or_none()
        if balance is None:
            require_creator(conn, creator_id)
        existing = _by_key(conn, creator_id, key, reward_id)
        if existing is not None:
            return existing
        reward = fetch_reward(conn, reward_id)
    else:
        balance, reward = snap.balance, to_reward(snap)
    now = utcnow()
    if not is_active(reward.active, reward.active_from, reward.active_until, now):
        raise RewardInactive(f"reward {reward_id!r} is not on sale")
    _check_video(conn, creator_id, reward, video_id)
    if (balance or 0) < reward.amount:
        raise InsufficientPoints(
            f"reward {reward_id!r} costs {reward.amount} points; the balance is {balance or 0}"
        )
    if reward.limit_per_period is not None:
        used = _usage(conn, creator_id, reward, now)
        if used >= reward.limit_per_period:
            raise LimitReached(
                f"reward {reward_id!r} is limited to {reward.limit_per_period} per "
                f"{reward.limit_period}; already redeemed {used}"
            )
    if reward.stock is not None:
        took = conn.execute(
            update(shop)
            .where(shop.c.reward_id == reward_id, shop.c.reserved < shop.c.stock)
            .values(reserved=shop.c.reserved + 1)
        )
        if took.rowcount != 1:
            raise OutOfStock(f"reward {reward_id!r} is out of stock")
    row: dict[str, Any] = {
        "id": str(uuid.uuid4()),
        "reward_id": reward_id,
        "creator_id": creator_id,
        "amount": reward.amount,
        "exposure": reward.exposure,
        "creation_date": now,
        "status": "pending",
        "idempotency_key": key,
        "video_id": video_id,
        "updated_at": now,
    }
    posting = Posting(code, RESERVED, reward.amount, "reserve", f"redemption:{row['id']}")
    charge = charge_in_one_statement if conn.dialect.name == "postgresql" else charge_in_steps
    if not charge(conn, row, transfer_row(posting, now)):
        raise InsufficientPoints(f"the balance does not cover {reward.amount} points")
    return Redemption(**{k: v for k, v in row.items() if k in _FIELDS})


def _reserve_quickly(db: Database, creator_id: str, reward_id: str, key: str) -> Redemption | None:
    """The common case in one round trip (see ``quick_reserve``); None: take the general path.

    Raises InsufficientPoints itself when that is the only reason nothing was written.
    """
    if not system_accounts_ready(db):
        with db.write() as conn:
            ensure_system_accounts(db, conn)
    now = utcnow()
    redemption_id = str(uuid.uuid4())
    with db.autocommit() as conn:
        done = reserve_in_one_statement(
            conn,
            redemption_id=redemption_id,
            creator_id=creator_id,
            reward_id=reward_id,
            key=key,
            now=now,
        )
    if done.short_of_points:
        raise InsufficientPoints(
            f"reward {reward_id!r} costs {done.price} points; the balance is {done.balance}"
        )
    if done.amount is None or done.exposure is None:
        return None
    amount, exposure = done.amount, done.exposure
    return Redemption(
        id=redemption_id,
        reward_id=reward_id,
        creator_id=creator_id,
        amount=amount,
        exposure=exposure,
        status="pending",
        idempotency_key=key,
        video_id=None,
        creation_date=now,
        updated_at=now,
    )


def redeem(
    db: Database,
    creator_id: str,
    reward_id: str,
    idempotency_key: str,
    *,
    video_id: str | None = None,
) -> Redemption:
    """Reserve a reward's points and stock (pending). The same key again returns the same one."""
    key = check_key(idempotency_key)
    try:
        if db.is_postgres and video_id is None:
            quick = _reserve_quickly(db, creator_id, reward_id, key)
            if quick is not None:
                return quick
        with db.write() as conn:
            ensure_system_accounts(db, conn)
            return _reserve(conn, creator_id, reward_id, key, video_id)
    except IntegrityError:
        # A concurrent call with the same key won the insert: return its redemption.
        with db.read() as conn:
            winner = _by_key(conn, creator_id, key, reward_id)
        if winner is None:
            raise
        return winner


def _load(conn: Connection, redemption_id: str, *, lock: bool = False) -> Any:
    stmt = select(r_).where(r_.c.id == redemption_id)
    row = conn.execute(stmt.with_for_update() if lock else stmt).first()
    if row is None:
        raise NotFound(f"redemption {redemption_id!r} not found")
    return row


def _set_status(conn: Connection, redemption_id: str, status: str) -> Redemption:
    conn.execute(
        update(r_).where(r_.c.id == redemption_id).values(status=status, updated_at=utcnow())
    )
    return to_redemption(_load(conn, redemption_id))


def _release_stock(conn: Connection, reward_id: str, *, consume: bool) -> None:
    stock_limited = conn.execute(
        select(shop.c.stock.is_not(None)).where(shop.c.reward_id == reward_id)
    ).scalar_one()
    if not stock_limited:
        return
    values: dict[str, Any] = {"reserved": shop.c.reserved - 1}
    if consume:
        values["stock"] = shop.c.stock - 1
    res = conn.execute(
        update(shop).where(shop.c.reward_id == reward_id, shop.c.reserved >= 1).values(**values)
    )
    if res.rowcount != 1:
        raise RuntimeError(f"reward {reward_id!r} has no reserved unit to release")


def fulfil(db: Database, redemption_id: str) -> Redemption:
    """Spend the reserved points and consume the stock; exposure rewards get their grant.

    The redemption row is locked and its status checked before anything moves, so of
    concurrent fulfils and cancels exactly one acts; a later fulfil returns the fulfilled
    redemption unchanged and a cancel is ``InvalidTransition`` (409).
    """
    with db.write() as conn:
        ensure_system_accounts(db, conn)
        row = _load(conn, redemption_id, lock=True)
        if not check_transition(redemption_id, row.status, "fulfilled"):
            return to_redemption(row)
        _release_stock(conn, row.reward_id, consume=True)
        post(conn, [Posting(RESERVED, REDEEMED, int(row.amount), "redeem", f"redemption:{row.id}")])
        reward = fetch_reward(conn, row.reward_id)
        if reward.kind == "exposure" and reward.exposure_minutes:
            grant_for(conn, row, reward.exposure_minutes)
        return _set_status(conn, redemption_id, "fulfilled")


def cancel(db: Database, redemption_id: str, *, creator_id: str | None = None) -> Redemption:
    """Release a pending redemption's points and stock (only the creator's own, if given).

    Locks the redemption row first, then re-checks owner and status, then the creator's
    account, then moves points and stock: a cancel that loses a race is 409, never a 500.
    """
    with db.write() as conn:
        ensure_system_accounts(db, conn)
        row = _load(conn, redemption_id, lock=True)
        if creator_id is not None and row.creator_id != creator_id:
            raise NotFound(f"redemption {redemption_id!r} not found")
        if not check_transition(redemption_id, row.status, "cancelled"):
            return to_redemption(row)
        code = creator_account(row.creator_id)
        conn.execute(
            select(ledger_accounts.c.code).where(ledger_accounts.c.code == code).with_for_update()
        )
        _release_stock(conn, row.reward_id, consume=False)
        amount = int(row.amount)
        post(conn, [Posting(RESERVED, code, amount, "unreserve", f"redemption:{row.id}")])
        conn.execute(
            update(ledger_accounts)
            .where(ledger_accounts.c.code == code)
            .values(balance=ledger_accounts.c.balance + amount)
        )
        return _set_status(conn, redemption_id, "cancelled")


def get_redemption(db: Database, redemption_id: str) -> Redemption:
    """One redemption by id."""
    with db.read() as conn:
        return to_redemption(_load(conn, redemption_id))


def list_redemptions(
    db: Database,
    *,
    creator_id: str | None = None,
    status: str | None = None,
    limit: int = 50,
    offset: int = 0,
) -> list[Redemption]:
    """Redemptions, newest first, optionally of one creator and/or one status."""
    check_page(limit, offset)
    if status is not None and status not in STATUSES:
        raise InvalidInput(f"status must be one of {', '.join(STATUSES)}")
    stmt = select(r_).order_by(r_.c.creation_date.desc(), r_.c.id).limit(limit).offset(offset)
    if creator_id is not None:
        stmt = stmt.where(r_.c.creator_id == creator_id)
    if status is not None:
        stmt = stmt.where(r_.c.status == status)
    with db.read() as conn:
        return [to_redemption(r) for r in conn.execute(stmt)]


def creator_usage(db: Database, creator_id: str, reward_id: str) -> int:
    """Redemptions (pending or fulfilled) of the reward by the creator in the current period."""
    with db.read() as conn:
        reward = fetch_reward(conn, reward_id)
        return _usage(conn, creator_id, reward, utcnow())
