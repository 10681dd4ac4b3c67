"""Held points: list them, release them to the creator, or void them back to the platform."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select, update

from hackoclock.db.engine import Database
from hackoclock.db.tables_ledger import ledger_accruals
from hackoclock.db.tables_scoring import video_scores
from hackoclock.errors import InvalidInput, InvalidTransition, NotFound
from hackoclock.ledger.accounts import (
    HELD,
    ISSUANCE,
    creator_account,
    ensure_system_accounts,
    lock_creator_accounts,
)
from hackoclock.ledger.clock import as_utc, utcnow
from hackoclock.ledger.marks import add_released
from hackoclock.ledger.models import AccrualState, HeldItem, HeldResolution
from hackoclock.ledger.queries import check_page
from hackoclock.ledger.rules import accrual_ref, settle_on_release
from hackoclock.ledger.transfers import Posting, post

a = ledger_accruals


def list_held(db: Database, *, limit: int = 50, offset: int = 0) -> list[HeldItem]:
    """Accruals waiting for an operator, oldest first."""
    check_page(limit, offset)
    stmt = (
        select(a, video_scores.c.flags)
        .join(
            video_scores,
            (video_scores.c.run_id == a.c.run_id) & (video_scores.c.video_id == a.c.video_id),
        )
        .where(a.c.state == AccrualState.HELD)
        .order_by(a.c.created_at, a.c.run_id, a.c.video_id)
        .limit(limit)
        .offset(offset)
    )
    with db.read() as conn:
        rows = conn.execute(stmt).all()
    return [
        HeldItem(
            run_id=int(r.run_id),
            video_id=r.video_id,
            creator_id=r.creator_id,
            amount=int(r.amount),
            period_start=as_utc(r.period_start),
            period_end=as_utc(r.period_end),
            flags=r.flags,
            created_at=as_utc(r.created_at),
        )
        for r in rows
    ]


def _check_operator(operator: str) -> str:
    operator = operator.strip()
    if not operator:
        raise InvalidInput("an operator name is required")
    return operator


def _find(db: Database, run_id: int, video_id: str) -> Any:
    with db.read() as conn:
        row = conn.execute(select(a).where(a.c.run_id == run_id, a.c.video_id == video_id)).first()
    if row is None:
        raise NotFound(f"no accrual for run {run_id}, video {video_id!r}")
    return row


def _lock_held(conn: Connection, run_id: int, video_id: str) -> Any:
    row = conn.execute(
        select(a).where(a.c.run_id == run_id, a.c.video_id == video_id).with_for_update()
    ).first()
    if row is None or row.state != AccrualState.HELD:
        state = "missing" if row is None else row.state
        raise InvalidTransition(f"accrual {run_id}/{video_id} is {state}, not held")
    return row


def _resolve(conn: Connection, row: Any, state: str, operator: str, reason: str | None) -> None:
    conn.execute(
        update(a)
        .where(a.c.run_id == row.run_id, a.c.video_id == row.video_id)
        .values(state=state, resolved_at=utcnow(), resolved_by=operator, resolution_reason=reason)
    )


def release_held(db: Database, run_id: int, video_id: str, *, operator: str) -> HeldResolution:
    """Move a held accrual's points to its creator (settling any debt first)."""
    operator = _check_operator(operator)
    found = _find(db, run_id, video_id)
    with db.write() as conn:
        ensure_system_accounts(db, conn)
        accounts = lock_creator_accounts(conn, [found.creator_id])
        row = _lock_held(conn, run_id, video_id)
        amount = int(row.amount)
        _balance, debt = accounts[row.creator_id]
        settle = settle_on_release(amount, debt)
        acct = creator_account(row.creator_id)
        ref = accrual_ref(run_id, video_id)
        postings = [Posting(HELD, acct, amount, "release", ref)]
        if settle:
            postings.append(Posting(acct, ISSUANCE, settle, "settle", ref))
        post(conn, postings)
        _resolve(conn, row, AccrualState.RELEASED, operator, None)
        add_released(conn, run_id, video_id, amount)
    return HeldResolution(
        run_id, video_id, row.creator_id, amount, AccrualState.RELEASED, settle, operator
    )


def void_held(
    db: Database, run_id: int, video_id: str, *, operator: str, reason: str
) -> HeldResolution:
    """Return a held accrual's points to the platform; the creator never receives them."""
    operator = _check_operator(operator)
    if not reason.strip():
        raise InvalidInput("a reason is required to void held points")
    found = _find(db, run_id, video_id)
    with db.write() as conn:
        ensure_system_accounts(db, conn)
        lock_creator_accounts(conn, [found.creator_id])
        row = _lock_held(conn, run_id, video_id)
        amount = int(row.amount)
        post(conn, [Posting(HELD, ISSUANCE, amount, "void", accrual_ref(run_id, video_id))])
        _resolve(conn, row, AccrualState.VOIDED, operator, reason.strip())
    return HeldResolution(
        run_id, video_id, row.creator_id, amount, AccrualState.VOIDED, 0, operator
    )
