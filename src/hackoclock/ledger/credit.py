"""Crediting a scoring run: resumable chunks, each one transaction, idempotent per (run, video).

Before anything is posted the whole plan is computed, read-only (``preview_credit``): the
chunks the crediting will take, each planned from the balances the earlier ones leave. That
gives the per-creator changes, the refusals (a run that would pay something twice) and a token,
a hash of the planned postings and the state they came from. ``credit_run`` refuses a refused
plan, and with ``confirm=token`` posts only if the plan still gives that token.

Then each chunk takes the run's next videos that have no accrual yet, locks their creators'
account rows (in code order) and, for a value run, their paid-views marks, plans the postings
with ``rules.plan_credit`` / ``rules.plan_value`` and writes accruals, transfers, cached balances,
``creators.total_points`` and the marks in the same transaction. A crash loses at most the chunk
in flight (rolled back); calling ``credit_run`` again continues where it stopped. On PostgreSQL
a transaction-scoped advisory lock per scoring period serialises chunks of runs over the same
period, so two runs can never both pay the same difference.

One payout per period: a per-upload run (``fair``, ``seed``, ``rank``) whose period overlaps an
already credited run's period with other bounds is refused; so is any overlap between a value
run and a per-upload run (value pays views, the other uploads: together they would pay the same
views twice). A run of another method than one credited for the same period is a comparison:
refused unless the operator replaces (``replace=True`` with a reason): the period's payouts then
become this run's, videos the run does not score included (clawed back to 0).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, exists, func, insert, select, text, update

from hackoclock.db.engine import Database
from hackoclock.db.tables_ledger import ledger_accounts, ledger_accruals
from hackoclock.db.tables_scoring import RUN_FINISHED, scoring_runs, video_scores
from hackoclock.errors import InvalidInput, NotFound
from hackoclock.ledger import marks
from hackoclock.ledger.accounts import (
    creator_account,
    ensure_creator_accounts,
    ensure_system_accounts,
    lock_creator_accounts,
)
from hackoclock.ledger.clock import as_utc, utcnow
from hackoclock.ledger.errors import CreditRefused, PlanChanged, RunNotCreditable
from hackoclock.ledger.models import AccrualState, CreditChange, CreditPreview, CreditReport
from hackoclock.ledger.rules import (
    FIGURES_DISAGREE,
    FIGURES_MISSING,
    HELD_DROP,
    MARK_MOVED,
    REPLACES,
    VALUE_METHOD,
    CreditPlan,
    PriorHeld,
    ValueInput,
    VideoInput,
    plan_credit,
    plan_value,
    value_refusal,
)
from hackoclock.ledger.transfers import post

Progress = Callable[[int, int], None]
DEFAULT_CHUNK = 500
LOOKUP_SLICE = 1_000  # video ids per IN (...) lookup
SETTLED_STATES = ("posted", "released", "adjusted", "unchanged")
TOKEN_CHARS = 16
EXAMPLES = 3  # refused videos named in a refusal

_REFUSAL_TEXT = {
    MARK_MOVED: "another run moved their paid-views marks since this run was scored",
    FIGURES_MISSING: "the run has no paid-views figures (views_total, views_paid_before, "
    "paid_views) for them",
    FIGURES_DISAGREE: "the run's paid views disagree with its view totals",
    HELD_DROP: "views were removed while points of theirs are held: release or void the holds "
    "first",
}


@dataclass(frozen=True)
class _Ctx:
    """The run being credited and how."""

    run: Any
    replace: bool = False
    note: str | None = None

    @property
    def value(self) -> bool:
        return bool(self.run.method == VALUE_METHOD)


@dataclass(frozen=True)
class _Absent:
    """A video paid in the period by a replaced run that this run does not score: 0 points."""

    video_id: str
    creator_id: str
    points: int = 0
    eligible: bool = True
    held: bool = False


@dataclass
class _Cursor:
    """Where the chunks have got to: the run's own videos (phase 0), then, when replacing, the
    period's other paid videos (phase 1)."""

    phase: int = 0
    after: str = ""


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
            select(
                scores.video_id,
                scores.creator_id,
                scores.points,
                scores.eligible,
                scores.held,
                scores.views_total,
                scores.views_paid_before,
                scores.paid_views,
            )
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


