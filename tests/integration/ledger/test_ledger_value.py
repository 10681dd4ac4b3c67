"""Crediting value runs: views above each video's paid-views mark are paid, once."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from ledger_fixtures import (
    Views,
    add_creators,
    add_value_run,
    add_videos,
    value_points,
)
from sqlalchemy import select, update

from hackoclock.db.engine import Database
from hackoclock.db.tables_ledger import ledger_accruals, ledger_view_marks
from hackoclock.ledger.errors import CreditRefused
from hackoclock.ledger.marks import marks_of, read_marks
from hackoclock.ledger.service import (
    balance,
    credit_run,
    debt,
    history,
    lifetime_points,
    release_held,
    verify,
    void_held,
)

WEEK1 = (datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 11, 8, tzinfo=UTC))
WEEK2 = (datetime(2026, 11, 8, tzinfo=UTC), datetime(2026, 11, 15, tzinfo=UTC))
SO_FAR = (datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 11, 15, tzinfo=UTC))


@pytest.fixture
def vdb(db: Database) -> Database:
    add_creators(db, ["alice", "bob"])
    add_videos(db, [("a1", "alice"), ("a2", "alice"), ("b1", "bob")])
    return db


def _ok(db: Database) -> None:
    report = verify(db)
    assert report.ok, report.problems


def test_a_value_run_pays_the_views_and_moves_the_marks(vdb: Database) -> None:
    run = add_value_run(vdb, [Views("a1", "alice", 40_000), Views("b1", "bob", 9_000)])
    report = credit_run(vdb, run)
    assert report.points_to_creators == value_points(49_000)
    assert balance(vdb, "alice") == value_points(40_000)
    with vdb.read() as conn:
        assert read_marks(conn) == {"a1": 40_000, "b1": 9_000}
        assert read_marks(conn, ["a1", "zz"]) == {"a1": 40_000}
    mark = marks_of(vdb, ["a1"])["a1"]
    assert (mark.paid_points, mark.run_id) == (value_points(40_000), run)
    _ok(vdb)


def test_an_overlapping_value_run_pays_only_views_above_the_mark(vdb: Database) -> None:
    credit_run(vdb, add_value_run(vdb, [Views("a1", "alice", 40_000)], period=WEEK1))
    credit_run(vdb, add_value_run(vdb, [Views("a1", "alice", 55_000)], period=SO_FAR))
    assert balance(vdb, "alice") == value_points(40_000) + value_points(15_000)
    # the same "all data so far" again: nothing new
    again = credit_run(vdb, add_value_run(vdb, [Views("a1", "alice", 55_000)], period=SO_FAR))
    assert again.points_to_creators == 0 and again.accruals_written == 0
    assert balance(vdb, "alice") == value_points(40_000) + value_points(15_000)
    _ok(vdb)


def test_crediting_a_value_run_twice_posts_nothing_the_second_time(vdb: Database) -> None:
    run = add_value_run(vdb, [Views("a1", "alice", 40_000), Views("b1", "bob", 9_000)])
    credit_run(vdb, run)
    again = credit_run(vdb, run)
    assert again.already_credited and balance(vdb, "alice") == value_points(40_000)
    _ok(vdb)


def test_a_run_scored_before_another_moved_the_mark_is_refused(vdb: Database) -> None:
    stale = add_value_run(vdb, [Views("a1", "alice", 30_000), Views("b1", "bob", 5_000)])
    fresh = add_value_run(vdb, [Views("a1", "alice", 32_000)], period=WEEK2)
    credit_run(vdb, fresh)
    with pytest.raises(CreditRefused, match=r"run \d+: 1 video\(s\).*score the period again"):
        credit_run(vdb, stale)
    assert balance(vdb, "bob") == 0  # refused before anything was posted
    assert balance(vdb, "alice") == value_points(32_000)
    _ok(vdb)


def test_ineligible_views_stay_unpaid_and_carry_over(vdb: Database) -> None:
    first = credit_run(vdb, add_value_run(vdb, [Views("a1", "alice", 600)], period=WEEK1))
    assert first.accruals_written == 0
    with vdb.read() as conn:
        assert read_marks(conn) == {}
    credit_run(vdb, add_value_run(vdb, [Views("a1", "alice", 1_800)], period=WEEK2))
    assert balance(vdb, "alice") == value_points(1_800)
    _ok(vdb)


def test_removed_views_are_clawed_back_and_a_comeback_is_paid_once(vdb: Database) -> None:
    credit_run(vdb, add_value_run(vdb, [Views("a1", "alice", 100_000)], period=WEEK1))
    paid = value_points(100_000)
    drop = credit_run(vdb, add_value_run(vdb, [Views("a1", "alice", 75_000)], period=WEEK2))
    assert drop.points_clawed_back == paid // 4
    assert balance(vdb, "alice") == paid - paid // 4
    with vdb.read() as conn:
        row = conn.execute(select(ledger_accruals.c.note).where(ledger_accruals.c.amount < 0)).one()
    assert row.note == "clawed back: views removed"
    assert [t.kind for t in history(vdb, "alice")] == ["clawback", "accrual"]
    credit_run(vdb, add_value_run(vdb, [Views("a1", "alice", 100_000)], period=SO_FAR))
    assert balance(vdb, "alice") == paid - paid // 4 + value_points(25_000)
    assert lifetime_points(vdb, "alice") == balance(vdb, "alice")
    assert marks_of(vdb)["a1"].paid_views == 100_000
    _ok(vdb)


def test_a_clawback_beyond_the_balance_is_debt(vdb: Database) -> None:
    from ledger_fixtures import reward

    from hackoclock.shop.service import fulfil, redeem

    credit_run(vdb, add_value_run(vdb, [Views("a1", "alice", 100_000)], period=WEEK1))
    fulfil(vdb, redeem(vdb, "alice", reward(vdb, amount=300), "k").id)
    credit_run(vdb, add_value_run(vdb, [Views("a1", "alice", 0)], period=WEEK2))
    assert balance(vdb, "alice") == 0 and debt(vdb, "alice") == 300
    assert marks_of(vdb)["a1"].paid_points == 0
    _ok(vdb)


def test_held_views_are_reserved_release_pays_them_and_void_keeps_them_unpaid(
    vdb: Database,
) -> None:
    run = add_value_run(
        vdb, [Views("a1", "alice", 50_000, held=True), Views("a2", "alice", 20_000, held=True)]
    )
    report = credit_run(vdb, run)
    assert report.points_held == value_points(70_000) and balance(vdb, "alice") == 0
    assert marks_of(vdb)["a1"].paid_views == 50_000
    release_held(vdb, run, "a1", operator="ops")
    void_held(vdb, run, "a2", operator="ops", reason="bought views")
    assert balance(vdb, "alice") == value_points(50_000)
    assert marks_of(vdb)["a1"].paid_points == value_points(50_000)
    assert marks_of(vdb)["a2"].paid_points == 0
    credit_run(vdb, add_value_run(vdb, [Views("a2", "alice", 23_000)], period=WEEK2))
    assert balance(vdb, "alice") == value_points(50_000) + value_points(3_000)
    _ok(vdb)


def test_removing_views_of_a_video_with_points_held_waits_for_the_operator(
    vdb: Database,
) -> None:
    held = add_value_run(vdb, [Views("a1", "alice", 50_000, held=True)])
    credit_run(vdb, held)
    drop = add_value_run(vdb, [Views("a1", "alice", 10_000)], period=WEEK2)
    with pytest.raises(CreditRefused, match=r"release or void the holds first$"):
        credit_run(vdb, drop)
    release_held(vdb, held, "a1", operator="ops")
    credit_run(vdb, drop)  # the same run: the mark did not move, the hold is resolved
    assert balance(vdb, "alice") == value_points(50_000) - value_points(40_000)
    _ok(vdb)


def test_a_run_without_paid_view_figures_is_refused(vdb: Database) -> None:
    run = add_value_run(vdb, [Views("a1", "alice", 5_000)])
    from hackoclock.db.tables_scoring import video_scores

    with vdb.write() as conn:
        conn.execute(update(video_scores).values(views_paid_before=None))
    with pytest.raises(CreditRefused, match="no paid-views figures"):
        credit_run(vdb, run)


def test_verify_reports_a_mark_edited_behind_the_ledger(vdb: Database) -> None:
    credit_run(vdb, add_value_run(vdb, [Views("a1", "alice", 40_000)]))
    with vdb.write() as conn:
        conn.execute(update(ledger_view_marks).values(paid_points=1, paid_views=39_000))
    problems = verify(vdb).problems
    assert any("a1: paid points 1 but its value accruals net to" in p for p in problems)
    assert any("a1: paid views 39000 but run" in p for p in problems)
    with vdb.write() as conn:
        conn.execute(ledger_view_marks.delete())
    assert any("no paid-views mark" in p for p in verify(vdb).problems)


def test_verify_reports_a_value_accrual_its_run_does_not_explain(vdb: Database) -> None:
    from hackoclock.db.tables_scoring import video_scores

    run = add_value_run(vdb, [Views("a1", "alice", 40_000)])
    credit_run(vdb, run)
    _ok(vdb)
    with vdb.write() as conn:
        conn.execute(update(video_scores).values(points=7))
    problems = verify(vdb).problems
    assert any(
        p.startswith(f"accrual {run}/a1 (posted) is unexplained:") and "says 7" in p
        for p in problems
    ), problems
