"""Pure crediting rules: differences, holds, supersession, clawbacks and debt."""

from __future__ import annotations

import pytest

from hackoclock.ledger.rules import PriorHeld, VideoInput, plan_credit, settle_on_release


def _kinds(plan: object) -> list[tuple[str, int]]:
    return [(p.kind, p.amount) for p in plan.postings]  # type: ignore[attr-defined]


def test_a_first_score_is_posted_in_full_to_the_creator() -> None:
    plan = plan_credit(1, [VideoInput("v", "c", 40, True, False)], {"c": (0, 0)})
    assert _kinds(plan) == [("accrual", 40)]
    assert plan.postings[0].debit == "sys:issuance" and plan.postings[0].credit == "creator:c"
    assert plan.effects["c"].balance == 40 and plan.effects["c"].earned == 40
    assert [a.state for a in plan.accruals] == ["posted"]


def test_a_held_video_goes_to_the_held_account_and_not_the_balance() -> None:
    plan = plan_credit(1, [VideoInput("v", "c", 40, True, True)], {"c": (0, 0)})
    assert _kinds(plan) == [("hold", 40)] and plan.postings[0].credit == "sys:held"
    assert plan.effects["c"].balance == 0 and plan.accruals[0].state == "held"


def test_zero_or_ineligible_videos_without_history_are_skipped() -> None:
    plan = plan_credit(
        1, [VideoInput("v", "c", 0, True, False), VideoInput("w", "c", 9, False, False)], {}
    )
    assert plan.accruals == [] and plan.postings == []


def test_only_the_difference_to_what_was_settled_is_posted() -> None:
    plan = plan_credit(2, [VideoInput("v", "c", 70, True, False, settled=50)], {"c": (50, 0)})
    assert _kinds(plan) == [("accrual", 20)] and plan.accruals[0].amount == 20


def test_an_unchanged_score_records_an_accrual_without_transfers() -> None:
    plan = plan_credit(2, [VideoInput("v", "c", 50, True, False, settled=50)], {"c": (50, 0)})
    assert plan.postings == [] and plan.accruals[0].state == "unchanged"


def test_a_lower_score_claws_back_what_the_balance_allows_and_records_debt() -> None:
    plan = plan_credit(2, [VideoInput("v", "c", 10, True, False, settled=100)], {"c": (30, 0)})
    assert _kinds(plan) == [("clawback", 30)]
    row = plan.accruals[0]
    assert (row.state, row.amount, row.clawed, row.debt_added) == ("adjusted", -90, 30, 60)
    assert plan.effects["c"].balance == -30 and plan.effects["c"].debt == 60


def test_a_new_credit_settles_debt_before_it_reaches_the_balance() -> None:
    plan = plan_credit(3, [VideoInput("v", "c", 25, True, False)], {"c": (0, 60)})
    assert _kinds(plan) == [("accrual", 25), ("settle", 25)]
    assert plan.effects["c"].balance == 0 and plan.effects["c"].debt == -25
    assert plan.effects["c"].earned == 0


def test_increases_are_applied_before_decreases_within_a_creator() -> None:
    items = [
        VideoInput("a", "c", 0, True, False, settled=50),
        VideoInput("b", "c", 80, True, False),
    ]
    plan = plan_credit(2, items, {"c": (0, 0)})
    assert _kinds(plan) == [("accrual", 80), ("clawback", 50)]
    assert plan.effects["c"].debt == 0 and plan.effects["c"].balance == 30


def test_earlier_held_points_are_superseded_by_a_new_score() -> None:
    item = VideoInput("v", "c", 30, True, True, prior_held=(PriorHeld(1, 70),))
    plan = plan_credit(2, [item], {"c": (0, 0)})
    assert _kinds(plan) == [("supersede", 70), ("hold", 30)]
    assert plan.superseded == [(1, "v")]
    assert plan.postings[0].ref == "accrual:1:v"


def test_negative_points_are_rejected() -> None:
    with pytest.raises(ValueError):
        plan_credit(1, [VideoInput("v", "c", -1, True, False)], {})


def test_a_release_settles_at_most_the_debt() -> None:
    assert settle_on_release(50, 80) == 50
    assert settle_on_release(50, 20) == 20
    assert settle_on_release(50, 0) == 0


def test_a_voided_video_is_never_paid_more_than_was_settled_before() -> None:
    # held 100 was voided; nothing settled: a new run that no longer holds it pays nothing
    plan = plan_credit(3, [VideoInput("v", "c", 100, True, False, voided=True)], {"c": (0, 0)})
    assert plan.postings == [] and plan.accruals == []
    # 40 had been paid before the void: a higher score keeps it at 40
    plan = plan_credit(
        3, [VideoInput("v", "c", 90, True, False, settled=40, voided=True)], {"c": (40, 0)}
    )
    assert plan.postings == [] and [a.state for a in plan.accruals] == ["unchanged"]
    # a lower score still takes back the difference
    plan = plan_credit(
        3, [VideoInput("v", "c", 10, True, False, settled=40, voided=True)], {"c": (40, 0)}
    )
    assert _kinds(plan) == [("clawback", 30)]
