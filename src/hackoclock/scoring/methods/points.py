"""Scores to whole points for ``fair``: ``absolute`` (fixed scale) or ``pool`` (fixed budget).

- absolute: points = round-half-even(scale x score) for eligible videos, 0 otherwise.
- pool: the budget is split over creators in proportion to their eligible videos' scores (with
  the optional cap, see ``allocation``), then each creator's whole points over their videos in
  proportion to score, by largest remainder (ties: lower video_id first). The total is exactly
  the budget. Held videos keep their points: held only marks them for review.

Then each video's points are split into per-component contributions (largest remainder).
"""

from __future__ import annotations

from typing import Any

import ibis
import ibis.expr.types as ir
import numpy as np
from ibis.backends import BaseBackend

from hackoclock.scoring.config import ScoringConfig
from hackoclock.scoring.methods.allocation import creator_allocation
from hackoclock.scoring.methods.fair import COMPONENTS
from hackoclock.scoring.methods.stats import (
    FIXED_ONE,
    clamp,
    fixed,
    round9,
    round_half_even,
    with_split_points,
)


def assign_points(
    con: BaseBackend, t: ir.Table, cfg: ScoringConfig
) -> tuple[ir.Table, dict[str, Any]]:
    """Add ``points`` and ``contrib_<component>``; return the table and facts for the run."""
    info: dict[str, Any] = {"mode": cfg.get("points", "mode")}
    if cfg.get("points", "mode") == "absolute":
        scale = cfg.number("points", "scale")
        info["scale"] = scale
        t = t.mutate(points=ibis.ifelse(t.eligible, round_half_even(t.score * scale), 0))
    else:
        t, pool_info = _pool_points(con, t, cfg)
        info.update(pool_info)
    t = t.mutate(points=t.points.cast("int64"))
    shares = {k: t[f"share_{k}"] for k in COMPONENTS}
    return with_split_points(t, "points", shares, "contrib_"), info


def _pool_points(
    con: BaseBackend, t: ir.Table, cfg: ScoringConfig
) -> tuple[ir.Table, dict[str, Any]]:
    budget = int(cfg.get("points", "budget"))
    cap = cfg.number("points", "creator_cap_share")
    weight = ibis.ifelse(t.eligible, fixed(clamp(t.score, 0.0, 1.0)), 0)
    t = t.mutate(pool_weight=weight.cast("int64"))
    totals = con.to_pyarrow(
        t.group_by("creator_id").aggregate(total=t.pool_weight.sum()).order_by("creator_id")
    )
    ids = totals["creator_id"].to_pylist()
    values = np.asarray(totals["total"].to_numpy(zero_copy_only=False), dtype=np.float64)
    values = np.nan_to_num(values) / FIXED_ONE
    alloc = creator_allocation(values, budget, cap)
    per_creator = ibis.memtable(
        {"creator_id": ids, "creator_points": alloc, "creator_weight": totals["total"]}
    )
    t = t.left_join(per_creator, "creator_id").drop("creator_id_right")
    weight_share = t.pool_weight.cast("float64") / t.creator_weight.cast("float64").nullif(0)
    exact = t.creator_points.cast("float64") * weight_share
    t = t.mutate(pool_exact=round9(ibis.coalesce(exact, 0.0)))
    t = t.mutate(pool_floor=t.pool_exact.floor().cast("int64"))
    by_creator = ibis.window(group_by=t.creator_id)
    ranked = ibis.window(
        group_by=t.creator_id,
        order_by=[ibis.desc(t.pool_exact - t.pool_floor), t.video_id],
    )
    left = t.creator_points - t.pool_floor.sum().over(by_creator)
    t = t.mutate(points=t.pool_floor + ibis.ifelse(ibis.row_number().over(ranked) < left, 1, 0))
    t = t.drop("pool_weight", "creator_points", "creator_weight", "pool_exact", "pool_floor")
    distributed = int(alloc.sum())
    info = {
        "budget": budget,
        "creator_cap_share": cap,
        "distributed": distributed,
        "undistributed": budget - distributed if values.sum() > 0 else budget,
        "scale": float(budget),
    }
    return t, info
