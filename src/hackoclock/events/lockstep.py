"""Lockstep detection (CopyCatch-like) and per-viewer anomaly features, as Ibis expressions
(DuckDB or Spark run them alike).

A *cell* is (video, time window). A cell is *crowded* when at least ``min_viewers`` distinct
viewers act in it. A viewer is a *candidate* when it sits in crowded cells of at least
``min_videos`` distinct videos. An honest viral burst crowds one video's cells with viewers who
each hit one crowded video, so they never become candidates. Then the cells are counted again
among candidates only (a group must act together, not beside a crowd), twice, and what remains
is flagged when it shares lockstep cells on at least ``min_videos`` videos with at least
``min_viewers - 1`` of the other candidates (CopyCatch's "m viewers on the same n
videos"). Two grids offset by half a window keep a group from hiding on a window boundary.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from hackoclock.events.rules import LockstepRules

ACTIONS = ("view", "like", "comment", "share", "follow")


def _cells(events: ir.Table, rules: LockstepRules) -> ir.Table:
    w = rules.window_seconds
    secs = events.time.epoch_seconds()
    base = events.select("viewer_id", "video_id", secs=secs)
    grids = [
        base.mutate(
            grid=ibis.literal(g), cell=((base.secs + g * (w // 2)) / w).floor().cast("int64")
        )
        for g in (0, 1)
    ]
    return grids[0].union(grids[1]).select("viewer_id", "video_id", "grid", "cell").distinct()


def _prune(hits: ir.Table, rules: LockstepRules) -> ir.Table:
    """Keep hits in cells with >= min_viewers viewers, then viewers on >= min_videos videos."""
    crowded = hits.group_by("video_id", "grid", "cell").aggregate(n=hits.viewer_id.nunique())
    crowded = crowded.filter(crowded.n >= rules.min_viewers).drop("n")
    kept = hits.semi_join(crowded, ["video_id", "grid", "cell"])
    per = kept.group_by("viewer_id").aggregate(videos=kept.video_id.nunique())
    who = per.filter(per.videos >= rules.min_videos).select("viewer_id")
    return kept.semi_join(who, "viewer_id")


def flagged_viewers(events: ir.Table, rules: LockstepRules | None = None) -> ir.Table:
    """One row per flagged viewer: ``viewer_id``, ``group_id`` (the smallest viewer id among its
    lockstep partners and itself, a stable name for the group), ``partners`` (viewers sharing
    lockstep cells with it on >= min_videos videos) and ``lockstep_videos``."""
    rules = rules or LockstepRules()
    hits = _cells(events, rules)
    for _ in range(2):
        hits = _prune(hits, rules)
    a = hits.rename(a_viewer="viewer_id")
    b = hits.rename(b_viewer="viewer_id")
    pairs = a.inner_join(b, ["video_id", "grid", "cell"]).filter(lambda s: s.a_viewer < s.b_viewer)
    pairs = pairs.group_by("a_viewer", "b_viewer").aggregate(shared=pairs.video_id.nunique())
    pairs = pairs.filter(pairs.shared >= rules.min_videos)
    both = pairs.select(viewer_id=pairs.a_viewer, other=pairs.b_viewer, shared=pairs.shared).union(
        pairs.select(viewer_id=pairs.b_viewer, other=pairs.a_viewer, shared=pairs.shared)
    )
    per = both.group_by("viewer_id").aggregate(
        partners=both.other.nunique(),
        first_partner=both.other.min(),
        lockstep_videos=both.shared.max(),
    )
    per = per.filter(per.partners >= rules.min_viewers - 1)
    return per.select(
        "viewer_id",
        group_id=ibis.least(per.viewer_id, per.first_partner),
        partners=per.partners,
        lockstep_videos=per.lockstep_videos,
    )


def groups_per_video(events: ir.Table, flagged: ir.Table) -> ir.Table:
    """Per video acted on by flagged viewers: how many, and which groups (for a held video)."""
    acts = events.select("viewer_id", "video_id").distinct()
    j = acts.inner_join(flagged, "viewer_id")
    return j.group_by("video_id").aggregate(
        flagged_viewers=j.viewer_id.nunique(),
        groups=j.group_id.collect(distinct=True),
    )


def viewer_features(events: ir.Table, min_watch_seconds: float = 5.0) -> ir.Table:
    """Per-viewer anomaly features: first and last action, actions, distinct videos, the share
    of views shorter than ``min_watch_seconds``, the mean share of each video watched and the
    likes per view (a bought like has no view behind it)."""
    views = events.kind == "view"
    short = views & (events.watch_seconds < min_watch_seconds)
    frac = events.watch_seconds / events.video_seconds.nullif(0)
    return events.group_by("viewer_id").aggregate(
        first_seen=events.time.min(),
        last_seen=events.time.max(),
        actions=events.count(),
        videos=events.video_id.nunique(),
        views=views.sum(),
        short_view_share=short.sum().cast("float64") / views.sum().cast("float64").nullif(0),
        mean_watch_share=ibis.ifelse(views, frac, ibis.null("float64")).mean(),
        likes_per_view=(events.kind == "like").sum().cast("float64")
        / views.sum().cast("float64").nullif(0),
    )
