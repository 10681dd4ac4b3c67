"""Tuples for the bulk statements, in the column order of :mod:`.upsert_sql`."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

from hackoclock.ingest.chunk import Chunk
from hackoclock.ingest.model import Rejected
from hackoclock.ingest.readers import json_codec as fastjson

TimeFormat = Callable[[datetime | None], Any]
Row = tuple[Any, ...]
_dumps = fastjson.dumps


def sqlite_time(moment: datetime | None) -> str | None:
    """The text SQLAlchemy's SQLite DateTime stores (UTC, no offset); ``moment`` is UTC."""
    if moment is None:
        return None
    return moment.isoformat(" ", "microseconds")[:26]


def native_time(moment: datetime | None) -> datetime | None:
    return moment


def _cached(t: TimeFormat) -> TimeFormat:
    """``t`` remembering its answers: most records of a file share one observation time."""
    cache: dict[datetime | None, Any] = {}

    def formatted(moment: datetime | None) -> Any:
        try:
            return cache[moment]
        except KeyError:
            value = cache[moment] = t(moment)
            return value

    return formatted


def creator_rows(chunk: Chunk, now: datetime, t: TimeFormat) -> Iterator[Row]:
    stamp = t(now)
    observed = _cached(t)
    for c in chunk.creators.values():
        yield (
            c.creator_id,
            c.username,
            c.nickname,
            c.follower_count,
            c.video_count,
            observed(c.stats_observed_at),
            stamp,
            stamp,
        )


def video_rows(chunk: Chunk, batch_id: int, now: datetime, t: TimeFormat) -> Iterator[Row]:
    stamp = t(now)
    observed = _cached(t)
    for v in chunk.videos.values():
        # rates.per_view_rates written out (the same operations in the same order, so the
        # same floats; tests/unit/ingest/test_ingest_rows.py compares): it runs once a video
        views = v.views
        engagement: float | None
        if views is not None and views > 0:
            likes, shares, bookmarks, comments = v.likes, v.shares, v.bookmarks, v.comments
            lpv = likes / views if likes is not None else None
            spv = shares / views if shares is not None else None
            bpv = bookmarks / views if bookmarks is not None else None
            cpv = comments / views if comments is not None else None
            if lpv is not None and spv is not None and bpv is not None and cpv is not None:
                engagement = sum((lpv, spv, bpv, cpv))
            else:
                known = [r for r in (lpv, spv, bpv, cpv) if r is not None]
                engagement = sum(known) if known else None
        else:
            engagement = lpv = spv = bpv = cpv = None
        yield (
            v.video_id,
            v.creator_id,
            v.url,
            v.caption,
            _dumps(v.hashtags) if v.hashtags is not None else None,
            v.duration_s,
            v.music_id,
            v.music_title,
            v.music_original,
            v.duet_from_id,
            t(v.date_posted),
            v.views,
            v.likes,
            v.shares,
            v.bookmarks,
            v.comments,
            engagement,
            lpv,
            spv,
            bpv,
            cpv,
            observed(v.observed_at),
            _dumps(v.flags) if v.flags else None,
            batch_id,
            stamp,
        )


def snapshot_rows(chunk: Chunk, batch_id: int, t: TimeFormat) -> Iterator[Row]:
    observed = _cached(t)
    for (video_id, observed_at), v in chunk.snapshots.items():
        yield (
            video_id,
            observed(observed_at),
            v.views,
            v.likes,
            v.shares,
            v.bookmarks,
            v.comments,
            v.follower_count,
            batch_id,
        )


def quarantine_rows(rejected: list[Rejected], batch_id: int) -> Iterator[Row]:
    for r in rejected:
        yield batch_id, r.record_no, r.text, r.raw.replace("\x00", "\\u0000")


def changed_rows(sent: dict[str, Row], rows: list[Row], limit: int) -> list[Row]:
    """The ``rows`` that differ from the last row remembered in ``sent`` for their key
    (``row[0]``), which are then remembered. Past ``limit`` remembered rows the memory starts
    afresh: forgetting only means a row is written again, never that one is lost."""
    changed = [row for row in rows if sent.get(row[0]) != row]
    if len(sent) + len(changed) > limit:
        sent.clear()
    sent.update((row[0], row) for row in changed)
    return changed
