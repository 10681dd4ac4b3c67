"""Per-view rates and the engagement rate, as the prototype defined them."""

from __future__ import annotations

from hackoclock.ingest.model import VideoRecord


def per_view_rates(
    record: VideoRecord,
) -> tuple[float | None, float | None, float | None, float | None, float | None]:
    """(engagement_rate, likes, shares, bookmarks, comments per view); all None unless views > 0.

    ``engagement_rate`` is the sum of the per-view rates that are known (a missing count, like
    the Kaggle file's bookmarks, adds nothing); None when none is known.
    """
    views = record.views
    if not views or views <= 0:
        return None, None, None, None, None
    likes = record.likes / views if record.likes is not None else None
    shares = record.shares / views if record.shares is not None else None
    bookmarks = record.bookmarks / views if record.bookmarks is not None else None
    comments = record.comments / views if record.comments is not None else None
    known = [r for r in (likes, shares, bookmarks, comments) if r is not None]
    engagement = sum(known) if known else None
    return engagement, likes, shares, bookmarks, comments
