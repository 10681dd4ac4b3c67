"""Which points scale the outlier-sensitivity figure is a percentage of."""

from __future__ import annotations

from hackoclock.scoring.report.scale import Scale, points_scale


def test_absolute_points_use_the_configured_scale() -> None:
    config = '[points]\nmode = "absolute"\nscale = 1400\nbudget = 1000000\n'
    assert points_scale("custom", {}, config, 90) == Scale(1400.0, "run config points.scale")


def test_pool_points_use_the_budget() -> None:
    config = '[points]\nmode = "pool"\nscale = 1400\nbudget = 50000\n'
    assert points_scale("custom", {}, config, 90) == Scale(50000.0, "run config points.budget")


def test_seed_points_top_out_at_seven_fields_times_the_multiplier() -> None:
    """7 z-scores each min-max scaled to 0..1, summed, times 100 -> at most 700."""
    scale = points_scale("seed", {}, "[points]\nmultiplier = 100\n", 300)
    assert scale is not None and scale.points == 700.0


def test_seed_without_a_multiplier_uses_the_prototypes_two_hundred() -> None:
    scale = points_scale("seed", {}, "not toml at all [", 300)
    assert scale is not None and scale.points == 1400.0


def test_without_a_scale_anywhere_the_largest_points_are_used_and_said_so() -> None:
    scale = points_scale("custom", {"weights": {"reach": 1}}, 'method = "custom"\n', 250)
    assert scale == Scale(250.0, "the run's largest points (no scale in its config)")
    assert points_scale("custom", {}, "", 0) is None


def test_a_boolean_or_negative_scale_is_ignored() -> None:
    config = "[points]\nscale = true\nbudget = -5\n"
    scale = points_scale("custom", {}, config, 40)
    assert scale is not None and scale.points == 40.0
