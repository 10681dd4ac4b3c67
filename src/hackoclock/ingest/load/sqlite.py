"""Bulk loading into SQLite: big executemany batches inside the import's one transaction.

A creator row identical to the last one this import wrote for that creator is not written
again (see ``SqliteLoader._changed_creators``).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection

from hackoclock.ingest.load import upsert_sql as sql
from hackoclock.ingest.load.row_tuples import Row, changed_rows
from hackoclock.ingest.prepare import PreparedChunk

IMPORT_CACHE_SIZE = -262_144  # KiB: a 256 MiB page cache while importing (default 2 MiB)
# Creator rows remembered to skip exact repeats (about 0.3 KB each; forgotten past this).
REMEMBER_CREATORS = 250_000


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
        self._sent_creators: dict[str, Row] = {}

    def load(self, chunk: PreparedChunk) -> tuple[int, int]:
        """Write one chunk; return (videos inserted or updated, snapshots added)."""
        cur = self._cursor
        if chunk.quarantine:
            cur.executemany(INSERT_QUARANTINE, chunk.quarantine)
        if not chunk.snapshots:
            return 0, 0
        creators = self._changed_creators(chunk.creators)
        if creators:
            cur.executemany(UPSERT_CREATORS, creators)
        cur.executemany(UPSERT_VIDEOS, chunk.videos)
        videos_changed = cur.rowcount
        cur.executemany(INSERT_SNAPSHOTS, chunk.snapshots)
        return videos_changed, cur.rowcount

    def _changed_creators(self, rows: list[Row]) -> list[Row]:
        """The rows that differ from the last row this import wrote for their creator.

        A big file names most creators again in every chunk, usually with the same values.
        Writing the same creator row twice in a row changes nothing (the merge in
        ``sql.UPSERT_CREATORS`` is idempotent: the second upsert computes the values the
        first one stored, and its WHERE then skips the row), and nothing else writes
        ``creators`` inside the import's transaction, so an exact repeat is not sent again.
        """
        return changed_rows(self._sent_creators, rows, REMEMBER_CREATORS)

    def close(self) -> None:
        self._cursor.execute(f"PRAGMA cache_size={int(self._cache_size)}")
        self._cursor.close()
