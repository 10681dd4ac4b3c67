"""Scored rows (a DataFrame from the engine) to ``video_scores`` records with JSON columns."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd

from hackoclock.scoring.methods.registry import ALL_FLAGS
from hackoclock.scoring.pipeline import DETAILS, ScoredPeriod
from hackoclock.scoring.schema import COUNTS, RATES


def _value(v: Any) -> Any:
    """A plain Python value: pandas NA/NaN become None, numpy scalars Python numbers."""
    if v is None or v is pd.NA:
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    if hasattr(v, "item"):
        v = v.item()
        if isinstance(v, float) and math.isnan(v):
            return None
    return v


def _missing(r: dict[str, Any], comps: tuple[str, ...]) -> list[str]:
    """Components the video lacks, then (``fair``, ``rank``) the per-view rates left out of
    quality."""
    missing = [c for c in comps if r[f"comp_{c}"] is None]
    if "comp_quality" in r and r["comp_quality"] is not None:
        missing += [
            f"{k}_per_view"
            for k in RATES
            for col in (f"z_{k}_per_view", f"pct_{k}_per_view")  # fair, rank
            if col in r and r[col] is None
        ]
    return missing


PAID_VIEWS = ("views_total", "views_paid_before", "paid_views")  # their own columns (ledger reads)


def _count(v: Any) -> int | None:
    return None if v is None else int(v)


def to_records(scored: ScoredPeriod, run_id: int) -> list[dict[str, Any]]:
    """One ``video_scores`` row per scored video."""
    frame = scored.frame
    comps = scored.components
    details = [c for c in DETAILS if c in frame.columns and c not in PAID_VIEWS]
    flag_cols = [f for f in ALL_FLAGS if f"flag_{f}" in frame.columns]
    out: list[dict[str, Any]] = []
    for row in frame.to_dict("records"):
        r = {k: _value(v) for k, v in row.items()}
        components = {c: r[f"comp_{c}"] for c in comps if r[f"comp_{c}"] is not None}
        components.update({d: r[d] for d in details if r[d] is not None})
        out.append(
            {
                "run_id": run_id,
                "video_id": r["video_id"],
                "creator_id": r["creator_id"],
                **{c: None if r[c] is None else int(r[c]) for c in COUNTS},
                "score": float(r["score"] or 0.0),
                "points": int(r["points"]),
                "components": components,
                "contributions": {c: int(r[f"contrib_{c}"] or 0) for c in comps},
                "missing": _missing(r, comps),
                "eligible": bool(r["eligible"]),
                "ineligible_reason": r["ineligible_reason"],
                "flags": [f for f in flag_cols if r[f"flag_{f}"]],
                "held": bool(r["held"]),
                **{c: _count(r.get(c)) for c in PAID_VIEWS},
            }
        )
    return out
