"""Crediting scoring runs: accruals, held points, re-scoring differences, clawbacks and debt."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from ledger_fixtures import Score, add_creators, add_run, add_videos
from sqlalchemy import func, select

from hackoclock.db.engine import Database
from hackoclock.db.tables_ledger import ledger_accruals
from hackoclock.errors import InvalidInput, NotFound
from hackoclock.ledger.errors import InvalidTransition, RunNotCreditable
from hackoclock.ledger.service import (
    balance,
    credit_run,
    debt,
    history,
    lifetime_points,
    list_held,
    release_held,
    verify,
    void_held,
)


@pytest.fixture
def two_creators(db: Database) -> Database:
    add_creators(db, ["alice", "bob"])
    add_videos(db, [("a1", "alice"), ("a2", "alice"), ("b1", "bob"), ("b2", "bob")])
    return db


def _accruals(db: Database) -> int:
    with db.read() as conn:
        return int(conn.execute(select(func.count()).select_from(ledger_accruals)).scalar_one())


def test_crediting_a_run_pays_each_creator_the_sum_of_their_videos(two_creators: Database) -> None:
    db = two_creators
    run = add_run(db, [Score("a1", "alice", 120), Score("a2", "alice", 30), Score("b1", "bob", 7)])
    report = credit_run(db, run)
    assert (report.accruals_written, report.points_to_creators) == (3, 157)
    assert balance(db, "alice") == 150 and balance(db, "bob") == 7
    assert lifetime_points(db, "alice") == 150
    assert verify(db).ok, verify(db).problems


def test_videos_with_zero_points_or_ineligible_post_nothing(two_creators: Database) -> None:
    db = two_creators
    run = add_run(db, [Score("a1", "alice", 0), Score("b1", "bob", 50, eligible=False)])
    report = credit_run(db, run)
    assert report.accruals_written == 0
    assert balance(db, "alice") == 0 and balance(db, "bob") == 0
    assert _accruals(db) == 0


def test_crediting_twice_posts_nothing_new(two_creators: Database) -> None:
    db = two_creators
    run = add_run(db, [Score("a1", "alice", 40), Score("b1", "bob", 60)])
    credit_run(db, run)
    again = credit_run(db, run)
    assert again.already_credited and again.points_to_creators == 0
    assert balance(db, "alice") == 40 and _accruals(db) == 2


def test_a_run_that_did_not_succeed_cannot_be_credited(two_creators: Database) -> None:
    run = add_run(two_creators, [Score("a1", "alice", 40)], status="running")
    with pytest.raises(RunNotCreditable):
        credit_run(two_creators, run)
    with pytest.raises(NotFound):
        credit_run(two_creators, 9999)


def test_rescoring_a_period_upward_pays_only_the_difference(two_creators: Database) -> None:
    db = two_creators
    credit_run(db, add_run(db, [Score("a1", "alice", 100)]))
    report = credit_run(db, add_run(db, [Score("a1", "alice", 130)]))
    assert report.points_to_creators == 30
    assert balance(db, "alice") == 130 and lifetime_points(db, "alice") == 130
    assert verify(db).ok


def test_rescoring_the_same_points_posts_nothing(two_creators: Database) -> None:
    db = two_creators
    credit_run(db, add_run(db, [Score("a1", "alice", 100)]))
    report = credit_run(db, add_run(db, [Score("a1", "alice", 100)]))
    assert report.points_to_creators == 0 and balance(db, "alice") == 100


def test_a_different_period_is_paid_in_full(two_creators: Database) -> None:
    db = two_creators
    credit_run(db, add_run(db, [Score("a1", "alice", 100)]))
    later = (datetime(2026, 11, 8, tzinfo=UTC), datetime(2026, 11, 15, tzinfo=UTC))
    credit_run(db, add_run(db, [Score("a1", "alice", 100)], period=later))
    assert balance(db, "alice") == 200


def test_rescoring_downward_claws_back_the_difference(two_creators: Database) -> None:
    db = two_creators
    credit_run(db, add_run(db, [Score("a1", "alice", 100)]))
    report = credit_run(db, add_run(db, [Score("a1", "alice", 60)]))
    assert report.points_clawed_back == 40 and report.debt_added == 0
    assert balance(db, "alice") == 60 and lifetime_points(db, "alice") == 60
    assert [t.kind for t in history(db, "alice")] == ["clawback", "accrual"]
    assert verify(db).ok


def test_a_clawback_beyond_the_balance_becomes_debt_settled_by_later_points(
    two_creators: Database,
) -> None:
    db = two_creators
    from ledger_fixtures import reward

    from hackoclock.shop.service import fulfil, redeem

    credit_run(db, add_run(db, [Score("a1", "alice", 100)]))
    fulfil(db, redeem(db, "alice", reward(db, amount=80), "k1").id)
    assert balance(db, "alice") == 20
    report = credit_run(db, add_run(db, [Score("a1", "alice", 0)]))
    assert (report.points_clawed_back, report.debt_added) == (20, 80)
    assert balance(db, "alice") == 0 and debt(db, "alice") == 80
    assert verify(db).ok, verify(db).problems
    later = (datetime(2026, 11, 8, tzinfo=UTC), datetime(2026, 11, 15, tzinfo=UTC))
    credit_run(db, add_run(db, [Score("a2", "alice", 50)], period=later))
    assert balance(db, "alice") == 0 and debt(db, "alice") == 30
    credit_run(
        db, add_run(db, [Score("a2", "alice", 50)], period=(later[1], later[1].replace(day=22)))
    )
    assert balance(db, "alice") == 20 and debt(db, "alice") == 0
    assert lifetime_points(db, "alice") == 100 - 20 + 50 - 50 + 50 - 30
    assert verify(db).ok, verify(db).problems


def test_held_points_wait_in_the_held_account_until_released(two_creators: Database) -> None:
    db = two_creators
    run = add_run(db, [Score("a1", "alice", 70, held=True), Score("b1", "bob", 10)])
    report = credit_run(db, run)
    assert report.points_held == 70 and balance(db, "alice") == 0
    held = list_held(db)
    assert [(h.video_id, h.amount, h.flags) for h in held] == [("a1", 70, ["spike"])]
    out = release_held(db, run, "a1", operator="ops@tiktok")
    assert out.state == "released" and balance(db, "alice") == 70
    assert lifetime_points(db, "alice") == 70 and list_held(db) == []
    with pytest.raises(InvalidTransition):
        release_held(db, run, "a1", operator="ops@tiktok")
    assert verify(db).ok


def test_voided_held_points_go_back_to_the_platform(two_creators: Database) -> None:
    db = two_creators
    run = add_run(db, [Score("a1", "alice", 70, held=True)])
    credit_run(db, run)
    with pytest.raises(InvalidInput):
        void_held(db, run, "a1", operator="ops", reason=" ")
    out = void_held(db, run, "a1", operator="ops", reason="bought views")
    assert out.state == "voided" and balance(db, "alice") == 0
    assert lifetime_points(db, "alice") == 0
    with pytest.raises(InvalidTransition):
        release_held(db, run, "a1", operator="ops")
    with pytest.raises(NotFound):
        void_held(db, run, "zz", operator="ops", reason="x")
    assert verify(db).ok


def test_a_rescore_does_not_pay_points_an_operator_voided(two_creators: Database) -> None:
    db = two_creators
    first = add_run(db, [Score("a1", "alice", 70, held=True), Score("a2", "alice", 5)])
    credit_run(db, first)
    void_held(db, first, "a1", operator="ops", reason="bought views")
    second = add_run(db, [Score("a1", "alice", 90), Score("a2", "alice", 5)])
    report = credit_run(db, second)
    assert report.points_to_creators == 0 and report.points_held == 0
    assert balance(db, "alice") == 5 and lifetime_points(db, "alice") == 5
    assert verify(db).ok, verify(db).problems


def test_rescoring_a_held_video_supersedes_the_old_hold(two_creators: Database) -> None:
    db = two_creators
    first = add_run(db, [Score("a1", "alice", 70, held=True)])
    credit_run(db, first)
    report = credit_run(db, add_run(db, [Score("a1", "alice", 50)]))
    assert report.superseded == 1 and report.points_to_creators == 50
    assert balance(db, "alice") == 50 and list_held(db) == []
    with pytest.raises(InvalidTransition):
        release_held(db, first, "a1", operator="ops")
    assert verify(db).ok, verify(db).problems


def test_a_release_settles_debt_first(two_creators: Database) -> None:
    db = two_creators
    from ledger_fixtures import reward

    from hackoclock.shop.service import fulfil, redeem

    credit_run(db, add_run(db, [Score("a1", "alice", 100)]))
    fulfil(db, redeem(db, "alice", reward(db, amount=100), "k").id)
    credit_run(db, add_run(db, [Score("a1", "alice", 40)]))
    assert debt(db, "alice") == 60
    later = (datetime(2026, 11, 8, tzinfo=UTC), datetime(2026, 11, 15, tzinfo=UTC))
    run = add_run(db, [Score("a2", "alice", 100, held=True)], period=later)
    credit_run(db, run)
    out = release_held(db, run, "a2", operator="ops")
    assert out.debt_settled == 60 and balance(db, "alice") == 40 and debt(db, "alice") == 0
    assert verify(db).ok, verify(db).problems


def test_progress_is_reported_per_chunk(two_creators: Database) -> None:
    db = two_creators
    run = add_run(
        db, [Score(v, c, 5) for v, c in [("a1", "alice"), ("a2", "alice"), ("b1", "bob")]]
    )
    seen: list[tuple[int, int]] = []
    report = credit_run(db, run, progress=lambda d, t: seen.append((d, t)), chunk_size=2)
    assert seen == [(2, 3), (3, 3)] and report.chunks == 2


def test_history_lists_transfers_newest_first_with_signed_amounts(two_creators: Database) -> None:
    db = two_creators
    credit_run(db, add_run(db, [Score("a1", "alice", 100)]))
    credit_run(db, add_run(db, [Score("a1", "alice", 90)]))
    rows = history(db, "alice")
    assert [(r.kind, r.amount, r.counterparty) for r in rows] == [
        ("clawback", -10, "sys:issuance"),
        ("accrual", 100, "sys:issuance"),
    ]
    assert history(db, "alice", limit=1, offset=1)[0].kind == "accrual"
    with pytest.raises(InvalidInput):
        history(db, "alice", limit=0)
    with pytest.raises(NotFound):
        history(db, "nobody")


def test_an_unknown_creator_has_no_balance(db: Database) -> None:
    with pytest.raises(NotFound):
        balance(db, "ghost")
    add_creators(db, ["new"])
    assert balance(db, "new") == 0 and lifetime_points(db, "new") == 0


class _Stop(Exception):
    pass


def test_crediting_resumes_past_pages_already_credited(db: Database) -> None:
    """A crediting stopped after its first chunks resumes with the rest; pages whose videos all
    have accruals are skipped (also within one chunk's lookup), and a third call finds nothing."""
    pairs = [(f"v{i:02d}", "alice" if i % 2 else "bob") for i in range(9)]
    add_creators(db, ["alice", "bob"])
    add_videos(db, pairs)
    run = add_run(db, [Score(v, c, 10 + i) for i, (v, c) in enumerate(pairs)])

    def stop_after_two_chunks(done: int, total: int) -> None:
        if done >= 4:
            raise _Stop

    with pytest.raises(_Stop):
        credit_run(db, run, progress=stop_after_two_chunks, chunk_size=2)
    assert _accruals(db) == 4  # two chunks committed; the crash lost nothing else

    rest = credit_run(db, run, chunk_size=2)
    assert (rest.accruals_written, rest.chunks) == (5, 3)
    assert _accruals(db) == 9
    assert balance(db, "alice") + balance(db, "bob") == sum(10 + i for i in range(9))
    again = credit_run(db, run, chunk_size=2)
    assert (again.accruals_written, again.chunks) == (0, 0)
    assert verify(db).ok, verify(db).problems


def test_credited_lookup_is_sliced_within_the_bound_parameter_limit(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hackoclock.ledger import credit

    monkeypatch.setattr(credit, "LOOKUP_SLICE", 3)
    pairs = [(f"w{i:02d}", "carol") for i in range(8)]
    add_creators(db, ["carol"])
    add_videos(db, pairs)
    run = add_run(db, [Score(v, c, 1) for v, c in pairs])
    assert credit_run(db, run, chunk_size=5).accruals_written == 8
    with db.read() as conn:
        assert credit._credited(conn, run, [v for v, _ in pairs] + ["nope"]) == {
            v for v, _ in pairs
        }
