"""The fairness metrics of one run (and of a pair of runs) as a JSON-serializable dict."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from hackoclock.scoring.report.data import RunData, RunInfo
from hackoclock.scoring.report.metrics import (
    Correlation,
    gini,
    lorenz_curve,
    spearman,
    top_share,
    variance_shares,
)
from hackoclock.scoring.report.sensitivity import Sensitivity

TOP_CREATORS = 10


def finite(value: float) -> float | None:
    """A float for JSON: nan (undefined) becomes None."""
    return None if math.isnan(value) else float(value)


def _correlation(result: Correlation) -> dict[str, Any]:
    return {"rho": finite(result.rho), "n": result.n}


def run_header(run: RunInfo) -> dict[str, Any]:
    """The run's identity, as shown at the top of the report."""
    return {
        "id": run.id,
        "method": run.method,
        "engine": run.engine,
        "period_start": run.period_start.isoformat(),
        "period_end": run.period_end.isoformat(),
        "status": run.status,
        "created_at": run.created_at.isoformat(),
        "config_hash": run.config_hash,
    }


def _top_creators(data: RunData) -> list[dict[str, Any]]:
    crs = data.creators
    total = int(crs.points.sum())
    order = sorted(range(len(crs.creator_ids)), key=lambda i: (-int(crs.points[i]), i))
    return [
        {
            "creator_id": crs.creator_ids[i],
            "username": crs.usernames[i],
            "points": int(crs.points[i]),
            "share": finite(int(crs.points[i]) / total) if total else None,
        }
        for i in order[:TOP_CREATORS]
    ]


def _variance(data: RunData) -> dict[str, Any]:
    vids = data.videos
    shares = variance_shares(vids.contributions)
    mismatched = int((vids.contributions.sum(axis=1) != vids.points).sum())
    return {
        "variance_shares": {
            name: finite(float(s)) for name, s in zip(vids.components, shares, strict=True)
        },
        "variance_shares_sum": finite(float(shares.sum())) if shares.size else None,
        "contribution_mismatches": mismatched,
    }


def summarize(data: RunData, sensitivity: Sensitivity | None) -> dict[str, Any]:
    """Every fairness metric of one run. ``None`` marks a value that is undefined for the run."""
    crs, vids = data.creators, data.videos
    return {
        "run": run_header(data.run),
        "videos": len(vids.video_ids),
        "creators": len(crs.creator_ids),
        "points_total": int(vids.points.sum()),
        "held_videos": int(vids.held.sum()),
        "ineligible_videos": int((~vids.eligible).sum()),
        "gini": finite(gini(crs.points)),
        "top_1pct_share": finite(top_share(crs.points, 0.01)) if crs.points.size else None,
        "top_10pct_share": finite(top_share(crs.points, 0.10)) if crs.points.size else None,
        "spearman_followers": _correlation(spearman(crs.points, crs.followers)),
        "spearman_views": _correlation(spearman(crs.points, crs.views)),
        **_variance(data),
        "top_creators": _top_creators(data),
        "outlier_sensitivity": (
            sensitivity.to_dict()
            if sensitivity is not None
            else {"available": False, "reason": "not computed (skipped on request)"}
        ),
    }


def lorenz_vertices(data: RunData) -> tuple[np.ndarray, np.ndarray]:
    """The Lorenz curve of creator points."""
    return lorenz_curve(data.creators.points)


def pair_points(a: RunData, b: RunData) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Videos scored in both runs and their points in each (sorted by video_id)."""
    pa = dict(zip(a.videos.video_ids, a.videos.points.tolist(), strict=True))
    pb = dict(zip(b.videos.video_ids, b.videos.points.tolist(), strict=True))
    both = sorted(set(pa) & set(pb))
    return (
        both,
        np.array([pa[v] for v in both], dtype=np.int64),
        np.array([pb[v] for v in both], dtype=np.int64),
    )


def compare(a: RunData, b: RunData) -> dict[str, Any]:
    """How two runs relate: same period or not, and the rank agreement of per-video points."""
    both, pa, pb = pair_points(a, b)
    same = (a.run.period_start, a.run.period_end) == (b.run.period_start, b.run.period_end)
    return {
        "same_period": same,
        "videos_in_both": len(both),
        "videos_only_in_run": len(a.videos.video_ids) - len(both),
        "videos_only_in_compare": len(b.videos.video_ids) - len(both),
        "spearman_points": _correlation(spearman(pa, pb)),
    }
