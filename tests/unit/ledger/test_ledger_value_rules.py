"""Pure value-crediting rules: pay views above the mark, claw back removed views, refuse."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hackoclock.ledger.rules import (
    FIGURES_DISAGREE,
    FIGURES_MISSING,
    HELD_DROP,
    MARK_MOVED,
    VIEWS_REMOVED,
    ValueInput,
    drop_clawback,
    plan_value,
    value_refusal,
)


def _item(
    views_total: int,
    before: int = 0,
    *,
    points: int | None = None,
    mark: int | None = None,
    paid_points: int = 0,
    eligible: bool = True,
    held: bool = False,
    pending_hold: bool = False,
    video: str = "v",
) -> ValueInput:
    paid = max(0, views_total - before) if eligible else 0
    return ValueInput(
        video_id=video,
        creator_id="c",
        points=paid // 1000 * 2 if points is None else points,
        eligible=eligible,
        held=held,
        views_total=views_total,
        views_paid_before=before,
        paid_views=paid,
        mark=before if mark is None else mark,
        paid_points=paid_points,
        pending_hold=pending_hold,
    )


def _kinds(plan: object) -> list[tuple[str, int]]:
    return [(p.kind, p.amount) for p in plan.postings]  # type: ignore[attr-defined]


def test_new_views_are_paid_and_the_mark_moves_to_the_total() -> None:
    plan = plan_value(1, [_item(50_000, 10_000, paid_points=20)], {"c": (20, 0)})
    assert _kinds(plan) == [("accrual", 80)]
    assert [(m.paid_views, m.points_delta) for m in plan.marks] == [(50_000, 80)]
    assert plan.accruals[0].state == "posted" and plan.effects["c"].earned == 80


def test_held_views_go_to_the_held_account_and_still_move_the_mark() -> None:
    plan = plan_value(1, [_item(50_000, held=True)], {"c": (0, 0)})
    assert _kinds(plan) == [("hold", 100)] and plan.postings[0].credit == "sys:held"
    assert [(m.paid_views, m.points_delta) for m in plan.marks] == [(50_000, 0)]
    assert "c" not in plan.effects or plan.effects["c"].balance == 0


def test_ineligible_or_unchanged_views_post_nothing_and_keep_the_mark() -> None:
    plan = plan_value(
        1, [_item(800, eligible=False), _item(5_000, 5_000, video="w")], {"c": (0, 0)}
    )
    assert plan.accruals == [] and plan.postings == [] and plan.marks == []


def test_views_paid_at_zero_points_still_count_as_paid() -> None:
    plan = plan_value(1, [_item(5_000, points=0)], {"c": (0, 0)})
    assert plan.postings == [] and [a.state for a in plan.accruals] == ["unchanged"]
    assert [m.paid_views for m in plan.marks] == [5_000]


def test_removed_views_claw_back_their_share_of_the_paid_points() -> None:
    item = _item(75_000, 100_000, paid_points=200)
    plan = plan_value(2, [item], {"c": (500, 0)})
    assert _kinds(plan) == [("clawback", 50)]
    row = plan.accruals[0]
    assert (row.state, row.amount, row.note) == ("adjusted", -50, VIEWS_REMOVED)
    assert [(m.paid_views, m.points_delta) for m in plan.marks] == [(75_000, -50)]


def test_a_clawback_beyond_the_balance_becomes_debt() -> None:
    plan = plan_value(2, [_item(0, 100_000, paid_points=200)], {"c": (30, 0)})
    assert _kinds(plan) == [("clawback", 30)]
    assert (plan.accruals[0].clawed, plan.accruals[0].debt_added) == (30, 170)
    assert plan.effects["c"].debt == 170


def test_removed_views_with_nothing_paid_move_the_mark_without_a_transfer() -> None:
    plan = plan_value(2, [_item(10_000, 50_000, paid_points=0)], {"c": (0, 0)})
    assert plan.postings == [] and plan.accruals[0].state == "unchanged"
    assert [m.paid_views for m in plan.marks] == [10_000]


def test_payments_are_applied_before_clawbacks_within_a_creator() -> None:
    items = [
        _item(0, 10_000, paid_points=20, video="a"),
        _item(10_000, video="b"),
    ]
    plan = plan_value(3, items, {"c": (0, 0)})
    assert _kinds(plan) == [("accrual", 20), ("clawback", 20)]
    assert plan.effects["c"].debt == 0


@pytest.mark.parametrize(
    ("paid_points", "mark", "total", "want"),
    [
        (200, 100_000, 75_000, 50),
        (3, 2, 1, 2),  # 1.5 rounds up
        (1, 3, 2, 1),  # 0.333 rounds up too: what stays paid never exceeds the rate
        (2, 3, 2, 1),  # 0.667
        (10**15, 10**12 + 1, 0, 10**15),  # exact with big integers
        (10**15 + 7, 10**12 + 1, 10**12, 1_000),  # exact with big integers
        (50, 100, 100, 0),
        (50, 100, 150, 0),
    ],
)
def test_the_clawback_rounds_up_in_exact_integers(
    paid_points: int, mark: int, total: int, want: int
) -> None:
    assert drop_clawback(paid_points, mark, total) == want


def test_what_stays_paid_after_a_drop_never_exceeds_the_rate_for_the_views_left() -> None:
    # 1,000 views at 1 point; 600 left: 0.6 points earned, so the point goes back
    assert 1 - drop_clawback(1, 1_000, 600) == 0


def test_a_run_scored_against_another_mark_is_refused() -> None:
    assert value_refusal(_item(50_000, 10_000, mark=20_000)) == MARK_MOVED
    with pytest.raises(ValueError, match=MARK_MOVED):
        plan_value(1, [_item(50_000, 10_000, mark=20_000)], {})


def test_missing_or_inconsistent_figures_are_refused() -> None:
    missing = ValueInput("v", "c", 5, True, False, None, 0, 5_000)
    assert value_refusal(missing) == FIGURES_MISSING
    wrong = ValueInput("v", "c", 5, True, False, 9_000, 0, 5_000)
    assert value_refusal(wrong) == FIGURES_DISAGREE
    points_for_nothing = ValueInput("v", "c", 5, True, False, 9_000, 9_000, 0, mark=9_000)
    assert value_refusal(points_for_nothing) == FIGURES_DISAGREE


def test_removing_views_while_points_are_held_is_refused() -> None:
    assert value_refusal(_item(1_000, 5_000, pending_hold=True)) == HELD_DROP
    assert value_refusal(_item(9_000, 5_000, pending_hold=True)) is None


RATE = 7  # points per 1,000 views: odd, so fractions of points show up


@settings(max_examples=400, deadline=None)
@given(st.lists(st.integers(0, 50_000), min_size=1, max_size=12))
def test_no_series_of_view_counts_pays_more_than_the_views_at_the_rate(totals: list[int]) -> None:
    """One video scored again and again (growth, removals, come-backs), each run against the
    mark the previous one left: what stays paid never exceeds the rate for the views."""
    mark, paid, balance, debt = 0, 0, 0, 0
    for run_id, total in enumerate(totals, start=1):
        new = max(0, total - mark)
        eligible = new >= 1_000
        paid_views = new if eligible else 0
        item = ValueInput(
            "v",
            "c",
            paid_views * RATE // 1000,
            eligible,
            False,
            total,
            mark,
            paid_views,
            mark=mark,
            paid_points=paid,
        )
        plan = plan_value(run_id, [item], {"c": (balance, debt)})
        for change in plan.marks:
            mark, paid = change.paid_views, paid + change.points_delta
        effect = plan.effects.get("c")
        if effect is not None:
            balance, debt = balance + effect.balance, debt + effect.debt
        assert 0 <= paid <= mark * RATE // 1000 <= max(totals) * RATE // 1000
        assert balance - debt == paid and balance >= 0 and debt >= 0


def test_a_moved_mark_does_not_matter_for_a_video_the_run_leaves_alone() -> None:
    from hackoclock.ledger.rules import MARK_MOVED, ValueInput, value_refusal

    def item(eligible: bool, views_total: int) -> ValueInput:
        return ValueInput(
            video_id="v",
            creator_id="c",
            points=0 if not eligible else 40,
            eligible=eligible,
            held=False,
            views_total=views_total,
            views_paid_before=0,
            paid_views=views_total if eligible else 0,
            mark=5_000,  # a later run paid 5,000 views since this run was scored
            paid_points=200,
            pending_hold=False,
        )

    assert value_refusal(item(eligible=False, views_total=5_400)) is None  # nothing to do
    # figures older than the mark are no evidence of a removal: left alone as well
    assert value_refusal(item(eligible=False, views_total=4_000)) is None
    assert value_refusal(item(eligible=True, views_total=6_000)) == MARK_MOVED  # would pay
