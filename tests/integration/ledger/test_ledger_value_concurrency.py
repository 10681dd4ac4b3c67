"""Value runs under concurrency and crashes, on SQLite and PostgreSQL: views paid once."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

from ledger_fixtures import Views, add_creators, add_value_run, add_videos, value_points
from ledger_workers import kill_crediting_after_its_first_chunk
from sqlalchemy import func, select

from hackoclock.db.engine import Database
from hackoclock.db.tables_ledger import ledger_accruals, ledger_view_marks
from hackoclock.ledger.errors import CreditRefused
from hackoclock.ledger.service import balance, credit_run, verify

WEEK = (datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 11, 8, tzinfo=UTC))
SO_FAR = (datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 11, 15, tzinfo=UTC))


def _count(db: Database, table: object) -> int:
    with db.read() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())  # type: ignore[arg-type]


def _outcome(db: Database, run: int) -> str:
    try:
        credit_run(db, run, chunk_size=7)
    except CreditRefused:
        return "refused"
    return "paid"


def test_two_overlapping_value_runs_credited_at_once_pay_the_views_once(db: Database) -> None:
    """Both runs were scored against the same (empty) marks, over different periods (so no
    period lock keeps them apart): the creator and mark locks let only one of them pay."""
    add_creators(db, ["alice", "bob"])
    pairs = [(f"v{i:02d}", "alice" if i % 2 else "bob") for i in range(30)]
    add_videos(db, pairs)
    week = add_value_run(db, [Views(v, c, 10_000) for v, c in pairs], period=WEEK)
    so_far = add_value_run(db, [Views(v, c, 12_000) for v, c in pairs], period=SO_FAR, marks={})
    with ThreadPoolExecutor(2) as pool:
        outcomes = list(pool.map(lambda run: _outcome(db, run), [week, so_far]))
    assert sorted(outcomes) == ["paid", "refused"]
    # the loser's first chunk already met a mark the winner moved: it posted nothing
    total = balance(db, "alice") + balance(db, "bob")
    assert total in (30 * value_points(10_000), 30 * value_points(12_000))
    result = verify(db)
    assert result.ok, result.problems


def test_a_value_crediting_killed_midway_resumes_and_pays_each_video_once(db: Database) -> None:
    creators = [f"c{i:03d}" for i in range(100)]
    add_creators(db, creators)
    pairs = [(f"v{i:05d}", creators[i % 100]) for i in range(3000)]
    add_videos(db, pairs)
    run = add_value_run(db, [Views(v, c, 1_000 + 37 * i) for i, (v, c) in enumerate(pairs)])
    first = kill_crediting_after_its_first_chunk(db.url.render_as_string(hide_password=False), run)
    assert first.isdigit(), first
    partial = _count(db, ledger_view_marks)
    assert 0 < partial < 3000 and partial == _count(db, ledger_accruals)
    assert verify(db).ok
    credit_run(db, run)  # the marks already moved for the committed chunks: not refused
    assert _count(db, ledger_view_marks) == 3000
    want = sum(value_points(1_000 + 37 * i) for i in range(3000))
    assert sum(balance(db, c) for c in creators) == want
    assert credit_run(db, run).already_credited
    result = verify(db)
    assert result.ok, result.problems


class _Boom(Exception):
    pass


def test_system_accounts_made_by_a_rolled_back_transaction_are_made_again(db: Database) -> None:
    """The ledger remembers the system accounts only once it has seen them committed: a first
    transaction that made them and rolled back (a refused credit) must not leave later credits
    posting to accounts that do not exist."""
    import pytest
    from ledger_fixtures import fund

    from hackoclock.ledger.accounts import ensure_system_accounts

    with pytest.raises(_Boom), db.write() as conn:
        ensure_system_accounts(db, conn)
        raise _Boom
    fund(db, {"alice": 10})
    assert balance(db, "alice") == 10
    assert verify(db).ok
