"""Plain sentences from a video's stored score: what earned its points and what would add more.

Both functions take a ``video_scores`` row (a mapping with ``points``, ``contributions``,
``components``, ``missing``, ``eligible``, ``ineligible_reason``, ``flags``, ``held``) and the
run's ``parameters`` (as stored on ``scoring_runs``). For ``fair`` the standing comes from the
robust z-scores under a normal approximation; for ``rank`` the components are the period's
mid-rank percentiles themselves (``comp_*`` and ``pct_<rate>_per_view``), so it is exact.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from hackoclock.scoring.methods import registry

RATE_LABELS = {
    "z_likes_per_view": "likes per view",
    "z_shares_per_view": "shares per view",
    "z_comments_per_view": "comments per view",
    "z_bookmarks_per_view": "bookmarks per view",
}
PCT_LABELS = {
    "pct_likes_per_view": "likes per view",
    "pct_shares_per_view": "shares per view",
    "pct_comments_per_view": "comments per view",
    "pct_bookmarks_per_view": "bookmarks per view",
}
COMPONENT_LABELS = {
    "reach": "views (reach)",
    "quality": "engagement quality",
    "content": "content score",
    "engagement_rate": "engagement rate",
    "sentiment": "content score",
    "likes_per_view": "likes count",
    "shares_per_view": "shares count",
    "comments_per_view": "comments count",
    "bookmarks_per_view": "bookmarks count",
}
FLAG_LABELS = {
    "likes_above_views": "more likes than views",
    "engagement_outlier": "engagement per view far above everyone else's",
    "views_without_engagement": "many views with little matching engagement",
    "near_duplicate": "several near-identical videos posted in the period",
}
TIERS = (1, 5, 10, 25)


def standing(z: float) -> str:
    """'in the top 10%' style phrase for a robust z-score (normal approximation)."""
    return standing_pct(0.5 * (1.0 + math.erf(z / math.sqrt(2.0))))


def standing_pct(p: float) -> str:
    """'in the top 10%' style phrase for a percentile p in 0..1 (the share of videos below)."""
    share_above = round(100.0 * (1.0 - p), 9)  # 100 x (1 - 0.95) is 5.000000000000004
    for tier in TIERS:
        if share_above <= tier:
            return f"in the top {tier}%"
    share_below = 100.0 - share_above
    for tier in TIERS:
        if share_below <= tier:
            return f"in the bottom {tier}%"
    return "around the middle"


def _pays_views(parameters: Mapping[str, Any]) -> bool:
    method = parameters.get("method")
    return method in registry.METHODS and registry.METHODS[method].pays_views


def explain(row: Mapping[str, Any], parameters: Mapping[str, Any]) -> list[str]:
    """Sentences explaining the video's points, largest contribution first."""
    sentences: list[str] = []
    if not row.get("eligible", True):
        reason = row.get("ineligible_reason") or "not eligible"
        return [f"This video earns no points this period: {reason}."]
    if _pays_views(parameters):
        return _value_sentences(row, parameters)
    contributions: Mapping[str, int] = row.get("contributions") or {}
    components: Mapping[str, float] = row.get("components") or {}
    method = parameters.get("method", "fair")
    for name, points in sorted(contributions.items(), key=lambda kv: (-kv[1], kv[0])):
        if points <= 0:
            continue
        sentences.append(_component_sentence(method, name, int(points), components))
    if not sentences:
        sentences.append("This video earned 0 points this period.")
    for name in row.get("missing") or []:
        label = COMPONENT_LABELS.get(name, name)
        sentences.append(
            f"No {label} was available, so the other parts count for more (never as zero)."
        )
    flags: Sequence[str] = row.get("flags") or []
    if row.get("held"):
        why = "; ".join(FLAG_LABELS.get(f, f) for f in flags) or "flagged"
        sentences.append(f"These points are held for review ({why}).")
    return sentences


def _component_sentence(
    method: str, name: str, points: int, components: Mapping[str, float]
) -> str:
    if method == "seed":
        label = COMPONENT_LABELS.get(name, name)
        return f"Your {label} added +{points} points (seed formula)."
    if method == "rank":
        return _rank_sentence(name, points, components)
    if name == "reach" and "z_views" in components:
        return f"Your views were {standing(components['z_views'])} this period: +{points} points."
    if name == "quality" and (
        sentence := _quality_sentence(points, components, RATE_LABELS, standing, average=0.0)
    ):
        return sentence
    if name == "content" and components.get("content") is not None:
        return f"Your content score was {components['content']:.2f} of 1: +{points} points."
    return f"Your {COMPONENT_LABELS.get(name, name)}: +{points} points."


def _quality_sentence(
    points: int,
    components: Mapping[str, float],
    labels: Mapping[str, str],
    read: Callable[[float], str],
    *,
    average: float,
) -> str | None:
    """The best per-view rate named with its standing (``read``), or a plain sentence when
    even the best is below ``average`` (z 0 for ``fair``, percentile 0.5 for ``rank``)."""
    rates = {k: v for k, v in components.items() if k in labels and v is not None}
    if not rates:
        return None
    best = max(sorted(rates), key=lambda k: rates[k])
    if rates[best] < average:
        return f"Your engagement per view earned +{points} points for engagement quality."
    return (
        f"Your {labels[best]} were {read(rates[best])} this period: "
        f"+{points} points for engagement quality."
    )


