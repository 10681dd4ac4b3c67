"""``verify``'s check of the accruals against the scoring runs that must explain them.

The transfers prove that an accrual's points moved; only the run proves the video earned them.
An accrual is explained when:

- its run exists, is ``finished`` (the only status ``credit_run`` credits) and has the
  accrual's period;
- the run scored the video, for the accrual's creator;
- ``points`` is what the run says the video earned: its points if eligible, else 0; after an
  operator voided the video's held points in that period (a void stands), at most what was
  already settled;
- ``amount`` is ``points`` minus what earlier accruals of the same video and period settled
  (posted, released, adjusted or unchanged), in the order they were credited;
- its state agrees with the run: ``posted`` only for a video the run did not hold, ``held``
  (and what a hold becomes: released, voided, superseded) only for one it held; a positive
  amount for those, a negative one for ``adjusted``, zero for ``unchanged``.

So a forged accrual (invented on a run that never credited it, with points the run never gave,
or paying a second time what an earlier run of the period already paid) is reported, however
consistent its transfers and checksums are. The check is one set-based query: the "settled
before" figure is a window sum over each (video, period) in crediting order, and only the rows
that break a rule come back to Python, so the cost follows the ledger's size in the database,
not a round trip per accrual.

Extension point: :data:`RUN_CHECKS` lists every check of what credited runs leave behind. A
check is ``(conn) -> problem lines``, one set-based query. The paid-views marks of the
``value`` method (the most views already paid per video) belong there as a further check, next
to this one; nothing in this module needs to change for it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from sqlalchemy import Connection, and_, case, func, not_, or_, select

from hackoclock.db.tables_ledger import ledger_accruals
from hackoclock.db.tables_scoring import RUN_FINISHED, scoring_runs, video_scores
from hackoclock.ledger.marks import check_value_accruals
from hackoclock.ledger.rules import REPLACES, VALUE_METHOD

RunCheck = Callable[[Connection], Iterable[str]]

# accrual states that settle a video's points for later runs of the period (as ledger/credit.py)
SETTLED_STATES = ("posted", "released", "adjusted", "unchanged")
# states of an accrual whose run held the video (a hold and what it can become)
HELD_STATES = ("held", "released", "voided", "superseded")
CREDITABLE_STATUSES = (RUN_FINISHED,)


def _history() -> Any:
    """Each accrual with what earlier accruals of its video and period settled, and whether
    one of them was voided (window functions, in crediting order)."""
    a = ledger_accruals
    partition = (a.c.video_id, a.c.period_start, a.c.period_end)
    order = (a.c.created_at, a.c.run_id)
    before: tuple[None, int] = (None, -1)  # ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING
    settled = func.sum(case((a.c.state.in_(SETTLED_STATES), a.c.amount), else_=0)).over(
        partition_by=partition, order_by=order, rows=before
    )
    voided = func.max(case((a.c.state == "voided", 1), else_=0)).over(
        partition_by=partition, order_by=order, rows=before
    )
    value_runs = select(scoring_runs.c.id).where(scoring_runs.c.method == VALUE_METHOD)
    return (
        select(
            a.c.run_id,
            a.c.video_id,
            a.c.creator_id,
            a.c.period_start,
            a.c.period_end,
            a.c.points,
            a.c.amount,
            a.c.state,
            a.c.note,
            func.coalesce(settled, 0).label("settled_before"),
            func.coalesce(voided, 0).label("voided_before"),
        )
        # value runs pay views above the marks, not per period: check_value_accruals
        .where(a.c.run_id.not_in(value_runs))
        .subquery("history")
    )


def _unexplained_query() -> Any:
    h, r, s = _history(), scoring_runs, video_scores
    # a replacement claws back, to 0, what the period paid for videos its run did not score
    replaced = and_(s.c.video_id.is_(None), h.c.note.like(f"{REPLACES}%"))
    earned = case((replaced, 0), (s.c.eligible, s.c.points), else_=0)
    entitled = case(
        (and_(h.c.voided_before == 1, h.c.settled_before < earned), h.c.settled_before),
        else_=earned,
    )
    known = h.c.state.in_((*SETTLED_STATES, *HELD_STATES))
    bad_state = and_(
        known,
        or_(
            and_(h.c.state == "posted", or_(s.c.held, h.c.amount <= 0)),
            and_(h.c.state.in_(HELD_STATES), or_(not_(s.c.held), h.c.amount <= 0)),
            and_(h.c.state == "adjusted", h.c.amount >= 0),
            and_(h.c.state == "unchanged", h.c.amount != 0),
        ),
    )
    columns = (
        h.c.run_id,
        h.c.video_id,
        h.c.creator_id,
        h.c.points,
        h.c.amount,
        h.c.state,
        h.c.settled_before,
        r.c.id.label("run_found"),
        r.c.status.label("run_status"),
        and_(r.c.period_start == h.c.period_start, r.c.period_end == h.c.period_end).label(
            "same_period"
        ),
        s.c.video_id.label("scored"),
        replaced.label("replaced"),
        s.c.creator_id.label("scored_creator"),
        entitled.label("entitled"),
        bad_state.label("bad_state"),
    )
    return (
        select(*columns)
        .select_from(
            h.outerjoin(r, r.c.id == h.c.run_id).outerjoin(
                s, and_(s.c.run_id == h.c.run_id, s.c.video_id == h.c.video_id)
            )
        )
        .where(
            or_(
                r.c.id.is_(None),
                r.c.status.not_in(CREDITABLE_STATUSES),
                r.c.period_start != h.c.period_start,
                r.c.period_end != h.c.period_end,
                and_(s.c.video_id.is_(None), not_(replaced)),
                s.c.creator_id != h.c.creator_id,
                h.c.points != entitled,
                h.c.amount != h.c.points - h.c.settled_before,
                bad_state,
            )
        )
        .order_by(h.c.run_id, h.c.video_id)
    )


def _reason(row: Any) -> str:
    """Why the run does not explain this accrual (the first rule it breaks)."""
    run = row.run_id
    if row.run_found is None:
        return f"scoring run {run} does not exist"
    if row.run_status not in CREDITABLE_STATUSES:
        return f"scoring run {run} is {row.run_status!r}, which is never credited"
    if not row.same_period:
        return f"its period is not scoring run {run}'s"
    if row.scored is None and not row.replaced:
        return f"scoring run {run} did not score this video"
    if row.scored is not None and row.scored_creator != row.creator_id:
        return f"scoring run {run} scored the video for creator {row.scored_creator!r}"
    if int(row.points) != int(row.entitled):
        return f"it records {row.points} points but scoring run {run} says {row.entitled}"
    due = int(row.points) - int(row.settled_before)
    if int(row.amount) != due:
        return (
            f"it posts {row.amount} but the run's {row.points} points less the "
            f"{row.settled_before} already settled for the period give {due}"
        )
    return f"its state {row.state!r} and amount {row.amount} do not match the run"


def check_accruals_against_runs(conn: Connection) -> Iterator[str]:
    """One line per accrual that no scoring run explains (one query; see the module doc)."""
    for row in conn.execute(_unexplained_query()):
        yield f"accrual {row.run_id}/{row.video_id} ({row.state}) is unexplained: {_reason(row)}"


# Every check of what credited runs leave behind (each a ``RunCheck``: set-based queries
# yielding problem lines): per-upload accruals against their runs; value accruals against
# theirs and the paid-views marks against the accruals (ledger/marks.py).
RUN_CHECKS: tuple[RunCheck, ...] = (check_accruals_against_runs, check_value_accruals)
