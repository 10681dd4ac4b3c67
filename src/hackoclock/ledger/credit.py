"""Crediting a scoring run: resumable chunks, each one transaction, idempotent per (run, video).

Each chunk takes the run's next videos that have no accrual yet, locks their creators' account
rows (in code order), plans the postings with ``rules.plan_credit`` and writes accruals,
transfers, cached balances and ``creators.total_points`` in the same transaction. A crash loses
at most the chunk in flight (rolled back); calling ``credit_run`` again continues where it
stopped. On PostgreSQL a transaction-scoped advisory lock per scoring period serialises chunks
of runs over the same period, so two runs can never both pay the same difference.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, func, insert, select, text, update

from hackoclock.db.engine import Database
from hackoclock.db.tables_ledger import ledger_accruals
from hackoclock.db.tables_scoring import RUN_FINISHED, scoring_runs, video_scores
from hackoclock.errors import NotFound
from hackoclock.ledger.accounts import (
    creator_account,
    ensure_creator_accounts,
    ensure_system_accounts,
    lock_creator_accounts,
)
from hackoclock.ledger.clock import utcnow
from hackoclock.ledger.errors import RunNotCreditable
from hackoclock.ledger.models import AccrualState, CreditReport
from hackoclock.ledger.rules import CreditPlan, PriorHeld, VideoInput, plan_credit
from hackoclock.ledger.transfers import post

Progress = Callable[[int, int], None]
DEFAULT_CHUNK = 500
LOOKUP_SLICE = 1_000  # video ids per IN (...) lookup
SETTLED_STATES = ("posted", "released", "adjusted", "unchanged")


def _period_lock_key(start: Any, end: Any) -> int:
    digest = hashlib.sha256(f"hackoclock-ledger:{start}:{end}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def _load_run(db: Database, run_id: int) -> tuple[Any, int]:
    with db.read() as conn:
        run = conn.execute(select(scoring_runs).where(scoring_runs.c.id == run_id)).first()
        if run is None:
            raise NotFound(f"scoring run {run_id} not found")
        if run.status != RUN_FINISHED:
            raise RunNotCreditable(
                f"scoring run {run_id} is {run.status!r}, not {RUN_FINISHED!r}: "
                "only a completed run can be credited"
            )
        total = conn.execute(
            select(func.count()).select_from(video_scores).where(video_scores.c.run_id == run_id)
        ).scalar_one()
    return run, int(total)


def _next_videos(conn: Connection, run_id: int, after: str, limit: int) -> tuple[list[Any], str]:
    """The run's next videos (by id, after ``after``) that have no accrual yet, at most
    ``limit``, and the last video id looked at (where the next call starts).

    Two range reads on primary keys (a page of the run's scores, then which of those already
    have an accrual), never one anti-join: without fresh statistics PostgreSQL planned that as
    a hash anti-join over every accrual of the run, once a chunk, so crediting took time
    quadratic in the run's size. A page whose videos all have accruals already (a run being
    credited again, or resumed after a crash) is skipped and the next one read.
    """
    scores = video_scores.c
    while True:
        page = conn.execute(
            select(scores.video_id, scores.creator_id, scores.points, scores.eligible, scores.held)
            .where(scores.run_id == run_id, scores.video_id > after)
            .order_by(scores.video_id)
            .limit(limit)
        ).all()
        if not page:
            return [], after
        after = page[-1].video_id
        done = _credited(conn, run_id, [r.video_id for r in page])
        rows = [r for r in page if r.video_id not in done]
        if rows:
            return rows, after


def _credited(conn: Connection, run_id: int, video_ids: list[str]) -> set[str]:
    """Which of ``video_ids`` have an accrual of the run (looked up a slice at a time, within
    SQLite's limit on bound parameters)."""
    found: set[str] = set()
    for lo in range(0, len(video_ids), LOOKUP_SLICE):
        ids = video_ids[lo : lo + LOOKUP_SLICE]
        found.update(
            conn.execute(
                select(ledger_accruals.c.video_id).where(
                    ledger_accruals.c.run_id == run_id, ledger_accruals.c.video_id.in_(ids)
                )
            ).scalars()
        )
    return found


def _inputs(conn: Connection, run: Any, rows: list[Any]) -> list[VideoInput]:
    ids = [r.video_id for r in rows]
    prior = conn.execute(
        select(
            ledger_accruals.c.video_id,
            ledger_accruals.c.run_id,
            ledger_accruals.c.amount,
            ledger_accruals.c.state,
        ).where(
            ledger_accruals.c.video_id.in_(ids),
            ledger_accruals.c.period_start == run.period_start,
            ledger_accruals.c.period_end == run.period_end,
            ledger_accruals.c.run_id != run.id,
        )
    ).all()
    settled: dict[str, int] = {}
    held: dict[str, list[PriorHeld]] = {}
    voided: set[str] = set()
    for p in prior:
        if p.state == "voided":
            voided.add(p.video_id)
        if p.state in SETTLED_STATES:
            settled[p.video_id] = settled.get(p.video_id, 0) + int(p.amount)
        elif p.state == "held":
            held.setdefault(p.video_id, []).append(PriorHeld(int(p.run_id), int(p.amount)))
    return [
        VideoInput(
            video_id=r.video_id,
            creator_id=r.creator_id,
            points=int(r.points),
            eligible=bool(r.eligible),
            held=bool(r.held),
            settled=settled.get(r.video_id, 0),
            prior_held=tuple(held.get(r.video_id, ())),
            voided=r.video_id in voided,
        )
        for r in rows
    ]


def _apply(conn: Connection, run: Any, plan: CreditPlan) -> None:
    now = utcnow()
    for prior_run, video_id in plan.superseded:
        res = conn.execute(
            update(ledger_accruals)
            .where(
                ledger_accruals.c.run_id == prior_run,
                ledger_accruals.c.video_id == video_id,
                ledger_accruals.c.state == AccrualState.HELD,
            )
            .values(state=AccrualState.SUPERSEDED, resolved_at=now, resolved_by=f"run:{run.id}")
        )
        if res.rowcount != 1:
            raise RuntimeError(f"held accrual {prior_run}/{video_id} changed during crediting")
    if plan.accruals:
        conn.execute(
            insert(ledger_accruals),
            [
                {
                    "run_id": run.id,
                    "video_id": a.video_id,
                    "creator_id": a.creator_id,
                    "period_start": run.period_start,
                    "period_end": run.period_end,
                    "points": a.points,
                    "amount": a.amount,
                    "clawed": a.clawed,
                    "debt_added": a.debt_added,
                    "state": a.state,
                    "created_at": now,
                }
                for a in plan.accruals
            ],
        )
    # transfers, balances, debt and lifetime points through the ledger's one door
    debt_added: dict[str, int] = {}
    for a in plan.accruals:
        if a.debt_added:
            code = creator_account(a.creator_id)
            debt_added[code] = debt_added.get(code, 0) + a.debt_added
    post(conn, plan.postings, debt_added=debt_added, now=now)


def _sum(plan: CreditPlan, kind: str) -> int:
    return sum(p.amount for p in plan.postings if p.kind == kind)


def credit_run(
    db: Database, run_id: int, *, progress: Progress | None = None, chunk_size: int = DEFAULT_CHUNK
) -> CreditReport:
    """Credit a finished scoring run's points; safe to call again (posts only what is missing)."""
    run, total = _load_run(db, run_id)
    totals = {"accruals": 0, "accrual": 0, "hold": 0, "clawback": 0, "debt": 0, "sup": 0}
    after, seen, chunks = "", 0, 0
    while True:
        with db.write() as conn:
            ensure_system_accounts(db, conn)
            if db.is_postgres:
                key = _period_lock_key(run.period_start, run.period_end)
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": key})
                # The chunk's statements repeat with new values, so psycopg prepares them and
                # PostgreSQL may keep a generic plan made while the tables were small: the
                # accrual lookup then scanned every accrual of the run each chunk (30,000
                # videos: 26 s of 42). Plan each execution for its values.
                conn.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))
            rows, after = _next_videos(conn, run.id, after, chunk_size)
            if not rows:
                break
            creator_ids = sorted({r.creator_id for r in rows})
            ensure_creator_accounts(db, conn, creator_ids)
            accounts = lock_creator_accounts(conn, creator_ids)
            plan = plan_credit(run.id, _inputs(conn, run, rows), accounts)
            _apply(conn, run, plan)
        chunks += 1
        seen += len(rows)
        totals["accruals"] += len(plan.accruals)
        totals["accrual"] += _sum(plan, "accrual") - _sum(plan, "settle")
        totals["hold"] += _sum(plan, "hold")
        totals["clawback"] += _sum(plan, "clawback") + _sum(plan, "settle")
        totals["debt"] += sum(a.debt_added for a in plan.accruals)
        totals["sup"] += len(plan.superseded)
        if progress is not None:
            progress(min(seen, total), total)
    return CreditReport(
        run_id=run.id,
        videos_in_run=total,
        accruals_written=totals["accruals"],
        points_to_creators=totals["accrual"],
        points_held=totals["hold"],
        points_clawed_back=totals["clawback"],
        debt_added=totals["debt"],
        superseded=totals["sup"],
        chunks=chunks,
    )


__all__ = ["DEFAULT_CHUNK", "credit_run"]
