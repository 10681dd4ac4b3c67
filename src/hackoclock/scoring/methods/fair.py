"""Method ``fair`` (the default): reach, engagement quality and content, each kept apart.

- **reach**: ln(views + 1), robust z (median, MAD x 1.4826), clipped to +-clip, mapped to 0..1.
- **quality**: for each of likes, shares, comments, bookmarks per view, an empirical-Bayes beta
  prior is fitted to the period's rates by the method of moments (mean m, variance v:
  alpha + beta = m(1 - m)/v - 1, bounded by the configuration). Each video's rate is its
  posterior mean (c + alpha)/(views + alpha + beta) minus ``credibility_z`` posterior standard
  deviations (floored at 1% of m): a pessimistic estimate, so 15 likes on 20 views cannot
  outrank engagement proven on thousands of views. ln of that, robust z, clipped; the quality
  value is the mean of the z of the rates the video has, mapped to 0..1.
- **content**: the content score (``sentiment``, 0..1) as it is.

The score is the weighted mean of the components the video has (weights renormalized over the
present ones; the missing ones are listed). See ``flags`` for manipulation flags and
``eligibility`` for thresholds; ``points`` turns scores into whole points.
"""

from __future__ import annotations

from typing import Any

import ibis
import ibis.expr.types as ir

from hackoclock.scoring.config import ScoringConfig, check_shrinkage, need
from hackoclock.scoring.methods.eligibility import eligibility
from hackoclock.scoring.methods.flags import add_flags, near_duplicates
from hackoclock.scoring.methods.stats import (
    Materialize,
    clamp,
    clip,
    fixed_mean,
    fixed_var,
    keep,
    robust_centres,
    robust_z,
    with_stats,
)
from hackoclock.scoring.schema import RATES, conform

COMPONENTS = ("reach", "quality", "content")
RATE_FLOOR_SHARE = 0.01
POINT_MODES = ("absolute", "pool")


def validate(cfg: dict[str, Any]) -> None:
    """The rules of a ``fair`` or ``rank`` configuration (``rank`` has no ``[robust]``)."""
    weights = cfg["weights"]
    need(all(w >= 0 for w in weights.values()), "weights must not be negative")
    need(sum(weights.values()) > 0, "at least one weight must be positive")
    if "robust" in cfg:
        need(cfg["robust"]["clip"] > 0, "robust.clip must be positive")
    check_shrinkage(cfg)
    need(cfg["eligibility"]["min_period_views"] >= 0, "eligibility.min_period_views must be >= 0")
    need(cfg["eligibility"]["min_followers"] >= 0, "eligibility.min_followers must be >= 0")
    flags = cfg["flags"]
    need(flags["engagement_outlier_z"] > 0, "flags.engagement_outlier_z must be positive")
    need(flags["views_without_engagement_z"] > 0, "flags.views_without_engagement_z must be > 0")
    need(flags["near_duplicate_min"] >= 2, "flags.near_duplicate_min must be at least 2")
    points = cfg["points"]
    need(points["mode"] in POINT_MODES, f"points.mode must be one of {', '.join(POINT_MODES)}")
    need(points["scale"] > 0, "points.scale must be positive")
    need(points["budget"] > 0, "points.budget must be positive")
    need(0 <= points["creator_cap_share"] <= 1, "points.creator_cap_share must be in 0..1")


def fair_scores(table: ir.Table, cfg: ScoringConfig, materialize: Materialize = keep) -> ir.Table:
    """Component values, score, eligibility and flags (no points yet) for a period table."""
    t = conform(table)
    duplicates = materialize(near_duplicates(t, cfg, materialize))
    t = log_measures(t)
    t = shrunk_rates(t, cfg, materialize)
    t = robust_centres(t, ["lv", "ler", *(f"lq_{k}" for k in RATES)], materialize)
    t = _components(t, cfg)
    t = add_flags(t, cfg, duplicates)
    t = eligibility(t, cfg)
    keep = [c for c in t.columns if "__" not in c and c not in ("lv", "ler", "eng")]
    keep = [c for c in keep if not c.startswith(("lq_", "p_"))]
    return t.select(*keep)


def log_measures(t: ir.Table) -> ir.Table:
    """Add ln(views + 1), the log engagement rate and the raw per-view rates (``p_<rate>``)."""
    v = t.views.cast("float64")
    present = [t[c].notnull() for c in RATES]
    any_engagement = present[0] | present[1] | present[2] | present[3]
    eng = sum((ibis.coalesce(t[c], 0) for c in RATES), ibis.literal(0, "int64")).cast("float64")
    has_views = t.views.notnull() & (t.views > 0)
    return t.mutate(
        lv=ibis.ifelse(t.views.notnull(), (ibis.greatest(v, 0.0) + 1).ln(), ibis.null("float64")),
        ler=ibis.ifelse(
            has_views & any_engagement, ((eng + 1) / (v + 1)).ln(), ibis.null("float64")
        ),
        **{
            f"p_{k}": ibis.ifelse(
                has_views & t[k].notnull(),
                ibis.least(ibis.greatest(t[k].cast("float64"), 0.0) / v.nullif(0), 1.0),
                ibis.null("float64"),
            )
            for k in RATES
        },
    )