def _next_absent(conn: Connection, run: Any, after: str, limit: int) -> tuple[list[Any], str]:
    """When replacing: the next videos (after ``after``) that other runs of the same period
    paid or hold, that this run does not score and has no accrual for yet."""
    a = ledger_accruals
    while True:
        page = conn.execute(
            select(a.c.video_id, func.min(a.c.creator_id).label("creator_id"))
            .where(
                a.c.period_start == run.period_start,
                a.c.period_end == run.period_end,
                a.c.run_id != run.id,
                a.c.video_id > after,
                a.c.state.in_((*SETTLED_STATES, "held")),
            )
            .group_by(a.c.video_id)
            .order_by(a.c.video_id)
            .limit(limit)
        ).all()
        if not page:
            return [], after
        after = page[-1].video_id
        ids = [r.video_id for r in page]
        skip = _credited(conn, run.id, ids) | _scored(conn, run.id, ids)
        rows = [_Absent(r.video_id, r.creator_id) for r in page if r.video_id not in skip]
        if rows:
            return rows, after


def _next_chunk(conn: Connection, ctx: _Ctx, cursor: _Cursor, limit: int) -> list[Any]:
    """The next chunk's rows (empty when the run is done); moves ``cursor`` on."""
    if cursor.phase == 0:
        rows, cursor.after = _next_videos(conn, ctx.run.id, cursor.after, limit)
        if rows or not ctx.replace:
            return rows
        cursor.phase, cursor.after = 1, ""
    rows, cursor.after = _next_absent(conn, ctx.run, cursor.after, limit)
    return rows


def _lookup(conn: Connection, table: Any, run_id: int, video_ids: list[str]) -> set[str]:
    found: set[str] = set()
    for lo in range(0, len(video_ids), LOOKUP_SLICE):
        ids = video_ids[lo : lo + LOOKUP_SLICE]
        found.update(
            conn.execute(
                select(table.c.video_id).where(table.c.run_id == run_id, table.c.video_id.in_(ids))
            ).scalars()
        )
    return found


def _credited(conn: Connection, run_id: int, video_ids: list[str]) -> set[str]:
    """Which of ``video_ids`` have an accrual of the run (looked up a slice at a time, within
    SQLite's limit on bound parameters)."""
    return _lookup(conn, ledger_accruals, run_id, video_ids)


def _scored(conn: Connection, run_id: int, video_ids: list[str]) -> set[str]:
    """Which of ``video_ids`` the run scored."""
    return _lookup(conn, video_scores, run_id, video_ids)


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


def _value_inputs(
    conn: Connection, rows: list[Any], *, lock: bool
) -> tuple[list[ValueInput], set[str]]:
    """A value run's videos with their paid-views marks (locked when crediting) and whether a
    value hold of theirs waits for an operator; also which videos have a mark already."""
    ids = [r.video_id for r in rows]
    standing = marks.lock_marks(conn, ids, lock=lock)
    holds = marks.pending_value_holds(conn, ids)
    items = []
    for r in rows:
        mark = standing.get(r.video_id)
        items.append(
            ValueInput(
                video_id=r.video_id,
                creator_id=r.creator_id,
                points=int(r.points),
                eligible=bool(r.eligible),
                held=bool(r.held),
                views_total=None if r.views_total is None else int(r.views_total),
                views_paid_before=(
                    None if r.views_paid_before is None else int(r.views_paid_before)
                ),
                paid_views=None if r.paid_views is None else int(r.paid_views),
                mark=0 if mark is None else mark.paid_views,
                paid_points=0 if mark is None else mark.paid_points,
                pending_hold=r.video_id in holds,
            )
        )
    return items, set(standing)


@dataclass
class _Chunk:
    """One chunk planned: its rows' inputs, the plan, and a digest of both."""

    plan: CreditPlan
    items: list[Any]
    existing_marks: set[str]
    refusals: dict[str, list[str]]  # refusal code -> the chunk's videos refused for it
    digest: str


