"""Fairness metrics on small cases worked out by hand."""

from __future__ import annotations

import math

import numpy as np
import pytest

from hackoclock.scoring.report.metrics import (
    downsample_curve,
    gini,
    lorenz_curve,
    point_changes,
    spearman,
    top_share,
    variance_shares,
)


def test_gini_of_one_two_three_four_is_a_quarter() -> None:
    """sum (2i-n-1) x_i = -3*1 - 1*2 + 1*3 + 3*4 = 10; n * sum x = 4 * 10 = 40; 10/40 = 0.25.

    Check by pairs: |differences| 1,2,3,1,2,1 sum to 10, twice 20; 2 n^2 mean = 2*16*2.5 = 80.
    """
    assert gini([4, 1, 3, 2]) == pytest.approx(0.25)


def test_gini_when_one_creator_holds_everything_is_n_minus_one_over_n() -> None:
    """[0, 0, 0, 10]: sum (2i-5) x_i = 3 * 10 = 30; 4 * 10 = 40; 30/40 = 0.75 = (4-1)/4."""
    assert gini([0, 0, 10, 0]) == pytest.approx(0.75)


def test_gini_of_equal_points_is_zero() -> None:
    """[5, 5, 5]: weights -2, 0, 2 times 5 sum to 0."""
    assert gini([5, 5, 5]) == 0.0


def test_gini_of_all_zero_points_and_of_a_single_creator_is_zero() -> None:
    """Nothing distributed means nobody has more than anybody; one creator has no one to envy."""
    assert gini([0, 0, 0]) == 0.0
    assert gini([42]) == 0.0


def test_gini_of_no_creators_is_nan() -> None:
    assert math.isnan(gini([]))


def test_negative_points_are_rejected() -> None:
    with pytest.raises(ValueError, match="non-negative"):
        gini([3, -1])
    with pytest.raises(ValueError, match="non-negative"):
        top_share([1, float("nan")], 0.1)


def test_lorenz_curve_accumulates_the_smallest_first() -> None:
    """[4, 1, 3, 2] sorted 1,2,3,4 of total 10: cumulative 0,1,3,6,10 -> 0, .1, .3, .6, 1."""
    xs, ys = lorenz_curve([4, 1, 3, 2])
    assert xs.tolist() == [0.0, 0.25, 0.5, 0.75, 1.0]
    assert ys.tolist() == pytest.approx([0.0, 0.1, 0.3, 0.6, 1.0])


def test_lorenz_curve_of_all_zero_points_is_the_line_of_equality() -> None:
    xs, ys = lorenz_curve([0, 0])
    assert xs.tolist() == [0.0, 0.5, 1.0]
    assert ys.tolist() == [0.0, 0.5, 1.0]


def test_lorenz_curve_of_no_creators_is_empty() -> None:
    xs, ys = lorenz_curve([])
    assert xs.size == 0 and ys.size == 0


def test_downsampling_keeps_both_ends_and_at_most_the_limit() -> None:
    """11 vertices down to 3: indices round(linspace(0, 10, 3)) = 0, 5, 10."""
    xs = np.linspace(0, 1, 11)
    points = downsample_curve(xs, xs**2, 3)
    assert points == [(0.0, 0.0), (0.5, 0.25), (1.0, 1.0)]
    assert len(downsample_curve(xs, xs, 1000)) == 11


def test_top_ten_percent_of_four_creators_is_four_tenths_of_the_largest() -> None:
    """[10, 20, 30, 40], total 100: top 10% is 0.4 creators -> 0.4 * 40 = 16 -> 0.16."""
    assert top_share([10, 20, 30, 40], 0.10) == pytest.approx(0.16)


def test_top_half_of_four_creators_is_the_two_largest() -> None:
    """Top 50% of 4 = 2 whole creators: (40 + 30) / 100 = 0.7."""
    assert top_share([10, 20, 30, 40], 0.5) == pytest.approx(0.7)


def test_top_share_splits_a_fractional_creator_across_ties() -> None:
    """[0]*7 + [5, 5, 10], total 20: top 10% = 1 creator -> 10/20 = .5; top 25% = 2.5 creators
    -> 10 + 5 + 0.5 * 5 = 17.5 -> 0.875 (which of the tied 5s is taken cannot matter)."""
    values = [0] * 7 + [5, 5, 10]
    assert top_share(values, 0.10) == pytest.approx(0.5)
    assert top_share(values, 0.25) == pytest.approx(0.875)


