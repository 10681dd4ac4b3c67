"""The shape of a period's input: one row per video with its count growth in the period."""

from __future__ import annotations

import ibis
import ibis.expr.types as ir

from hackoclock.errors import InvalidInput

COUNTS = ("views", "likes", "shares", "bookmarks", "comments")
RATES = ("likes", "shares", "comments", "bookmarks")  # per view, in the `fair` quality component

PERIOD_SCHEMA = ibis.schema(
    {
        "video_id": "string",
        "creator_id": "string",
        "views": "int64",
        "likes": "int64",
        "shares": "int64",
        "bookmarks": "int64",
        "comments": "int64",
        "follower_count": "int64",
        "sentiment": "float64",
        "caption": "string",
        # cumulative views at the period's end and the views already paid (the paid-views
        # mark): read by ``value``; the other methods ignore them
        "views_total": "int64",
        "views_paid_before": "int64",
        # originality (content.originality, over every video, not only the period's): read by
        # ``value``; NULL = not known, neutral
        "reupload_of": "string",
        "repost_of": "string",
        "originality": "float64",
    }
)


def conform(table: ir.Table) -> ir.Table:
    """Select the period columns in a fixed order and type, adding absent optional ones as NULL."""
    required = ("video_id", "creator_id", "views")
    missing = [c for c in required if c not in table.columns]
    if missing:
        raise InvalidInput(f"scoring input lacks column(s): {', '.join(missing)}")
    cols = {}
    for name, dtype in PERIOD_SCHEMA.items():
        if name in table.columns:
            cols[name] = table[name].cast(dtype)
        else:
            cols[name] = ibis.null(dtype)
    return table.select(**cols)