def _plan_chunk(
    conn: Connection,
    ctx: _Ctx,
    rows: list[Any],
    accounts: dict[str, tuple[int, int]],
    *,
    lock: bool,
    digest: bool = True,
) -> _Chunk:
    """Plan one chunk from the state read in ``conn`` and the creators' (balance, debt);
    with ``digest``, also hash what it was planned from and what it plans."""
    refusals: dict[str, list[str]] = {}
    existing: set[str] = set()
    items: list[Any]
    if ctx.value:
        value_items, existing = _value_inputs(conn, rows, lock=lock)
        ok = []
        for item in value_items:
            code = value_refusal(item)
            if code is None:
                ok.append(item)
            else:
                refusals.setdefault(code, []).append(item.video_id)
        items = value_items
        plan = plan_value(ctx.run.id, ok, accounts)
    else:
        upload_items = _inputs(conn, ctx.run, rows)
        items = upload_items
        plan = plan_credit(ctx.run.id, upload_items, accounts, note=ctx.note)
    if not digest:
        return _Chunk(plan, items, existing, refusals, "")
    # the digest covers the state read and what is planned from it, not the notes (a reason)
    state = sorted((c, accounts.get(c, (0, 0))) for c in {r.creator_id for r in rows})
    accruals = [
        (a.video_id, a.points, a.amount, a.state, a.clawed, a.debt_added) for a in plan.accruals
    ]
    raw = repr(
        (
            ctx.run.id,
            ctx.replace,
            state,
            items,
            accruals,
            plan.postings,
            plan.superseded,
            plan.marks,
        )
    )
    return _Chunk(plan, items, existing, refusals, hashlib.sha256(raw.encode()).hexdigest())


def _overlapping_credits(conn: Connection, run: Any) -> list[Any]:
    """Other runs with accruals whose period overlaps the run's."""
    r, a = scoring_runs, ledger_accruals
    return list(
        conn.execute(
            select(r.c.id, r.c.method, r.c.period_start, r.c.period_end)
            .where(
                r.c.id != run.id,
                r.c.period_start < run.period_end,
                r.c.period_end > run.period_start,
                exists().where(a.c.run_id == r.c.id),
            )
            .order_by(r.c.id)
        )
    )


def _period(start: Any, end: Any) -> str:
    return f"{as_utc(start):%Y-%m-%d %H:%M}..{as_utc(end):%Y-%m-%d %H:%M}"


def _period_refusals(conn: Connection, ctx: _Ctx) -> list[str]:
    """Why the run's period cannot be credited beside what is credited already (none: it can)."""
    run = ctx.run
    out: list[str] = []
    same_bounds = 0
    for other in _overlapping_credits(conn, run):
        where = f"run {other.id} ({other.method}, {_period(other.period_start, other.period_end)})"
        same = as_utc(other.period_start) == as_utc(run.period_start) and as_utc(
            other.period_end
        ) == as_utc(run.period_end)
        if ctx.value and other.method == VALUE_METHOD:
            continue  # value runs pay only views above the marks: overlaps are fine
        if ctx.value or other.method == VALUE_METHOD:
            out.append(
                f"{where} was credited over an overlapping period; value pays views and "
                f"{'it' if ctx.value else 'this run'} pays uploads, so together they would pay "
                "the same views twice: credit value runs only over periods no per-upload run "
                "has paid"
            )
        elif not same:
            out.append(
                f"{where} was credited for a period that overlaps this run's "
                f"({_period(run.period_start, run.period_end)}): that would pay the overlap "
                "twice; credit runs over the same period (a re-score pays the difference) or "
                "over periods that do not overlap"
            )
        else:
            same_bounds += 1
            if other.method != run.method and not ctx.replace:
                out.append(
                    f"{where} was credited for this period and this run is {run.method!r}: a "
                    "comparison; crediting it replaces those payouts, so preview it with "
                    "replace and give a reason to do so"
                )
    if ctx.replace and ctx.value:
        out.append("replace applies to per-upload runs (fair, seed, rank), not to value runs")
    elif ctx.replace and same_bounds == 0:
        out.append("replace was asked for but no other run was credited for this period")
    return out


def _value_refusal_lines(
    run_id: int, counts: Counter[str], examples: dict[str, list[str]]
) -> list[str]:
    lines = []
    for code, n in sorted(counts.items()):
        shown = ", ".join(examples.get(code, [])[:EXAMPLES])
        more = ", ..." if n > EXAMPLES else ""
        lines.append(
            f"run {run_id}: {n} video(s) ({shown}{more}) refused: {_REFUSAL_TEXT[code]}"
            + ("" if code == HELD_DROP else "; score the period again")
        )
    return lines


