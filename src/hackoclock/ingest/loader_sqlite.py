"""Bulk loading into SQLite: big executemany batches inside the import's one transaction."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection

from hackoclock.ingest import sql
from hackoclock.ingest.prepare import PreparedChunk

IMPORT_CACHE_SIZE = -262_144  # KiB: a 256 MiB page cache while importing (default 2 MiB)


def _values(columns: tuple[str, ...]) -> str:
    return "VALUES (" + ", ".join("?" * len(columns)) + ")"


UPSERT_CREATORS = sql.UPSERT_CREATORS.format(source=_values(sql.CREATOR_COLUMNS), distinct="IS NOT")
UPSERT_VIDEOS = sql.UPSERT_VIDEOS.format(source=_values(sql.VIDEO_COLUMNS))
INSERT_SNAPSHOTS = sql.INSERT_SNAPSHOTS.format(source=_values(sql.SNAPSHOT_COLUMNS))
INSERT_QUARANTINE = sql.INSERT_QUARANTINE.format(source=_values(sql.QUARANTINE_COLUMNS))


class SqliteLoader:
    """Writes chunks through the sqlite3 cursor of the import's SQLAlchemy connection."""

    def __init__(self, conn: Connection) -> None:
        dbapi: Any = conn.connection.driver_connection
        self._cursor = dbapi.cursor()
        self._cache_size = self._cursor.execute("PRAGMA cache_size").fetchone()[0]
        self._cursor.execute(f"PRAGMA cache_size={IMPORT_CACHE_SIZE}")

    def load(self, chunk: PreparedChunk) -> tuple[int, int]:
        """Write one chunk; return (videos inserted or updated, snapshots added)."""
        cur = self._cursor
        if chunk.quarantine:
            cur.executemany(INSERT_QUARANTINE, chunk.quarantine)
        if not chunk.snapshots:
            return 0, 0
        cur.executemany(UPSERT_CREATORS, chunk.creators)
        cur.executemany(UPSERT_VIDEOS, chunk.videos)
        videos_changed = cur.rowcount
        cur.executemany(INSERT_SNAPSHOTS, chunk.snapshots)
        return videos_changed, cur.rowcount

    def close(self) -> None:
        self._cursor.execute(f"PRAGMA cache_size={int(self._cache_size)}")
        self._cursor.close()
