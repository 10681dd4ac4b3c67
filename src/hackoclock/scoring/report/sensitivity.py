"""Outlier sensitivity: how far the other videos' points move when the largest video is removed.

The largest video is the one with the most period views (ties: the smallest video_id). The run
is re-scored through the scoring service with and without it (``report_rescore``); the figure
is the max and mean of |points without - points with| over every other video, as a percentage
of the run's points scale. When the service cannot re-run, the result says why and carries no
numbers.
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import asdict, dataclass, replace
from typing import Any

import numpy as np

from hackoclock.db.engine import Database
from hackoclock.scoring.report.data import RunData, VideoRows
from hackoclock.scoring.report.metrics import point_changes
from hackoclock.scoring.report.rescore import RescoreUnavailable, rescore_without, scoring_service
from hackoclock.scoring.report.scale import points_scale

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Sensitivity:
    """The outlier-sensitivity figure, or the reason there is none."""

    available: bool
    reason: str | None = None
    removed_video_id: str | None = None
    removed_creator_id: str | None = None
    removed_caption: str | None = None
    removed_views: int | None = None
    scale: float | None = None
    scale_source: str | None = None
    max_change_pct: float | None = None
    mean_change_pct: float | None = None
    max_change_points: int | None = None
    videos_compared: int | None = None
    baseline_mismatches: int | None = None
    seconds: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def largest_video(videos: VideoRows) -> int | None:
    """Index of the video with the most period views (ties: smallest video_id), if any."""
    if not videos.video_ids or np.isnan(videos.views).all():
        return None
    views = np.where(np.isnan(videos.views), -math.inf, videos.views)
    return int(np.argmax(views))  # rows are sorted by video_id, argmax takes the first


def outlier_sensitivity(db: Database, data: RunData) -> Sensitivity:
    """Re-run ``data.run`` without its largest video and measure how the others move."""
    vids = data.videos
    top = largest_video(vids)
    if top is None or len(vids.video_ids) < 2:
        return Sensitivity(False, "the run needs at least two videos with view counts")
    removed = Sensitivity(
        available=False,
        removed_video_id=vids.video_ids[top],
        removed_creator_id=vids.creator_ids[top],
        removed_caption=vids.captions[top],
        removed_views=int(vids.views[top]),
    )
    largest_points = int(vids.points.max()) if vids.points.size else 0
    run = data.run
    scale = points_scale(run.method, run.parameters, run.config_toml, largest_points)
    if scale is None:
        return replace(removed, reason="the run has no points scale and no points")
    started = time.perf_counter()
    try:
        baseline, without = rescore_without(db, run, vids.video_ids[top], scoring_service())
    except RescoreUnavailable as exc:
        return replace(removed, reason=str(exc))
    except Exception as exc:  # any failure of the re-run is reported, never replaced by a guess
        log.warning("re-running scoring run %s failed", run.id, exc_info=True)
        reason = f"the scoring service could not re-run run {run.id}: {type(exc).__name__}: {exc}"
        return replace(removed, reason=reason)
    others = sorted(set(baseline) & set(without) - {vids.video_ids[top]})
    before = np.array([baseline[v] for v in others], dtype=np.int64)
    after = np.array([without[v] for v in others], dtype=np.int64)
    changes = point_changes(before, after, scale.points)
    stored = dict(zip(vids.video_ids, vids.points.tolist(), strict=True))
    mismatches = sum(1 for v, p in baseline.items() if stored.get(v) != p)
    mismatches += sum(1 for v in stored if v not in baseline)
    return replace(
        removed,
        available=True,
        scale=scale.points,
        scale_source=scale.source,
        max_change_pct=changes.max_pct,
        mean_change_pct=changes.mean_pct,
        max_change_points=int(np.abs(after - before).max()) if others else 0,
        videos_compared=changes.n,
        baseline_mismatches=mismatches,
        seconds=round(time.perf_counter() - started, 3),
    )
