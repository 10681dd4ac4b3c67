"""Eligibility thresholds: ineligible videos are scored, earn 0 points and carry the reason."""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from hackoclock.scoring.config import ScoringConfig


def eligibility(t: ir.Table, cfg: ScoringConfig) -> ir.Table:
    """Add ``eligible`` and ``ineligible_reason`` (the first rule a video fails)."""
    min_views = int(cfg.get("eligibility", "min_period_views"))
    min_followers = int(cfg.get("eligibility", "min_followers"))
    rules: list[tuple[ir.BooleanValue, str]] = [
        (t.views.isnull(), "no view count in the period"),
        (t.views < min_views, f"fewer than {min_views} views in the period"),
    ]
    if min_followers > 0:
        rules.append((t.follower_count.isnull(), "follower count unknown"))
        rules.append((t.follower_count < min_followers, f"fewer than {min_followers} followers"))
    rules.append((~t.has_components, "no usable metrics"))
    reason: ir.StringValue = ibis.null("string")
    for failed, text in reversed(rules):
        reason = ibis.ifelse(ibis.coalesce(failed, False), ibis.literal(text), reason)
    return t.mutate(ineligible_reason=reason, eligible=reason.isnull()).drop("has_components")
