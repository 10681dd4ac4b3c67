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


def add_flags(t: ir.Table, cfg: ScoringConfig) -> ir.Table:
    """Add ``flag_<name>`` booleans and ``held`` (any flag). Expects ``z_engagement``."""
    key = caption_key(t.caption)
    t = t.mutate(caption_key=ibis.ifelse(key.isnull() | (key == ""), ibis.null("string"), key))
    same = t.count().over(ibis.window(group_by=[t.creator_id, t.caption_key]))
    outlier = cfg.number("flags", "engagement_outlier_z")
    inflated = cfg.number("flags", "views_without_engagement_z")
    t = t.mutate(
        flag_likes_above_views=ibis.coalesce(t.likes > t.views, False),
        flag_engagement_outlier=ibis.coalesce(t.z_engagement > outlier, False),
        flag_views_without_engagement=ibis.coalesce(t.z_engagement < -inflated, False),
        flag_near_duplicate=t.caption_key.notnull()
        & (same >= int(cfg.get("flags", "near_duplicate_min"))),
    )
    held = t.flag_likes_above_views
    for name in FLAGS[1:]:
        held = held | t[f"flag_{name}"]
    return t.mutate(held=held).drop("caption_key")
