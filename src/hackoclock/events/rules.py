"""The rules that make a view qualify and the detector's parameters (all configurable)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class QualifyRules:
    """A view qualifies when it is the viewer's first on the video that day, watched at least
    ``min_watch_seconds`` (or the whole video if it is shorter), not from a paid source, and its
    viewer is not flagged."""

    min_watch_seconds: float = 5.0
    exclude_sources: tuple[str, ...] = ("paid",)
    unique_per: str = "day"  # one qualified view per viewer per video per day


@dataclass(frozen=True, slots=True)
class LockstepRules:
    """CopyCatch-like: a viewer is flagged when, on at least ``min_videos`` distinct videos, it
    acted inside a ``window_seconds`` cell shared with at least ``min_viewers`` viewers who also
    act in lockstep with it on other videos (two offset grids so no group straddles a boundary)."""

    min_viewers: int = 10
    min_videos: int = 4
    window_seconds: int = 900
