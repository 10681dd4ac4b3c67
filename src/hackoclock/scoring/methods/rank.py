"""Method ``rank``: ``fair`` with each component a mid-rank percentile instead of a clipped z.

Everything but the components is ``fair``'s: the same eligibility, the same empirical-Bayes
shrunk per-view rates (the lower posterior bound, see ``fair``), the same manipulation flags and
holds, the same ``absolute``/``pool`` points and largest-remainder contributions. Components:

- **reach**: the percentile of the period's views.
- **quality**: for each of likes, shares, comments, bookmarks per view, the percentile of the
  shrunk rate (``pct_<rate>_per_view``); then the percentile of the mean of the rates the video
  has. Ranking twice keeps quality uniform on 0..1 like the other two components.
- **content**: the percentile of the content score.

The percentile of x among the n videos that have the measure is the mid-rank
``(below + equal / 2) / n``: below = videos with a smaller value, equal = videos with the same
value (the video itself included), i.e. ``(average rank - 1/2) / n``. Ties share it; NULL stays
NULL (missing, never zero); n = 1 gives 1/2. So no single video can stretch the scale: removing
or inflating one video moves anyone else's reach, content or rate percentile by at most
1/(n - 1) (quality, ranked twice, has no such bound). Every component has the same spread
(uniform on 0..1, variance 1/12, up to ties), so for independent components the share of the
variance of scores is w_k^2 / sum(w^2), set by the weights alone and not by the shapes of the
distributions. There is no clipping parameter.

Determinism: views are integers and content scores are input floats, so their order is exact on
every engine. The shrunk rates are computed (logs, square roots), so they are ranked after
rounding to 1e-9 (rates that agree to about nine significant digits tie); the quality mean is
rounded the same way. Window ranks are computed within the non-NULL rows only, so where an
engine sorts NULLs cannot matter, and shuffled input gives the same bits.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from hackoclock.scoring.config import ScoringConfig
from hackoclock.scoring.methods.eligibility import eligibility
from hackoclock.scoring.methods.fair import log_measures, shrunk_rates, weighted_score
from hackoclock.scoring.methods.flags import add_flags, near_duplicates
from hackoclock.scoring.methods.stats import Materialize, keep, robust_centres, robust_z, round9
from hackoclock.scoring.schema import RATES, conform

RANK_RATE_COLUMNS = tuple(f"pct_{k}_per_view" for k in RATES)


def mid_rank(x: ir.Value) -> ir.FloatingValue:
    """The mid-rank percentile of ``x`` among its non-NULL values: ``(below + equal/2) / n``.

    One sort per measure: within the non-NULL rows ordered by x, ``rank`` counts the rows below
    and a RANGE count up to the current row counts those below or equal (ties are peers); n is
    the count of the non-NULL rows. Exact integer counts and one division, so every engine
    gives the same bits."""
    known = x.notnull()
    below = ibis.rank().over(ibis.window(group_by=known, order_by=x))
    upto = x.count().over(ibis.window(group_by=known, order_by=x, range=(None, 0)))
    n = x.count().over(ibis.window(group_by=known))
    pct = (below + upto).cast("float64") / (2 * n).cast("float64")
    return ibis.ifelse(known, pct, ibis.null("float64"))


def rank_scores(table: ir.Table, cfg: ScoringConfig, materialize: Materialize = keep) -> ir.Table:
    """Component values, score, eligibility and flags (no points yet) for a period table."""
    t = conform(table)
    duplicates = materialize(near_duplicates(t, cfg, materialize))
    t = log_measures(t)
    t = shrunk_rates(t, cfg, materialize)
    t = robust_centres(t, ["ler"], materialize)
    t = t.mutate(z_engagement=robust_z(t, "ler"))
    t = _components(t)
    t = weighted_score(t, cfg)
    t = add_flags(t, cfg, duplicates)
    t = eligibility(t, cfg)
    drop = ("lv", "ler", "eng")
    keep_cols = [c for c in t.columns if "__" not in c and c not in drop]
    keep_cols = [c for c in keep_cols if not c.startswith(("lq_", "p_", "key_"))]
    return t.select(*keep_cols)


def _components(t: ir.Table) -> ir.Table:
    reach_key = ibis.ifelse(t.views.notnull(), ibis.greatest(t.views, 0), t.views)
    t = t.mutate(
        comp_reach=mid_rank(reach_key),
        comp_content=mid_rank(t.sentiment),
        **{f"pct_{k}_per_view": mid_rank(round9(t[f"lq_{k}"])) for k in RATES},
    )
    present = sum(
        (ibis.ifelse(t[f"pct_{k}_per_view"].notnull(), 1, 0) for k in RATES), ibis.literal(0)
    )
    total = sum((ibis.coalesce(t[f"pct_{k}_per_view"], 0.0) for k in RATES), ibis.literal(0.0))
    t = t.mutate(key_quality=round9(total / present.cast("float64").nullif(0)))
    return t.mutate(comp_quality=mid_rank(t.key_quality))
