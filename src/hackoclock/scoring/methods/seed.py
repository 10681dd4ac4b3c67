"""Method ``seed``: the prototype's formula, reproduced exactly.

For each of views, likes, shares, bookmarks, engagement_rate, comments and sentiment: the z-score
with the population standard deviation, then min-max scaled to 0..1; the seven summed, times 200,
rounded half to even (numpy/pandas ``round``, as the prototype's pandas code rounded).

- ``engagement_rate`` = (likes + shares + bookmarks + comments) / views, a missing count counting
  as 0 in the sum (the prototype's data had no bookmarks column at all); NULL when views are 0.
- Videos without a content score (``sentiment`` NULL) are left out of the statistics, as the
  prototype did; they are returned as not scored (``eligible`` false, 0 points, with the reason).
- A field missing for every video, or constant, contributes 0 (its z-score is undefined); a
  value missing for one video contributes 0 for that video.
"""

from __future__ import annotations

from typing import Any

import ibis
import ibis.expr.types as ir

from hackoclock.scoring.config import ScoringConfig, need
from hackoclock.scoring.methods.stats import (
    Materialize,
    keep,
    round_half_even,
    with_split_points,
    with_stats,
)
from hackoclock.scoring.schema import conform

SEED_FIELDS = ("views", "likes", "shares", "bookmarks", "engagement_rate", "comments", "sentiment")
NOT_SCORED = "no content score: the seed method leaves such videos out"


def validate(cfg: dict[str, Any]) -> None:
    """The seed formula's only parameters: a positive multiplier, half-even rounding."""
    need(cfg["points"]["multiplier"] > 0, "points.multiplier must be positive")
    need(cfg["points"]["rounding"] == "half-even", "points.rounding must be 'half-even'")


def seed_scores(table: ir.Table, cfg: ScoringConfig, materialize: Materialize = keep) -> ir.Table:
    """Score a period table with the seed formula; one output row per input row."""
    t = conform(table)
    engagement = sum(
        (ibis.coalesce(t[c], 0) for c in ("likes", "shares", "bookmarks", "comments")),
        ibis.literal(0, "int64"),
    )
    t = t.mutate(engagement_rate=engagement.cast("float64") / t.views.cast("float64").nullif(0))
    scored = t.sentiment.notnull()
    x = {f: t[f].cast("float64") for f in SEED_FIELDS}
    t = with_stats(
        t,
        {
            **{f"{f}__mean": x[f].mean(where=scored) for f in SEED_FIELDS},
            **{f"{f}__sd": x[f].std(how="pop", where=scored) for f in SEED_FIELDS},
        },
        materialize,
    )
    t = t.mutate(
        **{
            f"{f}__z": (t[f].cast("float64") - t[f"{f}__mean"]) / t[f"{f}__sd"].nullif(0)
            for f in SEED_FIELDS
        }
    )
    t = with_stats(
        t,
        {
            **{f"{f}__zmin": t[f"{f}__z"].min(where=scored) for f in SEED_FIELDS},
            **{f"{f}__zmax": t[f"{f}__z"].max(where=scored) for f in SEED_FIELDS},
        },
        materialize,
    )
    comps = {
        f: ibis.ifelse(
            scored,
            ibis.coalesce(
                (t[f"{f}__z"] - t[f"{f}__zmin"]) / (t[f"{f}__zmax"] - t[f"{f}__zmin"]).nullif(0),
                0.0,
            ),
            ibis.null("float64"),
        )
        for f in SEED_FIELDS
    }
    t = t.mutate(**{f"comp_{f}": v for f, v in comps.items()})
    total = sum((ibis.coalesce(t[f"comp_{f}"], 0.0) for f in SEED_FIELDS), ibis.literal(0.0))
    multiplier = cfg.number("points", "multiplier")
    t = t.mutate(
        score=total,
        points=ibis.ifelse(scored, round_half_even(total * multiplier), 0).cast("int64"),
        eligible=scored,
        ineligible_reason=ibis.ifelse(scored, ibis.null("string"), ibis.literal(NOT_SCORED)),
        held=ibis.literal(False),
    )
    shares = {f: t[f"comp_{f}"] / t.score.nullif(0) for f in SEED_FIELDS}
    t = with_split_points(t, "points", shares, "contrib_")
    keep = [c for c in t.columns if "__" not in c]
    return t.select(*keep)
