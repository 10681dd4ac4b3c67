"""Qualified views per video (Ibis): the views a programme like TikTok's Creator Rewards pays.

A view qualifies when it is a ``view`` before the period's end, not from an excluded (paid)
source, watched at least ``min_watch_seconds`` (the whole video when it is shorter), by a viewer
not flagged, and it is the viewer's first qualifying view of the video that UTC day.
``qualified_views`` is cumulative up to the period's end, so it compares with the paid-views
mark; ``qualified_in_period`` and ``qualified_watch_seconds`` count inside [start, end).
"""

from __future__ import annotations

from datetime import datetime

import ibis
import ibis.expr.types as ir

from hackoclock.events.rules import QualifyRules


def qualifying(
    events: ir.Table, end: datetime, flagged: ir.Table | None, rules: QualifyRules | None = None
) -> ir.Table:
    """One row per (viewer, video, day) with a qualifying view: its first time and the watch
    seconds of its qualifying views summed (each capped at the video's length), so splitting a
    viewer's views over several ids leaves the total watch time unchanged."""
    rules = rules or QualifyRules()
    v = events.filter(events.kind == "view", events.time < ibis.literal(end))
    if rules.exclude_sources:
        v = v.filter(v.source.isnull() | ~v.source.isin(list(rules.exclude_sources)))
    need = ibis.least(
        ibis.literal(rules.min_watch_seconds),
        ibis.coalesce(v.video_seconds, rules.min_watch_seconds),
    )
    v = v.filter(v.watch_seconds >= need)
    if flagged is not None:
        v = v.anti_join(flagged.select("viewer_id"), "viewer_id")
    watched = ibis.least(v.watch_seconds, ibis.coalesce(v.video_seconds, v.watch_seconds))
    v = v.mutate(day=v.time.date(), watched=watched)
    return v.group_by("viewer_id", "video_id", "day").aggregate(
        first=v.time.min(), watched=v.watched.sum()
    )


def qualified_views(
    events: ir.Table,
    start: datetime,
    end: datetime,
    flagged: ir.Table | None = None,
    rules: QualifyRules | None = None,
) -> ir.Table:
    """Per video: ``qualified_views`` (all time to ``end``), ``qualified_in_period`` and
    ``qualified_watch_seconds`` (in [start, end))."""
    q = qualifying(events, end, flagged, rules)
    inside = q.first >= ibis.literal(start)
    return q.group_by("video_id").aggregate(
        qualified_views=q.count(),
        qualified_in_period=inside.sum().cast("int64"),
        qualified_watch_seconds=ibis.ifelse(inside, q.watched, 0.0).sum(),
    )
