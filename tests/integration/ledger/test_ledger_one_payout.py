"""One payout per period: overlapping per-upload runs are refused, comparisons need a replace,
and every credit can be previewed and confirmed by its token."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from ledger_fixtures import Score, Views, add_creators, add_run, add_value_run, add_videos
from sqlalchemy import func, select, update

from hackoclock.db.engine import Database
from hackoclock.db.tables_ledger import ledger_accruals, ledger_transfers
from hackoclock.db.tables_scoring import video_scores
from hackoclock.errors import InvalidInput
from hackoclock.ledger.errors import CreditRefused, PlanChanged
from hackoclock.ledger.service import (
    balance,
    credit_run,
    list_held,
    preview_credit,
    verify,
)

WEEK = (datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 11, 8, tzinfo=UTC))
SO_FAR = (datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 11, 15, tzinfo=UTC))
NEXT = (datetime(2026, 11, 8, tzinfo=UTC), datetime(2026, 11, 15, tzinfo=UTC))


@pytest.fixture
def pdb(db: Database) -> Database:
    add_creators(db, ["alice", "bob"])
    add_videos(db, [("a1", "alice"), ("a2", "alice"), ("b1", "bob")])
    return db


def _transfers(db: Database) -> int:
    with db.read() as conn:
        return int(conn.execute(select(func.count()).select_from(ledger_transfers)).scalar_one())


def _ok(db: Database) -> None:
    report = verify(db)
    assert report.ok, report.problems


def test_an_all_data_run_over_credited_weeks_is_refused(pdb: Database) -> None:
    credit_run(pdb, add_run(pdb, [Score("a1", "alice", 100)], period=WEEK))
    so_far = add_run(pdb, [Score("a1", "alice", 100), Score("b1", "bob", 5)], period=SO_FAR)
    before = _transfers(pdb)
    with pytest.raises(CreditRefused, match="overlaps this run's"):
        credit_run(pdb, so_far)
    assert _transfers(pdb) == before and balance(pdb, "alice") == 100
    preview = preview_credit(pdb, so_far)
    assert preview.refused and preview.token is None
    _ok(pdb)


def test_a_run_of_the_next_period_is_paid(pdb: Database) -> None:
    credit_run(pdb, add_run(pdb, [Score("a1", "alice", 100)], period=WEEK))
    credit_run(pdb, add_run(pdb, [Score("a1", "alice", 100)], period=NEXT))
    assert balance(pdb, "alice") == 200


def test_a_seed_comparison_run_of_a_credited_period_is_refused_without_replace(
    pdb: Database,
) -> None:
    credit_run(pdb, add_run(pdb, [Score("a1", "alice", 900), Score("b1", "bob", 40)]))
    seed = add_run(pdb, [Score("a1", "alice", 3), Score("b1", "bob", 1)], method="seed")
    with pytest.raises(CreditRefused, match="comparison"):
        credit_run(pdb, seed)
    assert balance(pdb, "alice") == 900


def test_replacing_needs_a_reason(pdb: Database) -> None:
    credit_run(pdb, add_run(pdb, [Score("a1", "alice", 900)]))
    seed = add_run(pdb, [Score("a1", "alice", 3)], method="seed")
    with pytest.raises(InvalidInput, match="reason"):
        credit_run(pdb, seed, replace=True, reason="  ")


def test_a_replace_shows_the_change_per_creator_then_claws_back_and_pays_the_new_run(
    pdb: Database,
) -> None:
    fair = add_run(
        pdb,
        [Score("a1", "alice", 900), Score("a2", "alice", 50, held=True), Score("b1", "bob", 40)],
    )
    credit_run(pdb, fair)
    seed = add_run(pdb, [Score("a1", "alice", 300)], method="seed")  # b1, a2 not scored
    preview = preview_credit(pdb, seed, replace=True)
    assert not preview.refused and preview.token
    by = {c.creator_id: c for c in preview.creators}
    assert (by["alice"].clawed_back, by["alice"].already_paid, by["alice"].superseded) == (
        600,
        900,
        50,
    )
    assert by["bob"].clawed_back == 40 and preview.totals.clawed_back == 640
    assert _transfers(pdb) == 3  # two accruals and a hold: the preview posted nothing
    credit_run(pdb, seed, confirm=preview.token, replace=True, reason="seed is the policy")
    assert balance(pdb, "alice") == 300 and balance(pdb, "bob") == 0
    assert list_held(pdb) == []
    with pdb.read() as conn:
        notes = set(conn.execute(select(ledger_accruals.c.note)).scalars())
    assert "replaces earlier credits of the period: seed is the policy" in notes
    _ok(pdb)
    # the period's payouts are now the seed run's: a fair re-score again needs a replace
    fair_again = add_run(pdb, [Score("a1", "alice", 950)])
    with pytest.raises(CreditRefused, match="comparison"):
        credit_run(pdb, fair_again)
    credit_run(pdb, fair_again, replace=True, reason="back to fair")
    assert balance(pdb, "alice") == 950
    _ok(pdb)


def test_replace_without_anything_to_replace_is_refused(pdb: Database) -> None:
    run = add_run(pdb, [Score("a1", "alice", 10)])
    with pytest.raises(CreditRefused, match="no other run was credited"):
        credit_run(pdb, run, replace=True, reason="why not")


def test_value_and_per_upload_runs_never_pay_one_period_twice(pdb: Database) -> None:
    credit_run(pdb, add_run(pdb, [Score("a1", "alice", 100)], period=WEEK))
    value = add_value_run(pdb, [Views("a1", "alice", 50_000)], period=SO_FAR)
    with pytest.raises(CreditRefused, match="same views twice"):
        credit_run(pdb, value)
    with pytest.raises(CreditRefused, match="not to value runs"):
        credit_run(pdb, value, replace=True, reason="switch")
    credit_run(pdb, add_value_run(pdb, [Views("b1", "bob", 50_000)], period=NEXT))
    fair = add_run(pdb, [Score("b1", "bob", 7)], period=NEXT)
    with pytest.raises(CreditRefused, match="same views twice"):
        credit_run(pdb, fair)
    _ok(pdb)


def test_a_confirmed_credit_posts_the_preview(pdb: Database) -> None:
    run = add_run(pdb, [Score("a1", "alice", 120), Score("b1", "bob", 7)])
    preview = preview_credit(pdb, run)
    assert [(c.creator_id, c.to_post) for c in preview.creators] == [("alice", 120), ("bob", 7)]
    assert preview.totals.to_post == 127 and preview.accruals == 2
    assert preview_credit(pdb, run).token == preview.token  # same state, same token
    report = credit_run(pdb, run, confirm=preview.token)
    assert report.points_to_creators == 127
    # credited: the plan is now empty, so the old token no longer matches
    assert preview_credit(pdb, run).token != preview.token


def test_a_confirm_after_the_data_changed_posts_nothing(pdb: Database) -> None:
    run = add_run(pdb, [Score("a1", "alice", 120), Score("b1", "bob", 7)])
    preview = preview_credit(pdb, run)
    with pdb.write() as conn:
        conn.execute(update(video_scores).where(video_scores.c.video_id == "b1").values(points=70))
    with pytest.raises(PlanChanged, match="the data changed since the preview"):
        credit_run(pdb, run, confirm=preview.token)
    assert _transfers(pdb) == 0


def test_a_confirm_after_a_balance_changed_posts_nothing(pdb: Database) -> None:
    credit_run(pdb, add_run(pdb, [Score("a1", "alice", 100)]))
    lower = add_run(pdb, [Score("a1", "alice", 40)])
    preview = preview_credit(pdb, lower)
    assert preview.creators[0].clawed_back == 60
    credit_run(pdb, add_run(pdb, [Score("a2", "alice", 5)], period=NEXT))  # balance moves
    with pytest.raises(PlanChanged):
        credit_run(pdb, lower, confirm=preview.token)


def test_a_value_preview_shows_points_already_paid_for_the_same_views(pdb: Database) -> None:
    credit_run(pdb, add_value_run(pdb, [Views("a1", "alice", 40_000)], period=WEEK))
    so_far = add_value_run(pdb, [Views("a1", "alice", 50_000)], period=SO_FAR)
    preview = preview_credit(pdb, so_far)
    alice = preview.creators[0]
    assert (alice.already_paid, alice.to_post) == (120, 30)
    stale = add_value_run(pdb, [Views("a1", "alice", 60_000)], period=NEXT)
    credit_run(pdb, so_far, confirm=preview.token)
    refused = preview_credit(pdb, stale)
    assert refused.token is None
    assert refused.refusals == [
        f"run {stale}: 1 video(s) (a1) refused: another run moved their paid-views marks "
        "since this run was scored; score the period again"
    ]