_CHANGE_FIELDS = (
    "videos",
    "to_post",
    "already_paid",
    "clawed_back",
    "debt_added",
    "debt_settled",
    "held",
    "superseded",
)


@dataclass
class _Summary:
    """Adds chunks up into per-creator changes."""

    creators: dict[str, dict[str, int]] = field(default_factory=dict)
    accruals: int = 0

    def add(self, chunk: _Chunk) -> None:
        self.accruals += len(chunk.plan.accruals)
        for item in chunk.items:
            row = self._of(item.creator_id)
            row["videos"] += 1
            row["already_paid"] += (
                item.paid_points if isinstance(item, ValueInput) else item.settled
            )
            if isinstance(item, VideoInput):
                row["superseded"] += sum(p.amount for p in item.prior_held)
        for acc in chunk.plan.accruals:
            row = self._of(acc.creator_id)
            if acc.state == "posted":
                row["to_post"] += acc.amount
            elif acc.state == "held":
                row["held"] += acc.amount
            elif acc.amount < 0:
                row["clawed_back"] += -acc.amount
                row["debt_added"] += acc.debt_added
        for p in chunk.plan.postings:
            if p.kind == "settle":
                self._of(p.debit.removeprefix("creator:"))["debt_settled"] += p.amount

    def _of(self, creator_id: str) -> dict[str, int]:
        return self.creators.setdefault(creator_id, dict.fromkeys(_CHANGE_FIELDS, 0))

    def changes(self) -> tuple[list[CreditChange], CreditChange]:
        rows = [CreditChange(c, **v) for c, v in sorted(self.creators.items())]
        total = {k: sum(v[k] for v in self.creators.values()) for k in _CHANGE_FIELDS}
        return rows, CreditChange("total", **total)


@dataclass
class _Simulation:
    summary: _Summary
    refusals: list[str]
    digests: list[str]
    token: str | None


@contextmanager
def _snapshot(db: Database) -> Iterator[Connection]:
    """A read transaction on one consistent snapshot (REPEATABLE READ on PostgreSQL)."""
    with db.engine.connect() as raw:
        conn = raw.execution_options(isolation_level="REPEATABLE READ") if db.is_postgres else raw
        with conn.begin():
            yield conn


def _simulate(db: Database, ctx: _Ctx, chunk_size: int) -> _Simulation:
    """Plan every chunk the crediting would take, posting nothing; balances carried forward."""
    summary = _Summary()
    digests: list[str] = []
    counts: Counter[str] = Counter()
    examples: dict[str, list[str]] = {}
    accounts: dict[str, tuple[int, int]] = {}
    with _snapshot(db) as conn:
        refusals = _period_refusals(conn, ctx)
        cursor = _Cursor()
        while True:
            rows = _next_chunk(conn, ctx, cursor, chunk_size)
            if not rows:
                break
            mine = {r.creator_id for r in rows}
            accounts.update(_read_accounts(conn, sorted(mine - set(accounts))))
            # only the chunk's creators, as the posting chunk locks them (planning copies them)
            chunk = _plan_chunk(conn, ctx, rows, {c: accounts[c] for c in mine}, lock=False)
            for c, e in chunk.plan.effects.items():
                bal, owed = accounts.get(c, (0, 0))
                accounts[c] = (bal + e.balance, owed + e.debt)
            for code, ids in chunk.refusals.items():
                counts[code] += len(ids)
                named = examples.setdefault(code, [])
                named.extend(ids[: EXAMPLES - len(named)])
            summary.add(chunk)
            digests.append(chunk.digest)
    refusals += _value_refusal_lines(ctx.run.id, counts, examples)
    token = None
    if not refusals:
        seed = f"{ctx.run.id}:{ctx.replace}:" + ",".join(digests)
        token = hashlib.sha256(seed.encode()).hexdigest()[:TOKEN_CHARS]
    return _Simulation(summary, refusals, digests, token)


def _read_accounts(conn: Connection, creator_ids: list[str]) -> dict[str, tuple[int, int]]:
    out = dict.fromkeys(creator_ids, (0, 0))
    for lo in range(0, len(creator_ids), LOOKUP_SLICE):
        codes = [creator_account(c) for c in creator_ids[lo : lo + LOOKUP_SLICE]]
        for r in conn.execute(
            select(
                ledger_accounts.c.creator_id, ledger_accounts.c.balance, ledger_accounts.c.debt
            ).where(ledger_accounts.c.code.in_(codes))
        ):
            out[r.creator_id] = (int(r.balance), int(r.debt))
    return out


