"""Method ``value`` (the default): pay for the views a video delivered, once.

In words: a video earns points for the views nobody has paid for yet, at a fixed rate per 1,000
views, adjusted by a bounded multiplier for engagement quality and content. One formula::

    paid views = max(0, views at the period's end - views already paid for the video)
    points     = paid views / 1000 x rate x clamp(1 + wq x q + wc x c, min, max)
                 x (1 - wo x (1 - originality))

- **views already paid** (``views_paid_before``) is the video's paid-views mark, kept by the
  ledger across every credited run of any period; the run stores what it saw, and crediting
  refuses a run whose marks have moved since. So overlapping periods, re-cut periods and
  re-runs never pay the same views twice, and views that drop and come back are not paid again
  (a drop below the mark is clawed back by the ledger: ``views_dropped``).
- **q** (engagement quality, -1..1): for each of likes, shares, comments and bookmarks per view,
  the empirical-Bayes shrunk rate of ``fair`` (a pessimistic posterior bound), its robust z in
  the period, clipped to +-clip; the mean over the rates the video has, divided by clip. A video
  with no engagement counts has q = 0 (neutral) and says so.
- **c** (content, -1..1): 2 x content score - 1; no content score (an unreadable caption) is
  c = 0, neutral, never a penalty.
- **originality** (0..1, ``content.originality``: 1 original, x0.8 a reused sound, 0.5 a duet
  or stitch): the points are multiplied by 1 - ``originality_weight`` x (1 - originality),
  outside the clamp; a **re-upload** of another creator's video earns nothing (the original
  keeps its pay). Unknown originality is 1.
- No per-upload constant and no per-account cap: ten parts of a video earn what the video would,
  and ten accounts what one would. Pool mode splits a budget pro rata to paid views x multiplier,
  exactly (largest remainder, ties by video id).

Eligibility as real programmes do it: at least ``min_paid_views`` unpaid views per video and
``min_creator_paid_views`` per creator in the period; an ineligible video earns 0 and its views
stay unpaid (they count toward a later period). Flags hold a video's points for review, with the
numbers behind them (see :data:`FLAGS`).
"""

from __future__ import annotations

from typing import Any

import ibis
import ibis.expr.types as ir
from ibis.backends import BaseBackend

from hackoclock.scoring.config import ScoringConfig, check_shrinkage, need
from hackoclock.scoring.methods.fair import POINT_MODES, log_measures, shrunk_rates
from hackoclock.scoring.methods.flags import near_duplicates
from hackoclock.scoring.methods.stats import (
    Materialize,
    clamp,
    clip,
    keep,
    robust_centres,
    robust_z,
    round9,
    round_half_even,
)
from hackoclock.scoring.schema import RATES, conform

COMPONENTS = ("views", "quality", "content", "originality")
FLAGS = (
    "likes_above_views",
    "engagement_outlier",
    "views_without_engagement",
    "near_duplicate",
)
# paid views: the run stores them in columns of their own (the ledger reads them)
PAID = ("views_total", "views_paid_before", "paid_views")
DETAILS = (
    *PAID,
    "multiplier",
    "quality",
    "content",
    "engagement_rate",
    "engagement_median",
    "z_engagement",
    "originality_factor",
    "reupload_of",
)