def shrunk_rates(t: ir.Table, cfg: ScoringConfig, materialize: Materialize) -> ir.Table:
    """Add ``lq_<rate>``: ln of each rate's lower posterior bound under the period's prior."""
    lo = cfg.number("shrinkage", "min_prior_strength")
    hi = cfg.number("shrinkage", "max_prior_strength")
    zc = cfg.number("shrinkage", "credibility_z")

    def prior(row: ir.Table) -> dict[str, ir.Value]:
        """The period's beta prior per rate: mean m, strength s (alpha + beta), m x s, floor."""
        out: dict[str, ir.Value] = {}
        for k in RATES:
            m = ibis.coalesce(row[f"p_{k}__m"], 0.0)
            strength = ibis.coalesce(m * (1 - m) / row[f"p_{k}__v"].nullif(0) - 1, hi)
            s = ibis.least(ibis.greatest(strength, lo), hi)
            out[f"p_{k}__s"] = s
            out[f"p_{k}__ms"] = m * s
            out[f"p_{k}__floor"] = ibis.greatest(m * RATE_FLOOR_SHARE, 1e-12)
        return out

    t = with_stats(
        t,
        {
            **{f"p_{k}__m": fixed_mean(t[f"p_{k}"]) for k in RATES},
            **{f"p_{k}__v": fixed_var(t[f"p_{k}"]) for k in RATES},
        },
        materialize,
        prior,
    )
    n = t.views.cast("float64")
    t = t.mutate(
        **{
            f"p_{k}_post": ibis.least(
                (ibis.greatest(t[k].cast("float64"), 0.0) + t[f"p_{k}__ms"]) / (n + t[f"p_{k}__s"]),
                1.0,
            )
            for k in RATES
        }
    )
    out = {}
    for k in RATES:
        post, s = t[f"p_{k}_post"], t[f"p_{k}__s"]
        sd = (post * (1 - post) / (n + s + 1)).sqrt()
        lower = ibis.greatest(post - zc * sd, t[f"p_{k}__floor"])
        out[f"lq_{k}"] = ibis.ifelse(t[f"p_{k}"].notnull(), lower.ln(), ibis.null("float64"))
    return t.mutate(**out)


def _components(t: ir.Table, cfg: ScoringConfig) -> ir.Table:
    c = cfg.number("robust", "clip")
    t = t.mutate(
        z_views=robust_z(t, "lv"),
        z_engagement=robust_z(t, "ler"),
        **{f"z_{k}_per_view": robust_z(t, f"lq_{k}") for k in RATES},
    )
    t = t.mutate(
        z_views=clip(t.z_views, c),
        **{f"z_{k}_per_view": clip(t[f"z_{k}_per_view"], c) for k in RATES},
    )
    n_rates = sum(
        (ibis.ifelse(t[f"z_{k}_per_view"].notnull(), 1, 0) for k in RATES), ibis.literal(0)
    )
    z_sum = sum((ibis.coalesce(t[f"z_{k}_per_view"], 0.0) for k in RATES), ibis.literal(0.0))
    quality_z = z_sum / n_rates.cast("float64").nullif(0)
    t = t.mutate(
        comp_reach=(t.z_views + c) / (2 * c),
        comp_quality=(quality_z + c) / (2 * c),
        comp_content=clamp(t.sentiment, 0.0, 1.0),
    )
    return weighted_score(t, cfg)


def weighted_score(t: ir.Table, cfg: ScoringConfig) -> ir.Table:
    """Add the score: the weighted mean of the components present (weights renormalized over
    them), each component's share of the score (``share_<k>``) and its effective weight
    (``weight_<k>``). Shared by ``fair`` and ``rank``."""
    weights = {k: cfg.number("weights", k) for k in COMPONENTS}
    wsum = sum(
        (ibis.ifelse(t[f"comp_{k}"].notnull(), weights[k], 0.0) for k in COMPONENTS),
        ibis.literal(0.0),
    )
    weighted = {k: ibis.coalesce(t[f"comp_{k}"], 0.0) * weights[k] for k in COMPONENTS}
    t = t.mutate(
        **{f"weighted__{k}": weighted[k] for k in COMPONENTS},
        weighted__total=sum(weighted.values(), ibis.literal(0.0)),
        weighted__sum=wsum,
    )
    total, wsum = t.weighted__total, t.weighted__sum
    t = t.mutate(score=ibis.coalesce(total / wsum.nullif(0), 0.0), has_components=wsum > 0)
    return t.mutate(
        **{f"share_{k}": t[f"weighted__{k}"] / total.nullif(0) for k in COMPONENTS},
        **{
            f"weight_{k}": ibis.ifelse(t[f"comp_{k}"].notnull(), weights[k], 0.0) / wsum.nullif(0)
            for k in COMPONENTS
        },
    )
