"""The fairness report of a scoring run: metrics as a dict, the Lorenz curve, an HTML page.

Service API for the front ends:

- ``fairness_summary(db, run_id)`` -> dict of every metric (JSON-serializable; None where a
  metric is undefined for the run, e.g. Spearman with fewer than 3 creators of known followers);
- ``lorenz_points(db, run_id)`` -> the Lorenz curve of creator points as (x, y) pairs;
- ``write_fairness_report(db, run_id, out_dir, compare_run_id=None)`` -> path of index.html,
  with the PNG plots and summary.json beside it.

An unknown run raises ``hackoclock.errors.NotFound``. The math is in ``scoring.fairness``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hackoclock.db.engine import Database
from hackoclock.errors import InvalidInput
from hackoclock.scoring.methods.registry import get as get_method
from hackoclock.scoring.report import plots
from hackoclock.scoring.report.data import RunData, load_run
from hackoclock.scoring.report.html import Image, render
from hackoclock.scoring.report.metrics import downsample_curve
from hackoclock.scoring.report.sensitivity import outlier_sensitivity
from hackoclock.scoring.report.strategies import strategies_section
from hackoclock.scoring.report.summary import compare, lorenz_vertices, pair_points, summarize

LORENZ_MAX_POINTS = 1001


def _summary(
    db: Database, data: RunData, sensitivity: bool, strategies: bool = False
) -> dict[str, Any]:
    summary = summarize(data, outlier_sensitivity(db, data) if sensitivity else None)
    if strategies:
        pays_views = get_method(data.run.method).pays_views
        summary["strategies"] = strategies_section(db, data.run, pays_views)
    return summary


def fairness_summary(
    db: Database, run_id: int, *, sensitivity: bool = True, strategies: bool = False
) -> dict[str, Any]:
    """Every fairness metric of one run. ``sensitivity=False`` skips the re-run (seconds);
    ``strategies=True`` adds what splitting, re-cutting, copies and pods would gain (seven
    re-scorings of the run's data in memory)."""
    return _summary(db, load_run(db, run_id), sensitivity, strategies)


def lorenz_points(
    db: Database, run_id: int, max_points: int = LORENZ_MAX_POINTS
) -> list[tuple[float, float]]:
    """Lorenz curve of creator points: (share of creators, share of points), (0,0) to (1,1).

    Creators with the fewest points come first; at most ``max_points`` vertices (evenly spaced,
    both ends kept). Empty for a run without videos.
    """
    xs, ys = lorenz_vertices(load_run(db, run_id))
    return downsample_curve(xs, ys, max_points) if xs.size else []


def _series(data: RunData, summary: dict[str, Any]) -> plots.Series:
    xs, ys = lorenz_vertices(data)
    shares = summary["variance_shares"]
    return plots.Series(
        label=f"run {data.run.id} ({data.run.method})",
        points=data.videos.points,
        views=data.videos.views,
        lorenz_x=xs,
        lorenz_y=ys,
        components=list(shares),
        shares=list(shares.values()),
    )


def _plot_all(out: Path, datas: list[RunData], summaries: list[dict[str, Any]]) -> list[Image]:
    series = [_series(d, s) for d, s in zip(datas, summaries, strict=True)]
    images = [
        Image("Lorenz curve of creator points", plots.lorenz(series, out / "lorenz.png")),
        Image("Points per video", plots.points_histogram(series, out / "points_histogram.png")),
        Image("Points vs views", plots.points_vs_views(series, out / "points_vs_views.png")),
        Image(
            "Share of the variance of points per component",
            plots.variance_shares(series, out / "variance_shares.png"),
        ),
    ]
    if len(datas) == 2:
        _, pa, pb = pair_points(datas[0], datas[1])
        path = plots.compare_scatter(
            pa, pb, (series[0].label, series[1].label), out / "compare_points.png"
        )
        images.append(Image("Per-video points of the two runs", path))
    return images


def write_fairness_report(
    db: Database,
    run_id: int,
    out_dir: Path | str,
    compare_run_id: int | None = None,
    *,
    sensitivity: bool = True,
    strategies: bool = False,
) -> Path:
    """Write ``out_dir/index.html`` (plus PNGs and summary.json) and return its path."""
    datas = [load_run(db, run_id)]
    if compare_run_id is not None:
        datas.append(load_run(db, compare_run_id))
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise InvalidInput(f"{out} exists and is not a folder")
    out.mkdir(parents=True, exist_ok=True)
    summaries = [_summary(db, d, sensitivity, strategies) for d in datas]
    comparison = compare(datas[0], datas[1]) if len(datas) == 2 else None
    images = _plot_all(out, datas, summaries)
    payload = {"runs": summaries, "comparison": comparison}
    (out / "summary.json").write_text(json.dumps(payload, indent=2), encoding="utf-8")
    index = out / "index.html"
    index.write_text(render(summaries, comparison, images), encoding="utf-8")
    return index
