"""Tuples for the bulk statements, in the column order of :mod:`hackoclock.ingest.sql`."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

from hackoclock.ingest import fastjson
from hackoclock.ingest.chunk import Chunk
from hackoclock.ingest.model import Rejected
from hackoclock.ingest.rates import per_view_rates

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
        engagement, lpv, spv, bpv, cpv = per_view_rates(v)
        yield (
            v.video_id,
            v.creator_id,
            v.url,
            v.caption,
            _dumps(v.hashtags) if v.hashtags is not None else None,
            v.duration_s,
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
