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
from hackoclock.scoring.methods.stats import Materialize, keep

FLAGS = ("likes_above_views", "engagement_outlier", "views_without_engagement", "near_duplicate")


def caption_key(caption: ir.StringValue) -> ir.StringValue:
    """The caption with case, punctuation and runs of spaces ignored."""
    return caption.lower().re_replace(r"[^\p{L}\p{N}#@]+", " ").strip()


def near_duplicates(t: ir.Table, cfg: ScoringConfig, materialize: Materialize = keep) -> ir.Table:
    """The ids (``dup_video_id``) of videos whose creator posted at least ``near_duplicate_min``
    videos with the same caption key in the period (small: only flagged videos).

    Two passes, so that the costly grouping by (creator, caption key) runs on few rows:

    1. every row's creator id and caption key are hashed to two integers and grouped on those;
       a creator with a group of at least the minimum is a candidate. Equal keys have equal
       hashes, so every creator with a real group is a candidate (a hash collision can only
       add candidates, never lose one).
    2. only the candidates' rows are grouped by the exact (creator, caption key) and joined
       back; this decides, so the result does not depend on the hash function (DuckDB's and
       Spark's differ).
    """
    minimum = max(int(cfg.get("flags", "near_duplicate_min")), 1)
    keyed = t.select(creator_hash=t.creator_id.hash(), caption_key=_key_or_null(t.caption))
    hashed = keyed.select(
        "creator_hash",
        key_hash=ibis.ifelse(
            keyed.caption_key.isnull(), ibis.null("int64"), keyed.caption_key.hash()
        ),
    )
    # count(key_hash) skips NULL keys: no caption, no match
    groups = hashed.group_by("creator_hash", "key_hash").aggregate(same=hashed.key_hash.count())
    groups = groups.filter(groups.same >= minimum)
    candidates = materialize(groups.select("creator_hash").distinct())

    rows = t.select("video_id", "creator_id", "caption", creator_hash=t.creator_id.hash())
    rows = rows.semi_join(candidates, "creator_hash").select("video_id", "creator_id", "caption")
    exact = rows.select("video_id", "creator_id", caption_key=_key_or_null(rows.caption))
    same = exact.group_by("creator_id", "caption_key").aggregate(same=exact.caption_key.count())
    same = same.filter(same.same >= minimum)
    flagged = exact.inner_join(same, ["creator_id", "caption_key"])
    return flagged.select(dup_video_id=flagged.video_id).distinct()


def _key_or_null(caption: ir.StringValue) -> ir.StringValue:
    """The caption key, NULL for no caption or an empty key (NULL keys never match)."""
    return caption_key(caption).nullif("")


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
