"""Scatter plots draw at most a fixed number of dots, chosen evenly and deterministically."""

from __future__ import annotations

from hackoclock.scoring.report.plots import thin


def test_small_series_are_drawn_whole() -> None:
    assert thin(5, limit=10).tolist() == [0, 1, 2, 3, 4]


def test_large_series_are_thinned_evenly_keeping_both_ends() -> None:
    """101 items down to 5: linspace(0, 100, 5) = 0, 25, 50, 75, 100."""
    assert thin(101, limit=5).tolist() == [0, 25, 50, 75, 100]
