"""The catalogue: list, add, edit, deactivate rewards; seed the prototype's default rewards."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from sqlalchemy import Connection, func, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from hackoclock.db.engine import Database
from hackoclock.db.tables_shop import redemptions, shop
from hackoclock.errors import Conflict, InvalidInput, NotFound
from hackoclock.ledger.accounts import insert_ignoring_duplicates
from hackoclock.ledger.clock import as_utc, maybe_utc, utcnow
from hackoclock.ledger.queries import check_page
from hackoclock.shop.defaults import DEFAULT_CATALOGUE
from hackoclock.shop.models import Reward, RewardChanges, RewardSpec
from hackoclock.shop.rules import apply_changes, validate_spec


def to_reward(row: Any) -> Reward:
    return Reward(
        reward_id=row.reward_id,
        name=row.name,
        description=row.description,
        kind=row.kind,
        amount=int(row.amount),
        exposure=row.exposure,
        exposure_minutes=row.exposure_minutes,
        stock=None if row.stock is None else int(row.stock),
        reserved=int(row.reserved),
        limit_per_period=row.limit_per_period,
        limit_period=row.limit_period,
        active=bool(row.active),
        active_from=maybe_utc(row.active_from),
        active_until=maybe_utc(row.active_until),
        created_at=as_utc(row.created_at),
        updated_at=as_utc(row.updated_at),
    )


def to_spec(reward: Reward) -> RewardSpec:
    values = asdict(reward)
    for extra in ("reserved", "created_at", "updated_at"):
        values.pop(extra)
    return RewardSpec(**values)


def list_rewards(
    db: Database, *, include_inactive: bool = False, limit: int = 100, offset: int = 0
) -> list[Reward]:
    """Rewards by cost then id; by default only those on sale now."""
    check_page(limit, offset)
    stmt = select(shop).order_by(shop.c.amount, shop.c.reward_id).limit(limit).offset(offset)
    if not include_inactive:
        now = utcnow()
        stmt = stmt.where(
            shop.c.active.is_(True),
            or_(shop.c.active_from.is_(None), shop.c.active_from <= now),
            or_(shop.c.active_until.is_(None), shop.c.active_until > now),
        )
    with db.read() as conn:
        return [to_reward(r) for r in conn.execute(stmt)]


def fetch_reward(conn: Connection, reward_id: str, *, lock: bool = False) -> Reward:
    stmt = select(shop).where(shop.c.reward_id == reward_id)
    row = conn.execute(stmt.with_for_update() if lock else stmt).first()
    if row is None:
        raise NotFound(f"reward {reward_id!r} not found")
    return to_reward(row)


def get_reward(db: Database, reward_id: str) -> Reward:
    """One reward, active or not."""
    with db.read() as conn:
        return fetch_reward(conn, reward_id)


def _values(spec: RewardSpec) -> dict[str, Any]:
    return asdict(spec)


def add_reward(db: Database, spec: RewardSpec) -> Reward:
    """Add a reward to the catalogue; Conflict if the id is taken."""
    spec = validate_spec(spec)
    now = utcnow()
    try:
        with db.write() as conn:
            conn.execute(
                insert(shop).values(**_values(spec), reserved=0, created_at=now, updated_at=now)
            )
            return fetch_reward(conn, spec.reward_id)
    except IntegrityError as exc:
        raise Conflict(f"reward {spec.reward_id!r} already exists") from exc


def _pending(conn: Connection, reward_id: str) -> int:
    return int(
        conn.execute(
            select(func.count())
            .select_from(redemptions)
            .where(redemptions.c.reward_id == reward_id, redemptions.c.status == "pending")
        ).scalar_one()
    )


def edit_reward(db: Database, reward_id: str, changes: RewardChanges) -> Reward:
    """Change a reward; pending redemptions keep the price they were reserved at."""
    with db.write() as conn:
        current = fetch_reward(conn, reward_id, lock=True)
        spec = apply_changes(to_spec(current), changes)
        if spec.reward_id != reward_id:
            raise InvalidInput("reward_id cannot be changed")
        if spec.stock is not None and spec.stock < current.reserved:
            raise InvalidInput(
                f"stock {spec.stock} is below the {current.reserved} units reserved by pending "
                "redemptions"
            )
        if (spec.stock is None) != (current.stock is None) and _pending(conn, reward_id):
            raise InvalidInput(
                "cannot switch between limited and unlimited stock while redemptions are pending"
            )
        conn.execute(
            update(shop)
            .where(shop.c.reward_id == reward_id)
            .values(**_values(spec), updated_at=utcnow())
        )
        return fetch_reward(conn, reward_id)


def deactivate_reward(db: Database, reward_id: str) -> Reward:
    """Take a reward off sale (pending redemptions of it can still be fulfilled or cancelled)."""
    with db.write() as conn:
        fetch_reward(conn, reward_id, lock=True)
        conn.execute(
            update(shop)
            .where(shop.c.reward_id == reward_id)
            .values(active=False, updated_at=utcnow())
        )
        return fetch_reward(conn, reward_id)


def seed_default_catalogue(db: Database) -> list[Reward]:
    """Insert the default rewards that are missing (existing ones are left untouched)."""
    now = utcnow()
    rows = [
        {**_values(validate_spec(s)), "reserved": 0, "created_at": now, "updated_at": now}
        for s in DEFAULT_CATALOGUE
    ]
    with db.write() as conn:
        conn.execute(insert_ignoring_duplicates(db, shop), rows)
        ids = [s.reward_id for s in DEFAULT_CATALOGUE]
        found = conn.execute(select(shop).where(shop.c.reward_id.in_(ids)))
        return sorted((to_reward(r) for r in found), key=lambda r: (r.amount, r.reward_id))
