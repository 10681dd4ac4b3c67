"""The points scale of a ``rank`` run: its config, else the shipped ``rank.toml``."""

from __future__ import annotations

from hackoclock.scoring.config import load_config
from hackoclock.scoring.report.scale import points_scale


def test_a_rank_run_uses_its_absolute_scale_or_its_pool_budget() -> None:
    scale = points_scale("rank", {}, load_config("rank").text, 0)
    assert scale is not None
    assert (scale.points, scale.source) == (1400.0, "run config points.scale")
    pool = '[points]\nmode = "pool"\nbudget = 5000\nscale = 1400\n'
    scale = points_scale("rank", {}, pool, 0)
    assert scale is not None and scale.points == 5000.0


def test_without_config_or_parameters_the_shipped_rank_defaults_give_the_scale() -> None:
    scale = points_scale("rank", {}, "", 0)
    assert scale is not None
    assert (scale.points, scale.source) == (1400.0, "default rank.toml points.scale")
