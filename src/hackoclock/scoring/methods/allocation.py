"""Splitting a pool budget over creators: proportional, an optional cap, whole points.

This runs on the per-creator totals (one number per creator), in NumPy, after the engine has
aggregated them; the per-video split inside each creator is Ibis again (``points``).
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt


def creator_allocation(
    totals: npt.NDArray[np.float64], budget: int, cap_share: float
) -> npt.NDArray[np.int64]:
    """Whole points per creator: ``budget`` split in proportion to ``totals``.

    With ``cap_share`` > 0 no creator gets more than floor(cap_share x budget); a capped
    creator's excess goes to the others in proportion to their totals (repeated until no one is
    over the cap). Points then add up exactly to the budget (largest remainder; ties go to the
    earlier creator in the given order), unless every creator with a positive total is capped,
    in which case the cap wins and the rest stays undistributed. Zero totals get 0.
    """
    n = len(totals)
    out = np.zeros(n, dtype=np.int64)
    positive = totals > 0
    if not positive.any():
        return out
    limit = math.floor(cap_share * budget) if cap_share > 0 else budget
    capped = np.zeros(n, dtype=bool)
    while True:
        free = positive & ~capped
        remaining = budget - limit * int(capped.sum())
        if not free.any() or remaining <= 0:
            break
        exact = np.where(free, remaining * totals / totals[free].sum(), 0.0)
        over = free & (exact > limit)
        if not over.any():
            break
        capped |= over
    out[capped] = limit
    free = positive & ~capped
    remaining = budget - int(out.sum())
    if not free.any() or remaining <= 0:
        return out
    exact = np.where(free, remaining * totals / totals[free].sum(), 0.0)
    floors = np.minimum(np.floor(exact).astype(np.int64), limit)
    out[free] = floors[free]
    left = remaining - int(floors[free].sum())
    room = free & (out < limit)
    order = np.argsort(-(exact - floors), kind="stable")
    for i in order:
        if left <= 0:
            break
        if room[i]:
            out[i] += 1
            left -= 1
    return out
