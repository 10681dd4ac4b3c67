"""PNG plots of the fairness report (matplotlib's Agg canvas; no pyplot global state).

Each function takes one series per run (one run, or the run and the one it is compared with)
and writes a PNG to ``path``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

DPI = 100
SIZE = (6.4, 4.2)
COLORS = ("#1f77b4", "#d62728")
MAX_SCATTER = 50_000  # more dots add drawing time, not information


@dataclass(frozen=True)
class Series:
    """One run's data for the plots."""

    label: str
    points: npt.NDArray[np.int64]  # per video
    views: npt.NDArray[np.float64]  # per video, nan where unknown
    lorenz_x: npt.NDArray[np.float64]
    lorenz_y: npt.NDArray[np.float64]
    components: list[str]
    shares: list[float | None]  # variance share per component


def _figure() -> Figure:
    fig = Figure(figsize=SIZE, dpi=DPI, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def thin(n: int, limit: int = MAX_SCATTER) -> npt.NDArray[np.int64]:
    """Indices of at most ``limit`` of ``n`` items, evenly spaced (deterministic)."""
    if n <= limit:
        return np.arange(n, dtype=np.int64)
    return np.unique(np.linspace(0, n - 1, limit).astype(np.int64))


def _sampled_note(shown: int, total: int) -> str:
    return "" if shown == total else f" ({shown:,} of {total:,} videos shown)"


def _save(fig: Figure, path: Path) -> Path:
    fig.savefig(path, format="png")
    return path


def lorenz(series: list[Series], path: Path) -> Path:
    """Lorenz curve of creator points per run, with the line of equality."""
    fig = _figure()
    ax = fig.add_subplot()
    ax.plot([0, 1], [0, 1], color="grey", linestyle="--", label="equality")
    for s, color in zip(series, COLORS, strict=False):
        ax.plot(s.lorenz_x, s.lorenz_y, color=color, label=s.label)
    ax.set(xlim=(0, 1), ylim=(0, 1), xlabel="share of creators (fewest points first)")
    ax.set_ylabel("share of points")
    ax.set_title("Lorenz curve of creator points")
    ax.legend(loc="upper left")
    return _save(fig, path)


def points_histogram(series: list[Series], path: Path) -> Path:
    """Histogram of per-video points per run."""
    fig = _figure()
    ax = fig.add_subplot()
    top = max((int(s.points.max()) for s in series if s.points.size), default=1)
    bins = np.linspace(0, max(top, 1), 41).tolist()
    for s, color in zip(series, COLORS, strict=False):
        ax.hist(s.points, bins=bins, color=color, alpha=0.55, label=s.label)
    ax.set(xlabel="points per video", ylabel="videos", title="Points per video")
    ax.legend()
    return _save(fig, path)


def points_vs_views(series: list[Series], path: Path) -> Path:
    """Per-video points against period views, views on a log axis (views of 0 left out)."""
    fig = _figure()
    ax = fig.add_subplot()
    note = ""
    for s, color in zip(series, COLORS, strict=False):
        keep = np.flatnonzero(np.isfinite(s.views) & (s.views > 0))
        shown = keep[thin(keep.size)]
        note = note or _sampled_note(shown.size, keep.size)
        ax.scatter(s.views[shown], s.points[shown], s=8, alpha=0.5, color=color, label=s.label)
    ax.set_xscale("log")
    ax.set(xlabel="period views (log scale)", ylabel="points", title="Points vs views" + note)
    ax.legend()
    return _save(fig, path)


def variance_shares(series: list[Series], path: Path) -> Path:
    """Bar chart: the share of the variance of points each component explains, per run."""
    fig = _figure()
    ax = fig.add_subplot()
    names = sorted({c for s in series for c in s.components})
    width = 0.8 / max(len(series), 1)
    x = np.arange(len(names), dtype=np.float64)
    for i, (s, color) in enumerate(zip(series, COLORS, strict=False)):
        by_name = dict(zip(s.components, s.shares, strict=True))
        heights = [by_name.get(n) or 0.0 for n in names]
        ax.bar(x + i * width, heights, width=width, color=color, label=s.label)
    ax.set_xticks(x + width * (len(series) - 1) / 2, names, rotation=30, ha="right")
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set(ylabel="share of variance of points", title="What drives the points")
    ax.legend()
    return _save(fig, path)


def compare_scatter(
    a: npt.NDArray[np.int64], b: npt.NDArray[np.int64], labels: tuple[str, str], path: Path
) -> Path:
    """Per-video points of one run against another, with the diagonal for reference."""
    fig = _figure()
    ax = fig.add_subplot()
    shown = thin(a.size)
    ax.scatter(a[shown], b[shown], s=8, alpha=0.5, color=COLORS[0])
    top = float(max(int(a.max()) if a.size else 1, int(b.max()) if b.size else 1, 1))
    ax.plot([0, top], [0, top], color="grey", linestyle="--")
    ax.set(xlabel=f"points, {labels[0]}", ylabel=f"points, {labels[1]}")
    ax.set_title("Per-video points of the two runs" + _sampled_note(shown.size, a.size))
    return _save(fig, path)
