"""Fold provisional creators (``@username``, from records without an author id) into the real
creator with that username once one is known."""

from __future__ import annotations

from sqlalchemy import Connection, delete, func, select, update

from hackoclock.db.tables import creators, videos

PROVISIONAL_PREFIX = "@"


def merge_provisional_creators(conn: Connection) -> int:
    """Re-point the videos of each provisional creator to its real one; return how many merged."""
    provisional = creators.alias("provisional")
    real = creators.alias("real")
    pairs = conn.execute(
        select(provisional.c.creator_id, func.min(real.c.creator_id))
        .join(real, real.c.username == provisional.c.username)
        .where(
            provisional.c.creator_id.startswith(PROVISIONAL_PREFIX, autoescape=True),
            ~real.c.creator_id.startswith(PROVISIONAL_PREFIX, autoescape=True),
        )
        .group_by(provisional.c.creator_id)
    ).all()
    for provisional_id, real_id in pairs:
        conn.execute(
            update(videos).where(videos.c.creator_id == provisional_id).values(creator_id=real_id)
        )
        conn.execute(delete(creators).where(creators.c.creator_id == provisional_id))
    return len(pairs)
