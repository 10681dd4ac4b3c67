"""Database access for content analysis: what to score, saving scores and failures."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, bindparam, delete, exists, func, insert, select, update

from hackoclock.content.model import ContentScore, VideoInput
from hackoclock.db.engine import Database
from hackoclock.db.tables import videos
from hackoclock.db.tables_content import content_failures, content_scores


@dataclass(frozen=True, slots=True)
class ProviderKey:
    """Which stored scores a provider produces."""

    provider: str
    model: str
    version: str

    def as_row(self) -> dict[str, str]:
        return {"provider": self.provider, "model": self.model, "version": self.version}


@dataclass(frozen=True, slots=True)
class Failure:
    video_id: str
    reason: str
    message: str
    attempts: int


def _scored_clause(key: ProviderKey) -> Any:
    return exists().where(
        content_scores.c.video_id == videos.c.video_id,
        content_scores.c.provider == key.provider,
        content_scores.c.model == key.model,
        content_scores.c.version == key.version,
    )


def count_videos(db: Database, key: ProviderKey) -> tuple[int, int]:
    """(all videos, videos already scored by this provider/model/version)."""
    with db.read() as conn:
        total = conn.execute(select(func.count()).select_from(videos)).scalar_one()
        done = conn.execute(
            select(func.count()).select_from(videos).where(_scored_clause(key))
        ).scalar_one()
    return int(total), int(done)


def _hashtags(raw: object) -> tuple[str, ...]:
    """The JSON hashtags column as strings (a list is expected; tolerate a bare string)."""
    if isinstance(raw, str):
        return (raw,)
    if isinstance(raw, list):
        return tuple(str(t.get("name", "")) if isinstance(t, dict) else str(t) for t in raw)
    return ()


def iter_videos(
    db: Database, key: ProviderKey, *, force: bool, limit: int | None, page_size: int = 1000
) -> Iterator[VideoInput]:
    """Videos to score in video_id order, read a page at a time (keyset pagination)."""
    last: str | None = None
    remaining = limit
    while remaining is None or remaining > 0:
        size = page_size if remaining is None else min(page_size, remaining)
        query = select(videos.c.video_id, videos.c.caption, videos.c.hashtags, videos.c.url)
        if not force:
            query = query.where(~_scored_clause(key))
        if last is not None:
            query = query.where(videos.c.video_id > last)
        with db.read() as conn:
            rows = conn.execute(query.order_by(videos.c.video_id).limit(size)).all()
        if not rows:
            return
        for row in rows:
            yield VideoInput(
                video_id=row.video_id,
                caption=row.caption,
                hashtags=_hashtags(row.hashtags),
                url=row.url,
            )
        last = rows[-1].video_id
        if remaining is not None:
            remaining -= len(rows)


def save_results(
    db: Database,
    key: ProviderKey,
    scores: Sequence[ContentScore],
    failures: Sequence[Failure],
    *,
    set_sentiment: bool,
) -> None:
    """Store a batch of outcomes in one transaction (replacing earlier rows for the same key)."""
    if not scores and not failures:
        return
    now = datetime.now(UTC)
    with db.write() as conn:
        _save_scores(conn, key, scores, now, set_sentiment=set_sentiment)
        _save_failures(conn, key, failures, now)


def _delete_keyed(conn: Connection, table: Any, key: ProviderKey, ids: Iterable[str]) -> None:
    conn.execute(
        delete(table).where(
            table.c.video_id.in_(list(ids)),
            table.c.provider == key.provider,
            table.c.model == key.model,
            table.c.version == key.version,
        )
    )


def _save_scores(
    conn: Connection,
    key: ProviderKey,
    scores: Sequence[ContentScore],
    now: datetime,
    *,
    set_sentiment: bool,
) -> None:
    if not scores:
        return
    ids = [s.video_id for s in scores]
    _delete_keyed(conn, content_scores, key, ids)
    _delete_keyed(conn, content_failures, key, ids)
    conn.execute(
        insert(content_scores),
        [
            {
                "video_id": s.video_id,
                **key.as_row(),
                "score": s.score,  # NULL for an unknown score, with its reason
                "unknown_reason": s.unknown_reason,
                "neutral": s.neutral,
                "rationale": s.rationale,
                "details": s.details or None,
                "created_at": now,
            }
            for s in scores
        ],
    )
    if set_sentiment:
        conn.execute(
            update(videos)
            .where(videos.c.video_id == bindparam("vid"))
            .values(sentiment=bindparam("new_sentiment")),
            [{"vid": s.video_id, "new_sentiment": s.score} for s in scores],
        )


def _save_failures(
    conn: Connection, key: ProviderKey, failures: Sequence[Failure], now: datetime
) -> None:
    if not failures:
        return
    ids = [f.video_id for f in failures]
    rows = conn.execute(
        select(content_failures.c.video_id, content_failures.c.attempts).where(
            content_failures.c.video_id.in_(ids),
            content_failures.c.provider == key.provider,
            content_failures.c.model == key.model,
            content_failures.c.version == key.version,
        )
    ).all()
    previous = {row.video_id: int(row.attempts) for row in rows}
    _delete_keyed(conn, content_failures, key, ids)
    conn.execute(
        insert(content_failures),
        [
            {
                "video_id": f.video_id,
                **key.as_row(),
                "reason": f.reason,
                "attempts": previous.get(f.video_id, 0) + f.attempts,
                "last_error": f.message,
                "failed_at": now,
            }
            for f in failures
        ],
    )


def sync_sentiment(db: Database, key: ProviderKey) -> int:
    """Copy this provider's stored scores into ``videos.sentiment`` where they differ (an
    unknown score copies as NULL, so scoring leaves the content component out)."""
    stored = (
        select(content_scores.c.score)
        .where(
            content_scores.c.video_id == videos.c.video_id,
            content_scores.c.provider == key.provider,
            content_scores.c.model == key.model,
            content_scores.c.version == key.version,
        )
        .scalar_subquery()
    )
    with db.write() as conn:
        result = conn.execute(
            update(videos)
            .where(_scored_clause(key))
            .where(videos.c.sentiment.is_distinct_from(stored))
            .values(sentiment=stored)
        )
    return int(result.rowcount or 0)


def load_failures(db: Database, key: ProviderKey) -> list[Failure]:
    """The stored failures for this provider/model/version."""
    with db.read() as conn:
        rows = conn.execute(
            select(content_failures).where(
                content_failures.c.provider == key.provider,
                content_failures.c.model == key.model,
                content_failures.c.version == key.version,
            )
        ).all()
    return [Failure(r.video_id, r.reason, r.last_error, r.attempts) for r in rows]
