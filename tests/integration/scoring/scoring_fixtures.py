"""Helpers for the scoring integration tests: import a shared file, give videos content scores.

A module with a name of its own (``from conftest import ...`` resolves to whichever conftest
was imported first, so it broke with collection order)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from sqlalchemy import bindparam, select, update

from hackoclock.db.engine import Database
from hackoclock.db.tables import videos


def hash_sentiment(video_id: str) -> float:
    """A fixed content score per video (the first 32 bits of its sha256, scaled to 0..1)."""
    return int(hashlib.sha256(video_id.encode()).hexdigest()[:8], 16) / 0xFFFFFFFF


def load_shared(db: Database, path: Path) -> int:
    """Import ``path`` with the real importer and set hash content scores; returns video count."""
    from hackoclock.ingest.service import import_file

    import_file(db, path)
    with db.write() as conn:
        ids = [v for (v,) in conn.execute(select(videos.c.video_id))]
        if ids:
            conn.execute(
                update(videos)
                .where(videos.c.video_id == bindparam("vid"))
                .values(sentiment=bindparam("s")),
                [{"vid": v, "s": hash_sentiment(v)} for v in ids],
            )
    return len(ids)