def _context(run: Any, replace: bool, reason: str | None) -> _Ctx:
    if not replace:
        return _Ctx(run)
    why = (reason or "").strip()
    if not why:
        raise InvalidInput("a reason is required to replace the payouts of a period")
    return _Ctx(run, True, f"{REPLACES}: {why}")


def preview_credit(
    db: Database,
    run_id: int,
    replace: bool = False,
    *,
    chunk_size: int = DEFAULT_CHUNK,
) -> CreditPreview:
    """What crediting the run would post, per creator, without posting anything (the refusals
    and the token to confirm it with included). The token does not depend on the reason."""
    run, _total = _load_run(db, run_id)
    ctx = _Ctx(run, replace, None)
    sim = _simulate(db, ctx, chunk_size)
    return _preview(ctx, sim)


def _preview(ctx: _Ctx, sim: _Simulation) -> CreditPreview:
    rows, total = sim.summary.changes()
    return CreditPreview(
        run_id=ctx.run.id,
        method=ctx.run.method,
        period_start=as_utc(ctx.run.period_start),
        period_end=as_utc(ctx.run.period_end),
        replace=ctx.replace,
        creators=rows,
        totals=total,
        accruals=sim.summary.accruals,
        refusals=sim.refusals,
        token=sim.token,
    )


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
                    "note": a.note,
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
    db: Database,
    run_id: int,
    *,
    confirm: str | None = None,
    replace: bool = False,
    reason: str | None = None,
    progress: Progress | None = None,
    chunk_size: int = DEFAULT_CHUNK,
) -> CreditReport:
    """Credit a finished scoring run's points; safe to call again (posts only what is missing).

    The plan is computed first (as ``preview_credit`` does): a refused plan raises
    ``CreditRefused`` before anything is posted. With ``confirm`` (a preview's token) it posts
    only if the plan still gives that token, chunk by chunk (else ``PlanChanged``: the chunks
    posted so far are exactly the previewed ones). ``replace`` (with a ``reason``) makes this
    run's points the period's payouts in place of other methods' credits.
    """
    run, total = _load_run(db, run_id)
    ctx = _context(run, replace, reason)
    sim = _simulate(db, ctx, chunk_size)
    if sim.refusals:
        raise CreditRefused(f"run {run_id} cannot be credited: " + "; ".join(sim.refusals))
    if confirm is not None and confirm != sim.token:
        raise PlanChanged(
            f"the data changed since the preview of run {run_id} (token {confirm}, the plan now "
            f"gives {sim.token}): preview it again"
        )
    totals = {"accruals": 0, "accrual": 0, "hold": 0, "clawback": 0, "debt": 0, "sup": 0}
    cursor, seen, chunks = _Cursor(), 0, 0
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
            rows = _next_chunk(conn, ctx, cursor, chunk_size)
            if not rows:
                break
            creator_ids = sorted({r.creator_id for r in rows})
            ensure_creator_accounts(db, conn, creator_ids)
            accounts = lock_creator_accounts(conn, creator_ids)
            chunk = _plan_chunk(conn, ctx, rows, accounts, lock=True, digest=confirm is not None)
            if chunk.refusals:  # a mark moved since the plan was made: never pay twice
                raise CreditRefused(
                    f"run {run_id} cannot be credited: "
                    + "; ".join(
                        _value_refusal_lines(
                            run_id,
                            Counter({c: len(ids) for c, ids in chunk.refusals.items()}),
                            chunk.refusals,
                        )
                    )
                )
            if confirm is not None and (
                chunks >= len(sim.digests) or chunk.digest != sim.digests[chunks]
            ):
                raise PlanChanged(
                    f"the data changed since the preview of run {run_id} while crediting it "
                    f"({chunks} chunk(s) posted as previewed): preview it again"
                )
            plan = chunk.plan
            _apply(conn, run, plan)
            marks.apply_marks(conn, run.id, plan.marks, chunk.existing_marks)
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


__all__ = ["DEFAULT_CHUNK", "credit_run", "preview_credit"]
