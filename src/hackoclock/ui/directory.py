"""Read-only look-ups of creators for the app's pickers (demo sign-in, operator views).

No other capability lists creators yet, so this small query lives here, apart from the page
code; pages call it like any other service. Usernames are user text: render them as text only.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from hackoclock.db.engine import Database
from hackoclock.db.tables import creators

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
