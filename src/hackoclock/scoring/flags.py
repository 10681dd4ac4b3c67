"""Manipulation flags for ``fair``. A flagged video keeps its points; they are marked held.

- ``likes_above_views``: more likes than views in the period.
- ``engagement_outlier``: engagement per view (log) more than ``engagement_outlier_z`` robust
  SDs above the period's median (bought likes, comment pods).
- ``views_without_engagement``: engagement per view more than ``views_without_engagement_z``
  robust SDs below the median (bought views with no matching engagement).
- ``near_duplicate``: at least ``near_duplicate_min`` videos by one creator in the period with
  the same caption once case, punctuation and spacing are ignored (empty captions never match).
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from hackoclock.scoring.config import ScoringConfig

FLAGS = ("likes_above_views", "engagement_outlier", "views_without_engagement", "near_duplicate")


def caption_key(caption: ir.StringValue) -> ir.StringValue:
    """The caption with case, punctuation and runs of spaces ignored."""
    return caption.lower().re_replace(r"[^\p{L}\p{N}#@]+", " ").strip()


def near_duplicates(t: ir.Table, cfg: ScoringConfig) -> ir.Table:
    """The ids (``dup_video_id``) of videos whose creator posted at least ``near_duplicate_min``
    videos with the same caption key in the period: a grouped count over the three columns it
    needs, joined back; small (only flagged videos)."""
    keyed = t.select("video_id", "creator_id", raw_key=caption_key(t.caption))
    keyed = keyed.mutate(
        caption_key=ibis.ifelse(keyed.raw_key == "", ibis.null("string"), keyed.raw_key)
    ).drop("raw_key")
    minimum = max(int(cfg.get("flags", "near_duplicate_min")), 1)
    # count(caption_key) skips NULL keys (and NULL keys never join): no caption, no match
    groups = keyed.group_by("creator_id", "caption_key").aggregate(same=keyed.caption_key.count())
    groups = groups.filter(groups.same >= minimum)
    flagged = keyed.inner_join(groups, ["creator_id", "caption_key"])
    return flagged.select(dup_video_id=flagged.video_id).distinct()


def add_flags(t: ir.Table, cfg: ScoringConfig, duplicates: ir.Table) -> ir.Table:
    """Add ``flag_<name>`` booleans and ``held`` (any flag). Expects ``z_engagement``;
    ``duplicates`` is ``near_duplicates`` of the period."""
    t = t.left_join(duplicates, t.video_id == duplicates.dup_video_id)
    outlier = cfg.number("flags", "engagement_outlier_z")
    inflated = cfg.number("flags", "views_without_engagement_z")
    t = t.mutate(
        flag_likes_above_views=ibis.coalesce(t.likes > t.views, False),
        flag_engagement_outlier=ibis.coalesce(t.z_engagement > outlier, False),
        flag_views_without_engagement=ibis.coalesce(t.z_engagement < -inflated, False),
        flag_near_duplicate=t.dup_video_id.notnull(),
    ).drop("dup_video_id")
    held = t.flag_likes_above_views
    for name in FLAGS[1:]:
        held = held | t[f"flag_{name}"]
    return t.mutate(held=held)
