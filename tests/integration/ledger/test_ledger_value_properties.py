"""Properties of value crediting, on real databases: whatever the runs, periods and order,
a video's views are paid once at most.

Each example starts from an emptied database (the ``db`` fixture is shared by the examples of
one test, hence the health check is silenced and every example empties it first).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ledger_fixtures import (
    VALUE_RATE,
    Views,
    add_creators,
    add_value_run,
    add_videos,
    value_points,
)
from sqlalchemy import text

from hackoclock.db.all_tables import metadata
from hackoclock.db.engine import Database
from hackoclock.ledger.errors import CreditRefused
from hackoclock.ledger.marks import marks_of
from hackoclock.ledger.service import balance, credit_run, debt, preview_credit, verify

VIDEOS = {"a1": "alice", "a2": "alice", "b1": "bob"}
DAY = 24 * 3600
# periods that overlap in every way: nested, shifted, equal, "all data so far"
PERIODS = [
    (datetime(2026, 11, d0, tzinfo=UTC), datetime(2026, 11, d1, tzinfo=UTC))
    for d0, d1 in [(1, 8), (1, 15), (8, 15), (4, 11), (1, 29), (15, 22), (1, 8)]
]
SETTINGS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


_OPEN: list[Database] = []  # the previous example's database object, disposed by the next


def _reset(shared: Database) -> Database:
    """Empty the database; a new ``Database`` object for the example (the ledger remembers per
    object that it created the system accounts)."""
    while _OPEN:
        _OPEN.pop().dispose()
    db = Database(shared.url.render_as_string(hide_password=False))
    _OPEN.append(db)
    with db.write() as conn:
        names = [t.name for t in reversed(metadata.sorted_tables)]
        if db.is_postgres:
            conn.execute(text("TRUNCATE " + ", ".join(f'"{n}"' for n in names) + " CASCADE"))
        else:
            for n in names:
                conn.execute(text(f'DELETE FROM "{n}"'))
    add_creators(db, sorted(set(VIDEOS.values())))
    add_videos(db, list(VIDEOS.items()))
    return db


@dataclass(frozen=True)
class Score:
    period: int
    views: dict[str, int]


@dataclass(frozen=True)
class Credit:
    which: int  # index into the runs scored so far (modulo)


views = st.integers(0, 120).map(lambda n: n * 500)
score_op = st.builds(
    Score,
    st.integers(0, len(PERIODS) - 1),
    st.dictionaries(st.sampled_from(sorted(VIDEOS)), views, min_size=1),
)
ops = st.lists(st.one_of(score_op, st.builds(Credit, st.integers(0, 50))), min_size=1, max_size=12)


def _bound(total_views: int) -> int:
    return total_views * VALUE_RATE // 1000


@SETTINGS
@given(ops)
def test_no_sequence_of_value_runs_pays_a_video_more_than_its_views_at_the_rate(
    db: Database, sequence: list[Score | Credit]
) -> None:
    db = _reset(db)
    runs: list[int] = []
    credited: set[int] = set()
    most: dict[str, int] = {}
    for op in sequence:
        if isinstance(op, Score):
            batch = [Views(v, VIDEOS[v], n) for v, n in sorted(op.views.items())]
            runs.append(add_value_run(db, batch, period=PERIODS[op.period]))
            for v, n in op.views.items():
                most[v] = max(most.get(v, 0), n)
            continue
        if not runs:
            continue
        run = runs[op.which % len(runs)]
        try:
            report = credit_run(db, run, chunk_size=2)
        except CreditRefused as refused:
            assert "score the period again" in refused.message
            continue
        if run in credited:
            assert report.accruals_written == 0 and report.points_to_creators == 0
        credited.add(run)
    result = verify(db)
    assert result.ok, result.problems
    for video, mark in marks_of(db).items():
        assert 0 <= mark.paid_points <= _bound(mark.paid_views) <= _bound(most[video])
    paid = {c: balance(db, c) - debt(db, c) for c in set(VIDEOS.values())}
    marks = marks_of(db)
    for creator in paid:
        # no redemptions here: what a creator holds is what the marks say was paid
        assert paid[creator] == sum(marks[v].paid_points for v in marks if VIDEOS[v] == creator)


@SETTINGS
@given(
    peak=st.integers(1, 200),
    dropped=st.integers(0, 199),
    extra=st.integers(1, 50),
)
def test_views_removed_then_back_are_paid_once(
    db: Database, peak: int, dropped: int, extra: int
) -> None:
    db = _reset(db)
    peak, low = peak * 1000, min(dropped, peak - 1) * 1000
    back = peak + extra * 1000 if extra % 2 else peak  # back to the peak, or beyond it
    for views_now, period in ((peak, PERIODS[0]), (low, PERIODS[2]), (back, PERIODS[4])):
        credit_run(db, add_value_run(db, [Views("a1", "alice", views_now)], period=period))
    assert balance(db, "alice") == value_points(back)
    assert verify(db).ok


class _Crash(Exception):
    pass


@SETTINGS
@given(
    before=st.dictionaries(st.sampled_from(sorted(VIDEOS)), views, min_size=1),
    now=st.dictionaries(st.sampled_from(sorted(VIDEOS)), views, min_size=1),
    crash_after=st.integers(1, 2),
)
def test_a_crash_mid_credit_then_resume_pays_exactly_once(
    db: Database, before: dict[str, int], now: dict[str, int], crash_after: int
) -> None:
    db = _reset(db)
    first = [Views(v, VIDEOS[v], n) for v, n in sorted(before.items())]
    credit_run(db, add_value_run(db, first, period=PERIODS[0]))
    run = add_value_run(
        db, [Views(v, VIDEOS[v], n) for v, n in sorted(now.items())], period=PERIODS[1]
    )
    start = {c: balance(db, c) for c in set(VIDEOS.values())}
    preview = preview_credit(db, run, chunk_size=1)
    assert not preview.refused

    def crash(done: int, _total: int) -> None:
        if done >= crash_after:
            raise _Crash

    try:
        credit_run(db, run, progress=crash, chunk_size=1)
    except _Crash:
        assert verify(db).ok  # the chunks committed so far are a consistent ledger
    credit_run(db, run, chunk_size=1)
    assert credit_run(db, run).accruals_written == 0
    for change in preview.creators:
        # no debt here (nothing was spent): the balance moves by what the preview said
        want = start[change.creator_id] + change.to_post - change.clawed_back
        assert balance(db, change.creator_id) == want
    assert verify(db).ok


@pytest.mark.parametrize("attempts", [2])
def test_two_stale_value_runs_credited_one_after_the_other_pay_once(
    db: Database, attempts: int
) -> None:
    db = _reset(db)
    runs = [
        add_value_run(db, [Views("a1", "alice", 10_000)], period=PERIODS[i], marks={})
        for i in range(attempts)
    ]
    credit_run(db, runs[0])
    with pytest.raises(CreditRefused):
        credit_run(db, runs[1])
    assert balance(db, "alice") == value_points(10_000)
