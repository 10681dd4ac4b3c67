"""A creator's public profile (the ``creators`` row), read for ``GET /me``.

No capability service exposes creator profiles, so this one read-only query lives beside the
API (as the UI keeps its own in ``ui/directory.py``); routes call it like a service.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime

from sqlalchemy import func, select

from hackoclock.db.engine import Database
from hackoclock.db.tables import creators, videos
from hackoclock.errors import NotFound


@dataclass(frozen=True, slots=True)
class Profile:
    creator_id: str
    username: str | None
    nickname: str | None
    follower_count: int | None
    video_count: int | None
    videos_known: int
    first_seen_at: datetime


def get_profile(db: Database, creator_id: str) -> Profile:
    """The creator's profile; NotFound when no such creator was ever imported."""
    known = (
        select(func.count())
        .select_from(videos)
        .where(videos.c.creator_id == creators.c.creator_id)
        .scalar_subquery()
    )
    query = select(
        creators.c.creator_id,
        creators.c.username,
        creators.c.nickname,
        creators.c.follower_count,
        creators.c.video_count,
        known,
        creators.c.first_seen_at,
    ).where(creators.c.creator_id == creator_id)
    with db.read() as conn:
        row = conn.execute(query).first()
    if row is None:
        raise NotFound("no creator with this id has been imported")
    profile = Profile(*row)
    if profile.first_seen_at.tzinfo is None:  # SQLite hands back naive UTC
        profile = replace(profile, first_seen_at=profile.first_seen_at.replace(tzinfo=UTC))
    return profile