def validate(cfg: dict[str, Any]) -> None:
    """Reject a configuration that cannot mean anything."""
    need(cfg["pay"]["rate"] > 0, "pay.rate must be positive")
    mult = cfg["multiplier"]
    need(0 < mult["min"] <= 1 <= mult["max"], "multiplier needs 0 < min <= 1 <= max")
    need(mult["quality_weight"] >= 0, "multiplier.quality_weight must not be negative")
    need(mult["content_weight"] >= 0, "multiplier.content_weight must not be negative")
    need(mult["clip"] > 0, "multiplier.clip must be positive")
    need(0 <= mult["originality_weight"] <= 1, "multiplier.originality_weight must be in 0..1")
    check_shrinkage(cfg)
    elig = cfg["eligibility"]
    need(elig["min_paid_views"] >= 0, "eligibility.min_paid_views must be >= 0")
    need(elig["min_creator_paid_views"] >= 0, "eligibility.min_creator_paid_views must be >= 0")
    flags = cfg["flags"]
    need(flags["engagement_outlier_z"] > 0, "flags.engagement_outlier_z must be positive")
    need(flags["views_without_engagement_z"] > 0, "flags.views_without_engagement_z must be > 0")
    need(
        0 < flags["views_without_engagement_share"] <= 1,
        "flags.views_without_engagement_share must be in (0, 1]",
    )
    need(flags["near_duplicate_min"] >= 2, "flags.near_duplicate_min must be at least 2")
    points = cfg["points"]
    need(points["mode"] in POINT_MODES, f"points.mode must be one of {', '.join(POINT_MODES)}")
    need(points["budget"] > 0, "points.budget must be positive")


def value_scores(
    con: BaseBackend, table: ir.Table, cfg: ScoringConfig, materialize: Materialize = keep
) -> tuple[ir.Table, dict[str, Any]]:
    """Paid views, multiplier, eligibility, flags and points for a period table."""
    t = conform(table)
    duplicates = materialize(near_duplicates(t, cfg, materialize))
    t = _paid_views(t)
    t = log_measures(t)
    t = shrunk_rates(t, cfg, materialize)
    t = t.mutate(er=_engagement_rate(t))
    t = robust_centres(t, ["ler", "er", *(f"lq_{k}" for k in RATES)], materialize)
    t = _multiplier(t, cfg)
    t = _flags(t, cfg, duplicates)
    t = _eligibility(t, cfg)
    info: dict[str, Any] = {
        "mode": cfg.get("points", "mode"),
        "rate": cfg.number("pay", "rate"),
        "paid_views_source": "counts",
    }
    if cfg.get("points", "mode") == "absolute":
        exact = t.paid_views.cast("float64") * (cfg.number("pay", "rate") / 1000.0) * t.multiplier
        t = t.mutate(points=ibis.ifelse(t.eligible, round_half_even(round9(exact)), 0))
    else:
        t, pool = _pool_points(t, int(cfg.get("points", "budget")))
        info.update(pool)
    t = t.mutate(points=t.points.cast("int64"))
    t = _contributions(t, cfg)
    t = _standing(t, materialize)
    return t, info


def _paid_views(t: ir.Table) -> ir.Table:
    """``views_total`` (cumulative at the period's end; period growth on top of the mark when the
    input has only growth), ``views_paid_before`` (0 when unknown) and ``paid_views``."""
    before = ibis.coalesce(t.views_paid_before, 0)
    total = ibis.coalesce(t.views_total, before + t.views)
    return t.mutate(views_paid_before=before, views_total=total).mutate(
        paid_views=ibis.greatest(ibis.coalesce(total, 0) - before, 0).cast("int64")
    )


def _engagement_rate(t: ir.Table) -> ir.FloatingValue:
    """Engagement per view in the period: (likes + shares + comments + bookmarks) / views."""
    eng = sum((ibis.coalesce(t[c], 0) for c in RATES), ibis.literal(0, "int64")).cast("float64")
    present = t.likes.notnull() | t.shares.notnull() | t.comments.notnull()
    present = present | t.bookmarks.notnull()
    ok = present & t.views.notnull() & (t.views > 0)
    return ibis.ifelse(ok, eng / t.views.cast("float64"), ibis.null("float64"))


