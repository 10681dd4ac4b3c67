"""What the scoring service asks of the events store for a period: qualified views per video
(cumulative to the period's end, comparable with the paid-views mark) and the groups found."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import ibis
import ibis.expr.types as ir

from hackoclock.events import store
from hackoclock.events.lockstep import flagged_viewers, groups_per_video
from hackoclock.events.qualify import qualified_views
from hackoclock.events.rules import LockstepRules, QualifyRules


def period_events(con: Any, root: Path | None, end: datetime) -> ir.Table | None:
    """The store's events before ``end``, or None when there are none."""
    pattern = store.glob(root) if root is not None else None
    if pattern is None:
        return None
    ev = con.read_parquet(pattern)
    ev = ev.select(*(c for c in ev.columns if c != "day")).filter(ev.time < ibis.literal(end))
    return ev


def qualified_for_period(
    con: Any,
    root: Path | None,
    start: datetime,
    end: datetime,
    qualify: QualifyRules | None = None,
    lockstep: LockstepRules | None = None,
) -> tuple[ir.Table, ir.Table] | None:
    """(per video: video_id, qualified_views, qualified_in_period, qualified_watch_seconds,
    flagged_viewers, groups; flagged viewers) or None when the store has no events."""
    ev = period_events(con, root, end)
    if ev is None or int(ev.count().execute()) == 0:
        return None
    flagged = flagged_viewers(ev, lockstep)
    q = qualified_views(ev, start, end, flagged, qualify)
    g = groups_per_video(ev, flagged).rename(g__video_id="video_id")
    q = q.left_join(g, q.video_id == g.g__video_id).drop("g__video_id")
    return q.mutate(flagged_viewers=ibis.coalesce(q.flagged_viewers, 0)), flagged


def with_qualified_views(
    con: Any, table: ir.Table, root: Path | None, start: datetime, end: datetime
) -> tuple[ir.Table, str]:
    """The period table with ``views_total`` replaced by qualified views (videos without events
    keep their counts) and the source said: "events" or "counts"."""
    found = qualified_for_period(con, root, start, end)
    if found is None:
        return table, "counts"
    q = found[0].select(
        q__video_id="video_id", q__views="qualified_views", lockstep_viewers="flagged_viewers"
    )
    j = table.left_join(q, table.video_id == q.q__video_id)
    counts = j.views_total if "views_total" in j.columns else ibis.null("int64")
    j = j.mutate(views_total=ibis.coalesce(j.q__views, counts))
    return j.drop("q__video_id", "q__views"), "events"
