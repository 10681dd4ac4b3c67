"""Splitting a pool budget over creators: exact totals, the cap, its excess redistributed."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from hackoclock.scoring.methods.allocation import creator_allocation


def test_without_a_cap_the_budget_is_split_in_proportion() -> None:
    out = creator_allocation(np.array([1.0, 1.0, 2.0]), 100, 0.0)
    assert out.tolist() == [25, 25, 50]


def test_a_capped_creators_excess_goes_to_the_others_in_proportion() -> None:
    out = creator_allocation(np.array([8.0, 1.0, 1.0]), 100, 0.5)
    assert out.tolist() == [50, 25, 25]


def test_the_cap_is_applied_again_when_redistribution_pushes_another_creator_over() -> None:
    out = creator_allocation(np.array([10.0, 6.0, 1.0, 1.0]), 100, 0.4)
    assert out.tolist() == [40, 40, 10, 10]


def test_largest_remainder_makes_whole_points_that_add_up() -> None:
    out = creator_allocation(np.array([1.0, 1.0, 1.0]), 100, 0.0)
    assert out.tolist() == [34, 33, 33]


def test_an_infeasible_cap_holds_and_leaves_the_rest_undistributed() -> None:
    out = creator_allocation(np.array([1.0, 1.0]), 100, 0.2)
    assert out.tolist() == [20, 20]


def test_creators_with_nothing_eligible_get_nothing() -> None:
    assert creator_allocation(np.array([0.0, 0.0]), 100, 0.0).tolist() == [0, 0]
    assert creator_allocation(np.array([0.0, 3.0]), 100, 0.0).tolist() == [0, 100]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(0.001, 1000.0), min_size=3, max_size=40),
    st.integers(1, 10_000_000),
    st.floats(0.05, 1.0),
)
def test_points_add_up_to_the_budget_and_no_creator_passes_the_cap(
    totals: list[float], budget: int, cap: float
) -> None:
    out = creator_allocation(np.array(totals), budget, cap)
    limit = int(cap * budget)
    assert out.max() <= limit
    if cap * len(totals) >= 1.0 + 1e-9 and limit * len(totals) >= budget:
        assert int(out.sum()) == budget
