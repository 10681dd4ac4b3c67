"""A period's metrics from a snapshot history: the growth of each count within the period.

For the period [start, end) a video's value is its latest snapshot before ``end`` minus its
latest snapshot before ``start`` (the whole count when there is none). Both bounds are strict, so
consecutive periods chain exactly: a snapshot taken at instant t belongs to the period that
contains t, and the same views are never paid for twice nor lost between periods. A video with
no snapshot inside [start, end) has nothing to score in the period and is left out. Beside the
growth, ``views_total`` is the latest cumulative view count before ``end`` (what ``value`` pays
against the paid-views mark). A count that
went down (TikTok rounds large counts) gives 0 growth, never a negative one; a count the later
snapshot lacks stays NULL (missing), and one the earlier snapshot lacks counts from 0.

Times are integer microseconds since the epoch (``observed_us``) so that every engine compares
them the same way, whatever its time zone handling.
"""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from hackoclock.scoring.schema import COUNTS

CARRIED = ("creator_id", "follower_count", "sentiment", "caption")


def period_metrics(snapshots: ir.Table, start_us: int, end_us: int) -> ir.Table:
    """One row per video with a snapshot in [start, end): its count growth in the period."""
    last = _latest(snapshots.filter(snapshots.observed_us < end_us))
    last = last.filter(last.observed_us >= start_us)
    base = _latest(snapshots.filter(snapshots.observed_us < start_us))
    base = base.select("video_id", *(base[c].name(f"{c}__base") for c in COUNTS))
    joined = last.left_join(base, "video_id").drop("video_id_right")
    growth = {
        c: ibis.ifelse(
            joined[c].isnull(),
            ibis.null("int64"),
            ibis.greatest(joined[c] - ibis.coalesce(joined[f"{c}__base"], 0), 0),
        ).cast("int64")
        for c in COUNTS
    }
    carried = {c: joined[c] for c in CARRIED if c in joined.columns}
    return joined.select(
        video_id=joined.video_id, **carried, **growth, views_total=joined.views.cast("int64")
    )


def _latest(snapshots: ir.Table) -> ir.Table:
    window = ibis.window(
        group_by=snapshots.video_id,
        order_by=[ibis.desc(snapshots.observed_us), ibis.desc(snapshots.views)],
    )
    ranked = snapshots.mutate(snapshot_rank=ibis.row_number().over(window))
    return ranked.filter(ranked.snapshot_rank == 0).drop("snapshot_rank")