def _rank_sentence(name: str, points: int, components: Mapping[str, float]) -> str:
    """``rank`` components are percentiles, so the standing is read off them directly."""
    value = components.get(name)
    if name == "reach" and value is not None:
        return f"Your views were {standing_pct(value)} this period: +{points} points."
    if name == "quality" and (
        sentence := _quality_sentence(points, components, PCT_LABELS, standing_pct, average=0.5)
    ):
        return sentence
    if name == "content" and value is not None:
        return f"Your content score was {standing_pct(value)} this period: +{points} points."
    return f"Your {COMPONENT_LABELS.get(name, name)}: +{points} points."


def _value_sentences(row: Mapping[str, Any], parameters: Mapping[str, Any]) -> list[str]:
    """``value``: the views paid, their exact standing, what the multiplier's parts did."""
    comps: Mapping[str, Any] = row.get("components") or {}
    contrib: Mapping[str, int] = row.get("contributions") or {}
    rate = float(parameters.get("rate") or 0)
    paid, before = int(row.get("paid_views") or 0), int(row.get("views_paid_before") or 0)
    earlier = f" ({before:,} views were paid before)" if before else ""
    out = [
        f"Paid for {paid:,} new views{earlier}: {int(contrib.get('views', 0)):+,} points "
        f"at {rate:g} points per 1,000 views."
    ]
    if comps.get("views") is not None:
        out.append(f"Its paid views were {standing_pct(float(comps['views']))} this period.")
    quality = comps.get("quality")
    if quality is None:
        out.append("No engagement counts: engagement quality counts as neutral (x1).")
    else:
        better = "above" if quality > 0 else "below" if quality < 0 else "at"
        out.append(
            f"Engagement per view was {better} the period's typical video: "
            f"{int(contrib.get('quality', 0)):+,} points."
        )
    if comps.get("content") is None:
        out.append("No content score: content counts as neutral (x1).")
    else:
        score = (float(comps["content"]) + 1.0) / 2.0
        out.append(f"Content score {score:.2f} of 1: {int(contrib.get('content', 0)):+,} points.")
    factor = comps.get("originality_factor")
    if factor is not None and float(factor) < 1:
        out.append(
            f"Originality {float(comps.get('originality') or 0):.2f} of 1 (a reused sound, or a "
            f"duet or stitch): {int(contrib.get('originality', 0)):+,} points."
        )
    if comps.get("multiplier") is not None:
        out.append(f"Together: x{float(comps['multiplier']):.2f} on the views' points.")
    if row.get("held"):
        why = "; ".join(_flag_numbers(f, comps) for f in row.get("flags") or []) or "flagged"
        out.append(f"These points are held for review ({why}).")
    return out


def _flag_numbers(flag: str, comps: Mapping[str, Any]) -> str:
    label = FLAG_LABELS.get(flag, flag)
    rate, median = comps.get("engagement_rate"), comps.get("engagement_median")
    if flag in ("views_without_engagement", "engagement_outlier") and rate is not None and median:
        return f"{label}: engagement per view {rate:.2%}, period median {median:.2%}"
    return label


def what_would_move_you_up(row: Mapping[str, Any], parameters: Mapping[str, Any]) -> str | None:
    """The component with the most room to add points, as a sentence (None if nothing to gain)."""
    if not row.get("eligible", True):
        reason = row.get("ineligible_reason") or ""
        return f"Meet the eligibility rules first ({reason})." if reason else None
    components: Mapping[str, float] = row.get("components") or {}
    if _pays_views(parameters):
        per_k = float(parameters.get("rate") or 0) * float(components.get("multiplier") or 1.0)
        return (
            f"More people watching: each 1,000 new views earns about {per_k:,.0f} points at "
            "this video's multiplier; more likes, shares and comments per view raise it."
        )
    if parameters.get("method") == "seed":
        return _seed_move_up(components, parameters)
    weights: Mapping[str, float] = parameters.get("weights") or {}
    present = {k: w for k, w in weights.items() if components.get(k) is not None}
    total = sum(present.values())
    if total <= 0:
        return None
    room = {k: w / total * (1.0 - float(components[k])) for k, w in present.items()}
    best = max(sorted(room), key=lambda k: room[k])
    if room[best] <= 0:
        return None
    label = COMPONENT_LABELS.get(best, best)
    tips = {
        "reach": "more people watching",
        "quality": "more likes, shares, comments and saves per view",
        "content": "a higher content score",
    }
    scale = parameters.get("scale")
    if parameters.get("mode") == "absolute" and scale:
        gain = round(room[best] * float(scale))
        return (
            f"Your {label} has the most room: {tips.get(best, 'improving it')} "
            f"could add up to +{gain} points."
        )
    return f"Your {label} has the most room: {tips.get(best, 'improving it')} would earn more."


def _seed_move_up(components: Mapping[str, float], parameters: Mapping[str, Any]) -> str | None:
    fields = [k for k in parameters.get("components") or [] if components.get(k) is not None]
    if not fields:
        return None
    room = {k: 1.0 - float(components[k]) for k in fields}
    best = max(sorted(room), key=lambda k: room[k])
    if room[best] <= 0:
        return None
    gain = round(room[best] * float(parameters.get("multiplier", 200)))
    label = COMPONENT_LABELS.get(best, best)
    return f"Your {label} has the most room: the top of the period would add up to +{gain} points."
