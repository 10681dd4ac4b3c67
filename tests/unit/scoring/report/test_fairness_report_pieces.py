"""Pieces of the report that need no database: picking the outlier, escaping, the summary."""

from __future__ import annotations

import math
from datetime import UTC, datetime

import numpy as np

from hackoclock.scoring.report.data import CreatorRows, RunData, RunInfo, VideoRows
from hackoclock.scoring.report.html import render
from hackoclock.scoring.report.sensitivity import largest_video
from hackoclock.scoring.report.summary import summarize

T = datetime(2026, 11, 1, tzinfo=UTC)


def _videos(views: list[float], points: list[int]) -> VideoRows:
    n = len(views)
    return VideoRows(
        video_ids=[f"v{i}" for i in range(n)],
        creator_ids=["<b>c</b>"] * n,
        captions=["<img src=x onerror=alert(1)>"] * n,
        views=np.array(views, dtype=np.float64),
        points=np.array(points, dtype=np.int64),
        components=["reach"],
        contributions=np.array(points, dtype=np.int64).reshape(n, 1),
        held=np.zeros(n, dtype=np.bool_),
        eligible=np.ones(n, dtype=np.bool_),
    )


def _run_data(views: list[float], points: list[int]) -> RunData:
    info = RunInfo(1, "fair", "duckdb", T, T, "finished", T, "", "0" * 64, 0, 0, {})
    crs = CreatorRows(
        ["<b>c</b>"],
        ["<script>x</script>"],
        np.array([sum(points)], dtype=np.int64),
        np.array([math.nan]),
        np.array([math.nan]),
    )
    return RunData(info, _videos(views, points), crs)


def test_the_largest_video_is_the_most_viewed_and_ties_go_to_the_first_id() -> None:
    assert largest_video(_videos([10, 500, 500, math.nan], [1, 2, 3, 4])) == 1


def test_there_is_no_largest_video_without_any_view_count() -> None:
    assert largest_video(_videos([math.nan, math.nan], [1, 2])) is None
    assert largest_video(_videos([], [])) is None


def test_a_summary_of_one_creator_has_gini_zero_and_no_correlations() -> None:
    """One creator with 10 + 30 = 40 points: Gini 0, top 10% = 0.1 creators -> 0.1 of 40 / 40."""
    s = summarize(_run_data([100, 200], [10, 30]), None)
    assert s["gini"] == 0.0 and s["creators"] == 1
    assert s["top_10pct_share"] == 0.1
    assert s["spearman_views"] == {"rho": None, "n": 0}
    assert s["variance_shares"] == {"reach": 1.0}
    assert s["outlier_sensitivity"]["available"] is False


def test_the_page_escapes_names_ids_and_captions() -> None:
    page = render([summarize(_run_data([100, 200], [10, 30]), None)], None, [])
    assert "<script>x" not in page and "<b>c</b>" not in page
    assert "&lt;script&gt;x&lt;/script&gt;" in page and "&lt;b&gt;c&lt;/b&gt;" in page