def _multiplier(t: ir.Table, cfg: ScoringConfig) -> ir.Table:
    c = cfg.number("multiplier", "clip")
    zs = {k: clip(robust_z(t, f"lq_{k}"), c) for k in RATES}
    n_rates = sum((ibis.ifelse(zs[k].notnull(), 1, 0) for k in RATES), ibis.literal(0))
    z_sum = sum((ibis.coalesce(zs[k], 0.0) for k in RATES), ibis.literal(0.0))
    quality = round9(z_sum / n_rates.cast("float64").nullif(0) / c)
    content = round9(2.0 * clamp(t.sentiment, 0.0, 1.0) - 1.0)
    t = t.mutate(quality=quality, content=content, z_engagement=round9(robust_z(t, "ler")))
    wq = cfg.number("multiplier", "quality_weight")
    wc = cfg.number("multiplier", "content_weight")
    tq = wq * ibis.coalesce(t.quality, 0.0)
    tc = wc * ibis.coalesce(t.content, 0.0)
    lo, hi = cfg.number("multiplier", "min"), cfg.number("multiplier", "max")
    wo = cfg.number("multiplier", "originality_weight")
    originality = clamp(ibis.coalesce(t.originality, 1.0), 0.0, 1.0)
    return t.mutate(
        term_quality=tq,
        term_content=tc,
        bounded=round9(ibis.least(ibis.greatest(1.0 + tq + tc, lo), hi)),
        originality_factor=round9(1.0 - wo * (1.0 - originality)),
        engagement_rate=round9(t.er),
        engagement_median=round9(t.er__med),
    ).mutate(multiplier=lambda s: round9(s.bounded * s.originality_factor))


def _flags(t: ir.Table, cfg: ScoringConfig, duplicates: ir.Table) -> ir.Table:
    t = t.left_join(duplicates, t.video_id == duplicates.dup_video_id)
    outlier = cfg.number("flags", "engagement_outlier_z")
    low_z = cfg.number("flags", "views_without_engagement_z")
    share = cfg.number("flags", "views_without_engagement_share")
    min_views = int(cfg.get("flags", "views_without_engagement_min_views"))
    low = (t.z_engagement < -low_z) & (t.er < share * t.er__med) & (t.paid_views >= min_views)
    t = t.mutate(
        flag_likes_above_views=ibis.coalesce(t.likes > t.views, False),
        flag_engagement_outlier=ibis.coalesce(t.z_engagement > outlier, False),
        flag_views_without_engagement=ibis.coalesce(low, False),
        flag_near_duplicate=t.dup_video_id.notnull() | t.repost_of.notnull(),
    ).drop("dup_video_id")
    held = t.flag_likes_above_views
    for name in FLAGS[1:]:
        held = held | t[f"flag_{name}"]
    return t.mutate(held=held)


def _eligibility(t: ir.Table, cfg: ScoringConfig) -> ir.Table:
    """``eligible`` and ``ineligible_reason`` (the first rule a video fails)."""
    min_video = int(cfg.get("eligibility", "min_paid_views"))
    min_creator = int(cfg.get("eligibility", "min_creator_paid_views"))
    dropped = t.views_total < t.views_paid_before
    rules: list[tuple[ir.BooleanValue, ir.StringValue]] = [
        (t.views_total.isnull(), ibis.literal("no view count in the period")),
        (
            t.reupload_of.notnull(),
            "a re-upload of video "
            + t.reupload_of
            + " by another creator (same sound, length and caption, posted later): the "
            "original keeps its pay",
        ),
        (
            dropped,
            "views fell below the views already paid ("
            + t.views_paid_before.cast("string")
            + " to "
            + t.views_total.cast("string")
            + "): the difference is clawed back when the run is credited",
        ),
        (
            t.paid_views < min_video,
            ibis.literal(f"fewer than {min_video:,} new views not paid yet (")
            + t.paid_views.cast("string")
            + " this period): they count toward a later period",
        ),
    ]
    reason: ir.StringValue = ibis.null("string")
    for failed, text in reversed(rules):
        reason = ibis.ifelse(ibis.coalesce(failed, False), text, reason)
    t = t.mutate(ineligible_reason=reason)
    passing = t.filter(t.ineligible_reason.isnull())
    per_creator = passing.group_by(creator__id=passing.creator_id).aggregate(
        creator__paid=passing.paid_views.sum()
    )
    t = t.left_join(per_creator, t.creator_id == per_creator.creator__id).drop("creator__id")
    creator_paid = ibis.coalesce(t.creator__paid, 0)
    creator_text = (
        f"this creator's videos gained fewer than {min_creator:,} new views not paid yet "
        "together this period: they count toward a later period"
    )
    t = t.mutate(
        ineligible_reason=ibis.ifelse(
            t.ineligible_reason.isnull() & (creator_paid < min_creator),
            ibis.literal(creator_text),
            t.ineligible_reason,
        )
    )
    return t.mutate(eligible=t.ineligible_reason.isnull()).drop("creator__paid")


