"""Paid-views marks: per video, the most views a ``value`` run has paid for, and for how much.

A mark (``ledger_view_marks``) moves only in the transaction that credits (or holds) the views
it covers, beside the accruals, under the creator's account lock. Scoring reads the marks
(``read_marks``) to compute each video's ``views_paid_before``; crediting refuses a run scored
against a mark that has moved since. ``check_marks`` is the part of ``verify`` that recomputes
the marks from the accruals.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Select, and_, bindparam, func, insert, select, update

from hackoclock.db.engine import Database
from hackoclock.db.tables_ledger import ledger_accruals, ledger_view_marks
from hackoclock.db.tables_scoring import RUN_FINISHED, scoring_runs, video_scores
from hackoclock.ledger.clock import utcnow
from hackoclock.ledger.rules import VALUE_METHOD, VIEWS_REMOVED, MarkChange

LOOKUP_SLICE = 1_000  # video ids per IN (...) lookup (SQLite's bound-parameter limit)
# accrual states whose amount counts as paid (net of clawbacks) for a video's views
PAID_STATES = ("posted", "released", "adjusted", "unchanged")

m = ledger_view_marks


@dataclass(frozen=True)
class Mark:
    video_id: str
    creator_id: str
    paid_views: int
    paid_points: int
    run_id: int


def paid_views_query() -> Select[Any]:
    """``SELECT video_id, paid_views FROM ledger_view_marks``: to join in SQL (scoring)."""
    return select(m.c.video_id, m.c.paid_views)


def read_marks(conn: Connection, video_ids: Iterable[str] | None = None) -> dict[str, int]:
    """Paid views per video (videos without a mark are absent: their mark is 0).

    ``video_ids=None`` reads every mark; otherwise only those videos' (looked up a slice at a
    time). Use it inside the transaction that needs the figures.
    """
    if video_ids is None:
        return {r.video_id: int(r.paid_views) for r in conn.execute(paid_views_query())}
    ids = list(dict.fromkeys(video_ids))
    out: dict[str, int] = {}
    for lo in range(0, len(ids), LOOKUP_SLICE):
        part = ids[lo : lo + LOOKUP_SLICE]
        query = paid_views_query().where(m.c.video_id.in_(part))
        out.update({r.video_id: int(r.paid_views) for r in conn.execute(query)})
    return out


def marks_of(db: Database, video_ids: Iterable[str] | None = None) -> dict[str, Mark]:
    """The full marks (views, points, last run) of the videos, or of all videos."""
    query = select(m)
    ids = None if video_ids is None else list(video_ids)
    if ids is not None:
        query = query.where(m.c.video_id.in_(ids))
    with db.read() as conn:
        return {
            r.video_id: Mark(
                r.video_id, r.creator_id, int(r.paid_views), int(r.paid_points), int(r.run_id)
            )
            for r in conn.execute(query)
        }


def lock_marks(conn: Connection, video_ids: Sequence[str], *, lock: bool) -> dict[str, Mark]:
    """The marks of the videos, locked (``FOR UPDATE``) when ``lock`` (crediting)."""
    out: dict[str, Mark] = {}
    for lo in range(0, len(video_ids), LOOKUP_SLICE):
        query = select(m).where(m.c.video_id.in_(list(video_ids[lo : lo + LOOKUP_SLICE])))
        if lock:
            query = query.order_by(m.c.video_id).with_for_update()
        for r in conn.execute(query):
            out[r.video_id] = Mark(
                r.video_id, r.creator_id, int(r.paid_views), int(r.paid_points), int(r.run_id)
            )
    return out


def pending_value_holds(conn: Connection, video_ids: Sequence[str]) -> set[str]:
    """Which of the videos have points of a value run held, waiting for an operator."""
    a, r = ledger_accruals, scoring_runs
    found: set[str] = set()
    for lo in range(0, len(video_ids), LOOKUP_SLICE):
        query = (
            select(a.c.video_id)
            .join(r, r.c.id == a.c.run_id)
            .where(
                a.c.video_id.in_(list(video_ids[lo : lo + LOOKUP_SLICE])),
                a.c.state == "held",
                r.c.method == VALUE_METHOD,
            )
        )
        found.update(conn.execute(query).scalars())
    return found


_MOVE = (
    update(m)
    .where(m.c.video_id == bindparam("b_video"))
    .values(
        paid_views=bindparam("b_views"),
        paid_points=m.c.paid_points + bindparam("b_points"),
        run_id=bindparam("b_run"),
        updated_at=bindparam("b_now"),
    )
)


def apply_marks(
    conn: Connection, run_id: int, changes: Sequence[MarkChange], existing: set[str]
) -> None:
    """Write the plan's mark changes (insert new marks, move existing ones) in the caller's
    transaction, beside the accruals."""
    if not changes:
        return
    now = utcnow()
    new = [c for c in changes if c.video_id not in existing]
    moved = [c for c in changes if c.video_id in existing]
    if new:
        conn.execute(
            insert(m),
            [
                {
                    "video_id": c.video_id,
                    "creator_id": c.creator_id,
                    "paid_views": c.paid_views,
                    "paid_points": c.points_delta,
                    "run_id": run_id,
                    "updated_at": now,
                }
                for c in new
            ],
        )
    if moved:
        conn.execute(
            _MOVE,
            [
                {
                    "b_video": c.video_id,
                    "b_views": c.paid_views,
                    "b_points": c.points_delta,
                    "b_run": run_id,
                    "b_now": now,
                }
                for c in moved
            ],
        )


def add_released(conn: Connection, run_id: int, video_id: str, amount: int) -> None:
    """A released hold of a value run: its points now count as paid for the marked views."""
    method = conn.execute(
        select(scoring_runs.c.method).where(scoring_runs.c.id == run_id)
    ).scalar_one()
    if method != VALUE_METHOD:
        return
    res = conn.execute(
        update(m)
        .where(m.c.video_id == video_id)
        .values(paid_points=m.c.paid_points + amount, updated_at=utcnow())
    )
    if res.rowcount != 1:
        raise RuntimeError(f"video {video_id} has a held value accrual but no paid-views mark")


def _value_videos() -> Select[Any]:
    """The videos that have accruals of value runs (in any state)."""
    a, r = ledger_accruals, scoring_runs
    return (
        select(a.c.video_id)
        .join(r, r.c.id == a.c.run_id)
        .where(r.c.method == VALUE_METHOD)
        .group_by(a.c.video_id)
    )


def check_marks(conn: Connection, add: Any) -> int:
    """Every mark against the accruals and runs it comes from; ``add(problem)`` for each
    mismatch. Returns the number of marks checked.

    - ``paid_points`` = the sum of the video's value accruals that paid (posted, released,
      adjusted), i.e. net of clawbacks;
    - ``paid_views`` = ``views_total`` of the run that last moved the mark, for that video;
    - a video with value accruals has a mark.
    """
    a, r = ledger_accruals, scoring_runs
    paid = (
        select(a.c.video_id, func.sum(a.c.amount).label("paid"))
        .join(r, r.c.id == a.c.run_id)
        .where(r.c.method == VALUE_METHOD, a.c.state.in_(PAID_STATES))
        .group_by(a.c.video_id)
        .subquery()
    )
    vs = video_scores
    query = (
        select(m, paid.c.paid, vs.c.views_total)
        .outerjoin(paid, paid.c.video_id == m.c.video_id)
        .outerjoin(vs, and_(vs.c.run_id == m.c.run_id, vs.c.video_id == m.c.video_id))
        .order_by(m.c.video_id)
    )
    count = 0
    for row in conn.execute(query.execution_options(yield_per=10_000)):
        count += 1
        want = int(row.paid or 0)
        if int(row.paid_points) != want:
            add(
                f"mark {row.video_id}: paid points {row.paid_points} but its value accruals "
                f"net to {want}"
            )
        if row.views_total is None:
            add(f"mark {row.video_id}: run {row.run_id} that last moved it did not score it")
        elif int(row.views_total) != int(row.paid_views):
            add(
                f"mark {row.video_id}: paid views {row.paid_views} but run {row.run_id} "
                f"counted {row.views_total}"
            )
    sums = _value_videos().subquery()
    orphans = (
        select(sums.c.video_id)
        .outerjoin(m, m.c.video_id == sums.c.video_id)
        .where(m.c.video_id.is_(None))
        .order_by(sums.c.video_id)
    )
    for video_id in conn.execute(orphans).scalars():
        add(f"video {video_id} has value accruals but no paid-views mark")
    return count


HELD_STATES = ("held", "released", "voided", "superseded")


def _value_accrual_problem(row: Any) -> str | None:
    """Why a value run's accrual is not what crediting that run would have written, or None."""
    run = row.run_id
    if row.status != RUN_FINISHED:
        return f"scoring run {run} is {row.status!r}, which is never credited"
    if row.run_start != row.period_start or row.run_end != row.period_end:
        return f"its period is not scoring run {run}'s"
    if row.scored is None:
        return f"scoring run {run} did not score this video"
    if row.scored_creator != row.creator_id:
        return f"scoring run {run} scored the video for creator {row.scored_creator!r}"
    points, amount = int(row.points), int(row.amount)
    if row.note == VIEWS_REMOVED:
        dropped = row.views_total is not None and row.views_paid_before is not None
        if not dropped or int(row.views_total) >= int(row.views_paid_before):
            return f"scoring run {run} removed no views of the video"
        if points != 0 or amount > 0 or row.state not in ("adjusted", "unchanged"):
            return f"a clawback for removed views records {points} points and posts {amount}"
        return None
    if not row.eligible or not row.paid_views:
        return f"scoring run {run} paid no views of the video"
    if points != int(row.run_points) or amount != points:
        return (
            f"it records {points} points, posts {amount}; scoring run {run} says {row.run_points}"
        )
    want = ("unchanged",) if points == 0 else HELD_STATES if row.held else ("posted",)
    if row.state not in want:
        return f"its state {row.state!r} does not match the run (expected {' or '.join(want)})"
    return None


