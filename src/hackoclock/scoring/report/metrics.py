"""Fairness metrics of a points distribution: pure functions on NumPy arrays.

Nothing here touches a database; ``hackoclock.scoring.report.service`` gathers the arrays.

Conventions (each documented in ``docs/fairness.md``):

- Values are non-negative points; a negative value is a caller error (``ValueError``).
- A metric that is undefined for the input (no values, nothing distributed, fewer than three
  pairs for a correlation, a constant series) is ``nan``, never a made-up number.
- "Top p share" treats creators as divisible: the top ``p * n`` creators, where a fractional
  creator contributes that fraction of the next-largest creator's points. This is exactly
  ``1 - L(1 - p)`` on the piecewise-linear Lorenz curve ``L``, and ties cannot change it
  (tied creators hold equal points, so whichever one is picked adds the same amount).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy.stats import rankdata

FloatArray = npt.NDArray[np.float64]


def _non_negative(values: npt.ArrayLike) -> FloatArray:
    arr = np.asarray(values, dtype=np.float64).ravel()
    if arr.size and (np.isnan(arr).any() or (arr < 0).any()):
        raise ValueError("points must be non-negative numbers (no NaN, no negatives)")
    return arr


def gini(values: npt.ArrayLike) -> float:
    """Gini coefficient of non-negative values: 0 = everyone equal, (n-1)/n = one holds all.

    Uses the sorted-values form ``G = sum_i (2i - n - 1) x_(i) / (n * sum x)`` with i = 1..n
    over ascending values, which equals the mean absolute difference over twice the mean.
    A single value and all-zero values give 0 (nobody has more than anybody); no values give nan.
    """
    x = np.sort(_non_negative(values))
    n = x.size
    if n == 0:
        return math.nan
    total = float(x.sum())
    if total == 0.0:
        return 0.0
    weights = 2.0 * np.arange(1, n + 1, dtype=np.float64) - n - 1.0
    return float(np.dot(weights, x) / (n * total))


def lorenz_curve(values: npt.ArrayLike) -> tuple[FloatArray, FloatArray]:
    """Lorenz curve vertices: (share of creators, share of points), from (0, 0) to (1, 1).

    Ascending values; vertex i is (i/n, sum of the i smallest / total). When nothing was
    distributed (all zero) the curve is the line of equality. No values give empty arrays.
    """
    x = np.sort(_non_negative(values))
    n = x.size
    if n == 0:
        return np.empty(0), np.empty(0)
    pop = np.arange(n + 1, dtype=np.float64) / n
    total = float(x.sum())
    if total == 0.0:
        return pop, pop.copy()
    cum = np.concatenate(([0.0], np.cumsum(x)))
    share = cum / total
    share[-1] = 1.0  # exact end point despite rounding in the running sum
    return pop, share


def downsample_curve(xs: FloatArray, ys: FloatArray, max_points: int) -> list[tuple[float, float]]:
    """At most ``max_points`` vertices of a curve, evenly spaced by index, always both ends."""
    if max_points < 2:
        raise ValueError("max_points must be at least 2")
    n = xs.size
    if n <= max_points:
        idx = np.arange(n)
    else:
        idx = np.unique(np.round(np.linspace(0, n - 1, max_points)).astype(np.int64))
    return [(float(xs[i]), float(ys[i])) for i in idx]


def top_share(values: npt.ArrayLike, fraction: float) -> float:
    """Share of all points held by the top ``fraction`` of creators (fractional creators allowed).

    With n creators the top ``fraction * n`` are taken; a fractional creator counts for that
    fraction of the next-largest value. nan when there are no values or nothing was distributed.
    """
    if not 0.0 < fraction <= 1.0:
        raise ValueError("fraction must be in (0, 1]")
    x = np.sort(_non_negative(values))[::-1]
    n = x.size
    total = float(x.sum()) if n else 0.0
    if n == 0 or total == 0.0:
        return math.nan
    k = round(fraction * n, 9)  # 0.1 * 30 is 3.0000000000000004 in floating point
    whole = math.floor(k)
    part = k - whole
    held = float(x[:whole].sum())
    if whole < n:
        held += part * float(x[whole])
    return held / total


@dataclass(frozen=True)
class Correlation:
    """A rank correlation and the number of pairs it was computed on."""

    rho: float
    n: int


MIN_PAIRS = 3


def spearman(x: npt.ArrayLike, y: npt.ArrayLike) -> Correlation:
    """Spearman's rho: Pearson correlation of average ranks (ties share their mean rank).

    Pairs where either side is nan (unknown) are left out; ``n`` counts the pairs used.
    rho is nan with fewer than 3 pairs or when either side is constant.
    """
    a = np.asarray(x, dtype=np.float64).ravel()
    b = np.asarray(y, dtype=np.float64).ravel()
    if a.shape != b.shape:
        raise ValueError("x and y must have the same length")
    known = ~(np.isnan(a) | np.isnan(b))
    a, b = a[known], b[known]
    n = int(a.size)
    if n < MIN_PAIRS:
        return Correlation(math.nan, n)
    ra = rankdata(a) - (n + 1) / 2.0
    rb = rankdata(b) - (n + 1) / 2.0
    denom = math.sqrt(float(np.dot(ra, ra)) * float(np.dot(rb, rb)))
    if denom == 0.0:
        return Correlation(math.nan, n)
    rho = float(np.dot(ra, rb)) / denom
    return Correlation(max(-1.0, min(1.0, rho)), n)


def variance_shares(contributions: npt.ArrayLike) -> FloatArray:
    """Share of the variance of points each component explains: cov(c_k, p) / var(p).

    ``contributions`` is videos x components; points p are the row sums. Because
    ``sum_k cov(c_k, p) = cov(sum_k c_k, p) = var(p)``, the shares add up to 1. A share can be
    negative (a component that moves against the total) or above 1. All nan when var(p) = 0.
    """
    c = np.asarray(contributions, dtype=np.float64)
    if c.ndim != 2:
        raise ValueError("contributions must be a 2-D array (videos x components)")
    if c.shape[0] == 0:
        return np.full(c.shape[1], math.nan)
    p = c.sum(axis=1)
    pc = p - p.mean()
    var = float(np.dot(pc, pc))
    if var == 0.0:
        return np.full(c.shape[1], math.nan)
    cc = c - c.mean(axis=0)
    shares: FloatArray = (cc.T @ pc) / var
    return shares


@dataclass(frozen=True)
class PointChanges:
    """How far points moved, in percent of the points scale."""

    max_pct: float
    mean_pct: float
    n: int


def point_changes(before: npt.ArrayLike, after: npt.ArrayLike, scale: float) -> PointChanges:
    """Max and mean of |after - before| as a percentage of ``scale``; nan for no videos."""
    if not scale > 0:
        raise ValueError("scale must be positive")
    a = np.asarray(before, dtype=np.float64).ravel()
    b = np.asarray(after, dtype=np.float64).ravel()
    if a.shape != b.shape:
        raise ValueError("before and after must have the same length")
    if a.size == 0:
        return PointChanges(math.nan, math.nan, 0)
    moved = np.abs(b - a) / scale * 100.0
    return PointChanges(float(moved.max()), float(moved.mean()), int(a.size))