def _pool_points(t: ir.Table, budget: int) -> tuple[ir.Table, dict[str, Any]]:
    """The budget split pro rata to paid views x multiplier, whole points by largest remainder
    (ties: lower video id first); the parts add up to exactly the budget."""
    weight = ibis.ifelse(t.eligible, t.paid_views.cast("float64") * t.multiplier, 0.0)
    t = t.mutate(pool__w=weight)
    t = t.mutate(pool__total=t.pool__w.sum().over(ibis.window()))
    exact = round9(budget * t.pool__w / t.pool__total.nullif(0))
    t = t.mutate(pool__x=ibis.coalesce(exact, 0.0))
    t = t.mutate(pool__f=t.pool__x.floor().cast("int64"))
    left = budget - t.pool__f.sum().over(ibis.window())
    order = ibis.window(order_by=[ibis.desc(t.pool__x - t.pool__f), t.video_id])
    extra = ibis.ifelse((t.pool__w > 0) & (ibis.row_number().over(order) < left), 1, 0)
    t = t.mutate(points=t.pool__f + extra)
    return t.drop("pool__w", "pool__total", "pool__x", "pool__f"), {"budget": budget}


def _contributions(t: ir.Table, cfg: ScoringConfig) -> ir.Table:
    """``contrib_views`` (the points at multiplier 1), ``contrib_quality`` and
    ``contrib_content`` (what each part of the bounded multiplier added or took away; the clamp
    scales both alike) and ``contrib_originality`` (what the originality factor took away). The
    four add up exactly to ``points``."""
    rate = cfg.number("pay", "rate") / 1000.0
    paid = t.points > 0
    base = ibis.ifelse(paid, t.points.cast("float64") / t.multiplier, 0.0)
    views = round_half_even(round9(base))
    terms = t.term_quality + t.term_content
    scale = ibis.ifelse(terms.abs() > 1e-12, (t.bounded - 1.0) / terms, 1.0)
    quality = round_half_even(round9(base * t.term_quality * scale))
    content = round_half_even(round9(base * t.term_content * scale))
    t = t.mutate(
        contrib_views=views.cast("int64"),
        contrib_quality=ibis.ifelse(paid, quality, 0).cast("int64"),
        contrib_content=ibis.ifelse(paid, content, 0).cast("int64"),
    )
    t = t.mutate(
        contrib_originality=(
            t.points - t.contrib_views - t.contrib_quality - t.contrib_content
        ).cast("int64")
    )
    # 0..1 parts in the common shape: standing of paid views, quality, content score
    return t.mutate(
        score=t.multiplier,
        comp_quality=ibis.ifelse(
            t.quality.isnull(), ibis.null("float64"), round9((t.quality + 1.0) / 2.0)
        ),
        comp_content=clamp(t.sentiment, 0.0, 1.0),
        comp_originality=clamp(t.originality, 0.0, 1.0),
        pay_rate=ibis.literal(rate * 1000.0),
    )


def _standing(t: ir.Table, materialize: Materialize) -> ir.Table:
    """``comp_views``: the exact share of the period's videos with at most as many paid views
    (so "in the top N%" is read off the video's rank, never a normal approximation).

    Counted on a narrow stage, one row per distinct paid-views value, so the only sort is of
    those values, not of the period's wide rows."""
    counts = t.group_by(standing__paid=t.paid_views).aggregate(standing__n=t.count())
    at_most = counts.standing__n.sum().over(ibis.cumulative_window(order_by=counts.standing__paid))
    share = at_most.cast("float64") / counts.standing__n.sum().over(ibis.window()).cast("float64")
    counts = materialize(counts.mutate(comp_views=round9(share)).drop("standing__n"))
    t = t.left_join(counts, t.paid_views == counts.standing__paid)
    return t.drop("standing__paid")
