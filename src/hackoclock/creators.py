"""Creators, read-only: profiles (``GET /me``, the dashboard) and pickers (demo sign-in, the
operator console). Usernames are user text: front ends render them as text only.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime

from sqlalchemy import func, select

from hackoclock.db.engine import Database
from hackoclock.db.tables import creators, videos
from hackoclock.errors import NotFound

DEFAULT_LIMIT = 200


@dataclass(frozen=True, slots=True)
class CreatorEntry:
    """A creator as pickers show them."""

    creator_id: str
    username: str | None
    follower_count: int | None
    total_points: int

    @property
    def handle(self) -> str:
        """'@username', or the id when the source carried no username."""
        return f"@{self.username}" if self.username else self.creator_id


def list_creators(db: Database, *, limit: int = DEFAULT_LIMIT) -> list[CreatorEntry]:
    """Creators with the most points first (then by username), at most ``limit`` of them."""
    query = (
        select(
            creators.c.creator_id,
            creators.c.username,
            creators.c.follower_count,
            creators.c.total_points,
        )
        .order_by(
            creators.c.total_points.desc(),
            creators.c.username.asc().nulls_last(),  # the same order on SQLite and PostgreSQL
            creators.c.creator_id,
        )
        .limit(limit)
    )
    with db.read() as conn:
        return [CreatorEntry(*row) for row in conn.execute(query)]


def get_creator(db: Database, creator_id: str) -> CreatorEntry | None:
    """One creator by id, or None."""
    query = select(
        creators.c.creator_id,
        creators.c.username,
        creators.c.follower_count,
        creators.c.total_points,
    ).where(creators.c.creator_id == creator_id)
    with db.read() as conn:
        row = conn.execute(query).first()
    return CreatorEntry(*row) if row else None


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