def test_top_share_equals_one_minus_the_lorenz_curve() -> None:
    """30 creators with 1..30 points: k = 0.1 * 30 = 3 -> (30+29+28)/465 = 87/465."""
    values = np.arange(1, 31)
    assert top_share(values, 0.1) == pytest.approx(87 / 465)
    xs, ys = lorenz_curve(values)
    assert top_share(values, 0.1) == pytest.approx(1 - float(np.interp(0.9, xs, ys)))


def test_top_share_is_nan_when_nothing_was_distributed_and_rejects_bad_fractions() -> None:
    assert math.isnan(top_share([0, 0], 0.1))
    assert math.isnan(top_share([], 0.1))
    with pytest.raises(ValueError):
        top_share([1], 0.0)


def test_spearman_of_a_monotone_relation_is_one_and_of_a_reversed_one_minus_one() -> None:
    """Ranks of x^3 equal the ranks of x, so rho = 1; reversed ranks give -1."""
    x = [1, 2, 3, 4, 5]
    assert spearman(x, [1, 8, 27, 64, 125]).rho == pytest.approx(1.0)
    assert spearman(x, [5, 4, 3, 2, 1]).rho == pytest.approx(-1.0)


def test_spearman_with_one_swap_of_neighbours_is_point_nine() -> None:
    """x ranks 1..5, y ranks 2,1,3,4,5: d^2 = 1+1 = 2; 1 - 6*2/(5*24) = 1 - 0.1 = 0.9.

    Tie-free, so the classic formula applies: rho = 0.9.
    """
    assert spearman([1, 2, 3, 4, 5], [20, 10, 30, 40, 50]).rho == pytest.approx(0.9)


def test_spearman_gives_ties_their_average_rank() -> None:
    """x = 1,2,3,4; y = 1,1,2,3 has ranks 1.5,1.5,3,4 (mean 2.5): centred x -1.5,-.5,.5,1.5 and
    y -1,-1,.5,1.5; dot = 1.5+.5+.25+2.25 = 4.5; |x|^2 = 5, |y|^2 = 4.5; rho = 4.5/sqrt(22.5)."""
    result = spearman([1, 2, 3, 4], [1, 1, 2, 3])
    assert result.rho == pytest.approx(4.5 / math.sqrt(22.5))
    assert result.n == 4


def test_spearman_leaves_out_unknown_pairs_and_needs_three() -> None:
    """Two of four followers unknown leaves 2 pairs: too few, rho is nan, n says 2."""
    nan = float("nan")
    result = spearman([1, 2, 3, 4], [10, nan, 30, nan])
    assert result.n == 2 and math.isnan(result.rho)


def test_spearman_of_a_constant_series_is_nan() -> None:
    assert math.isnan(spearman([1, 2, 3], [7, 7, 7]).rho)


def test_variance_shares_split_by_covariance_with_the_total() -> None:
    """Contributions (a, b): (0, 0), (2, 0), (4, 4) -> points 0, 2, 8, mean 10/3.

    Centred p: -10/3, -4/3, 14/3; var*n = (100 + 16 + 196)/9 = 312/9.
    a centred (mean 2): -2, 0, 2 -> dot = 20/3 + 0 + 28/3 = 48/3 = 144/9 -> share 144/312.
    b centred (mean 4/3): -4/3, -4/3, 8/3 -> dot = 40/9 + 16/9 + 112/9 = 168/9 -> 168/312.
    144/312 + 168/312 = 1.
    """
    shares = variance_shares([[0, 0], [2, 0], [4, 4]])
    assert shares.tolist() == pytest.approx([144 / 312, 168 / 312])
    assert float(shares.sum()) == pytest.approx(1.0)


def test_a_constant_component_explains_none_of_the_variance() -> None:
    """Component b is 5 everywhere: its covariance with anything is 0, a explains all."""
    shares = variance_shares([[1, 5], [3, 5], [8, 5]])
    assert shares.tolist() == pytest.approx([1.0, 0.0])


def test_variance_shares_are_nan_when_every_video_has_the_same_points() -> None:
    """Points 3, 3: var(p) = 0, nothing to explain."""
    shares = variance_shares([[1, 2], [2, 1]])
    assert all(math.isnan(s) for s in shares)


def test_point_changes_are_percent_of_the_scale() -> None:
    """Moves |12-10| = 2, |10-10| = 0, |19-20| = 1 on a scale of 200: max 1%, mean 0.5%."""
    changes = point_changes([10, 10, 20], [12, 10, 19], 200)
    assert changes.max_pct == pytest.approx(1.0)
    assert changes.mean_pct == pytest.approx(0.5)
    assert changes.n == 3


def test_point_changes_with_no_videos_are_nan_and_the_scale_must_be_positive() -> None:
    assert math.isnan(point_changes([], [], 100).max_pct)
    with pytest.raises(ValueError):
        point_changes([1], [1], 0)