def check_value_accruals(conn: Connection) -> Iterator[str]:
    """``verify``'s checks of value runs: each value accrual against its run, then the marks
    against the accruals (``check_marks``). One problem line each."""
    a, r, s = ledger_accruals, scoring_runs, video_scores
    query = (
        select(
            a,
            r.c.status,
            r.c.period_start.label("run_start"),
            r.c.period_end.label("run_end"),
            s.c.video_id.label("scored"),
            s.c.creator_id.label("scored_creator"),
            s.c.points.label("run_points"),
            s.c.eligible,
            s.c.held,
            s.c.views_total,
            s.c.views_paid_before,
            s.c.paid_views,
        )
        .join(r, r.c.id == a.c.run_id)
        .outerjoin(s, and_(s.c.run_id == a.c.run_id, s.c.video_id == a.c.video_id))
        .where(r.c.method == VALUE_METHOD)
        .order_by(a.c.run_id, a.c.video_id)
    )
    for row in conn.execute(query.execution_options(yield_per=10_000)):
        why = _value_accrual_problem(row)
        if why is not None:
            yield f"accrual {row.run_id}/{row.video_id} ({row.state}) is unexplained: {why}"
    found: list[str] = []
    check_marks(conn, found.append)
    yield from found


__all__ = [
    "Mark",
    "add_released",
    "apply_marks",
    "check_marks",
    "check_value_accruals",
    "lock_marks",
    "marks_of",
    "paid_views_query",
    "pending_value_holds",
    "read_marks",
]
