"""Insert creators and videos directly (the importer is written separately)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from sqlalchemy import insert, select

from hackoclock.db.engine import Database
from hackoclock.db.tables import creators, videos
from hackoclock.db.tables_content import content_failures, content_scores

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)

# Real captions from ../shared/data/tiktok-trending-2020-12.json
REAL_CAPTIONS = {
    "v1": ("Great rally 😍🏐❤️ show some love in the comments for them👉❤️🏐 #volleyball", []),
    "v2": ("@mikeohearn #gymfail #cringe #gym #bodybuilding #fitness #fyp #viral #xycba", []),
    "v3": ("", []),
    "v4": ("My Deadlift Journey🔥💪. #deadlift", ["deadlift", "gym"]),
    "v5": ("the end😭 #couple #couplegoals #buttslap", ["couple"]),
}


def add_videos(db: Database, captions: dict[str, tuple[str, Sequence[str]]]) -> None:
    with db.write() as conn:
        conn.execute(
            insert(creators),
            [{"creator_id": "c1", "username": "creator", "first_seen_at": NOW, "updated_at": NOW}],
        )
        conn.execute(
            insert(videos),
            [
                {
                    "video_id": vid,
                    "creator_id": "c1",
                    "caption": caption,
                    "hashtags": tags if isinstance(tags, str) else list(tags),
                    "url": f"https://www.tiktok.com/@creator/video/{vid}",
                    "observed_at": NOW,
                    "updated_at": NOW,
                }
                for vid, (caption, tags) in captions.items()
            ],
        )


def stored_scores(db: Database, provider: str | None = None) -> dict[str, float | None]:
    query = select(content_scores.c.video_id, content_scores.c.score)
    if provider is not None:
        query = query.where(content_scores.c.provider == provider)
    with db.read() as conn:
        return {row.video_id: row.score for row in conn.execute(query)}


def stored_failures(db: Database) -> dict[str, tuple[str, int, str]]:
    with db.read() as conn:
        rows = conn.execute(select(content_failures)).all()
    return {r.video_id: (r.reason, r.attempts, r.last_error) for r in rows}


def sentiments(db: Database) -> dict[str, float | None]:
    with db.read() as conn:
        rows = conn.execute(select(videos.c.video_id, videos.c.sentiment)).all()
    return {row.video_id: row.sentiment for row in rows}
