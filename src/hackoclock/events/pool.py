"""Viewer-centric pool (after Ghosh et al.'s ScaledUserProp and Deezer's user-centric model).

Each qualified viewer's weight is its qualified watch seconds in the period, capped at
``cap_seconds``; the budget is split over viewers in proportion to those weights, and each
viewer's part over the creators it watched in proportion to qualified watch time. Without a
cap this equals pro rata to watch time; the cap bounds what one (bot) account can steer.
Splitting a viewer whose watch time is under the cap into Sybil ids changes no creator's pay.
Whole points by largest remainder (ties by creator id): the parts add up to the budget.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir
import numpy as np
import pandas as pd


def viewer_centric_weights(
    qualifying: ir.Table, videos: ir.Table, start: ibis.Value | object, cap_seconds: float
) -> ir.Table:
    """Per creator: ``weight`` (the exact share of the budget, 0..1) from qualifying views
    (``qualify.qualifying``) inside the period; ``videos`` maps video_id to creator_id."""
    q = qualifying.filter(qualifying.first >= start)
    q = q.inner_join(videos.select("video_id", "creator_id"), "video_id")
    pv = q.group_by("viewer_id", "creator_id").aggregate(w=q.watched.sum())
    per_viewer = pv.group_by(v__id=pv.viewer_id).aggregate(total=pv.w.sum())
    per_viewer = per_viewer.mutate(capped=ibis.least(per_viewer.total, cap_seconds))
    j = pv.inner_join(per_viewer, pv.viewer_id == per_viewer.v__id)
    j = j.mutate(part=j.capped * j.w / j.total.nullif(0))
    per_creator = j.group_by("creator_id").aggregate(raw=j.part.sum())
    return per_creator.mutate(weight=per_creator.raw / per_creator.raw.sum().over(ibis.window()))


def whole_points(weights: pd.DataFrame, budget: int) -> pd.DataFrame:
    """``points`` per creator: floor of budget x weight, the remainder by largest fraction."""
    df = weights.sort_values("creator_id").reset_index(drop=True)
    exact = df["weight"].to_numpy(dtype="float64") * budget
    base = np.floor(exact).astype("int64")
    left = budget - int(base.sum())
    order = np.lexsort((df["creator_id"].to_numpy(), -(exact - base)))
    base[order[:left]] += 1
    return df.assign(points=base)
