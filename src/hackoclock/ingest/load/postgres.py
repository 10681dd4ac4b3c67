"""Bulk loading into PostgreSQL: COPY; rows of existing keys via a staging table and an upsert.

With ``bulk=True`` the foreign keys and secondary indexes of the written tables are dropped
for the load and put back by :meth:`PostgresLoader.close` (see :mod:`bulk_postgres`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection

from hackoclock.ingest.load import upsert_sql as sql
from hackoclock.ingest.load.postgres_deferred_keys import BulkSchema, use_bulk
from hackoclock.ingest.load.row_tuples import Row, changed_rows
from hackoclock.ingest.prepare import PreparedChunk

# Binary COPY sends each value in the column's own binary form. The JSON columns get their
# text as prepared (json's binary form is its text).
COPY_TYPES = {
    **dict.fromkeys(
        (
            "creator_id",
            "username",
            "nickname",
            "video_id",
            "music_id",
            "music_title",
            "duet_from_id",
            "url",
            "caption",
            "hashtags",
            "flags",
            "reason",
            "raw",
        ),
        "text",
    ),
    **dict.fromkeys(
        (
            "follower_count",
            "video_count",
            "views",
            "likes",
            "shares",
            "bookmarks",
            "comments",
            "record_no",
        ),
        "int8",
    ),
    **dict.fromkeys(("duration_s", "first_batch_id", "batch_id"), "int4"),
    "music_original": "bool",
    **dict.fromkeys(
        (
            "engagement_rate",
            "likes_per_view",
            "shares_per_view",
            "bookmarks_per_view",
            "comments_per_view",
        ),
        "float8",
    ),
    **dict.fromkeys(
        ("stats_observed_at", "first_seen_at", "updated_at", "date_posted", "observed_at"),
        "timestamptz",
    ),
}

# Bulk path: creator rows remembered to skip exact repeats (about 0.3 KB each; forgotten
# past this), and keys remembered for a table empty at the start (about 0.1 KB each; past
# this the loader asks the table again, as outside the bulk path).
REMEMBER_CREATORS = 250_000
REMEMBER_KEYS = 4_000_000

STAGES = {
    "creators": ("_hk_stage_creators", sql.CREATOR_COLUMNS),
    "videos": ("_hk_stage_videos", sql.VIDEO_COLUMNS),
    "metric_snapshots": ("_hk_stage_snapshots", sql.SNAPSHOT_COLUMNS),
}


def _from_stage(table: str) -> str:
    stage, columns = STAGES[table]
    return f"SELECT {', '.join(columns)} FROM {stage}"


# Known creators (met again in each chunk of a big file) are written with a plain UPDATE, which
# skips unchanged rows without locking them (see sql.UPDATE_CREATORS).
UPDATE_CREATORS = sql.UPDATE_CREATORS.format(source=STAGES["creators"][0])
UPSERT_VIDEOS = sql.UPSERT_VIDEOS.format(source=_from_stage("videos"))
INSERT_SNAPSHOTS = sql.INSERT_SNAPSHOTS.format(source=_from_stage("metric_snapshots"))


class PostgresLoader:
    """Writes chunks through the psycopg connection of the import's SQLAlchemy connection."""

    def __init__(self, conn: Connection, *, bulk: bool = False) -> None:
        driver: Any = conn.connection.driver_connection
        self._pg: Any = driver
        with self._pg.cursor() as cur:
            for table, (stage, _columns) in STAGES.items():
                cur.execute(
                    f"CREATE TEMP TABLE IF NOT EXISTS {stage} "
                    f"(LIKE {table} INCLUDING DEFAULTS) ON COMMIT DROP"
                )
        self._bulk = BulkSchema(self._pg) if bulk else None
        # Bulk path into an empty table: its keys are the ones this import wrote (nobody else
        # can write while the import holds its locks), so remember them instead of asking.
        self._written: dict[str, set[str]] = {}
        self._sent_creators: dict[str, Row] | None = {} if self._bulk is not None else None
        if self._bulk is not None:
            for table, key in (("creators", "creator_id"), ("videos", "video_id")):
                if self._is_empty(table, key):
                    self._written[table] = set()

    @classmethod
    def for_file(cls, conn: Connection, file_bytes: int, bulk: bool | None) -> PostgresLoader:
        """A loader for a ``file_bytes`` file: bulk path as requested, or as the size says."""
        pg: Any = conn.connection.driver_connection
        return cls(conn, bulk=use_bulk(pg, file_bytes, bulk))

    @property
    def bulk(self) -> bool:
        """Whether this import takes the bulk path (constraints and indexes deferred)."""
        return self._bulk is not None

    def load(self, chunk: PreparedChunk) -> tuple[int, int]:
        """Write one chunk; return (videos inserted or updated, snapshots added).

        Rows whose key is not in the table yet are copied straight into it; only the rest go
        through a staging table and the upsert (imports are serialised by the advisory lock,
        so no other import adds a key in between).
        """
        if chunk.quarantine:
            self._quarantine(chunk.quarantine)
        if not chunk.snapshots:
            return 0, 0
        new_creators = self._changed_creators(chunk.creators)
        known_creators = self._existing("creators", "creator_id", new_creators)
        known_videos = self._existing("videos", "video_id", chunk.videos)
        if new_creators:
            self._write("creators", new_creators, known_creators, UPDATE_CREATORS)
        videos_changed = self._write("videos", chunk.videos, known_videos, UPSERT_VIDEOS)
        snapshots_added = self._write(
            "metric_snapshots", chunk.snapshots, known_videos, INSERT_SNAPSHOTS
        )
        for table, rows in (("creators", chunk.creators), ("videos", chunk.videos)):
            written = self._written.get(table)
            if written is not None:
                written.update(row[0] for row in rows)
                if len(written) > REMEMBER_KEYS:
                    del self._written[table]  # look the keys up in the table from now on
        return videos_changed, snapshots_added

    def _changed_creators(self, rows: list[Row]) -> list[Row]:
        """Bulk path: the rows that differ from the last row this import sent for the creator.

        Writing a creator row twice in a row changes nothing (the merge in
        ``sql.UPDATE_CREATORS`` is idempotent), and while the import holds its locks nobody
        else writes ``creators``; a big file names most creators again in every chunk.
        """
        if self._sent_creators is None:
            return rows
        return changed_rows(self._sent_creators, rows, REMEMBER_CREATORS)

    def _is_empty(self, table: str, key: str) -> bool:
        with self._pg.cursor() as cur:
            cur.execute(f"SELECT NOT EXISTS (SELECT {key} FROM {table})")
            return bool(cur.fetchone()[0])

    def _existing(self, table: str, key: str, rows: list[Row]) -> set[str]:
        """The keys of ``rows`` that ``table`` already holds."""
        written = self._written.get(table)
        if written is not None:
            return {row[0] for row in rows if row[0] in written}
        with self._pg.cursor() as cur:
            cur.execute(
                f"SELECT {key} FROM {table} WHERE {key} = ANY(%s)", ([row[0] for row in rows],)
            )
            return {found for (found,) in cur}

    def _write(self, table: str, rows: list[Row], known: set[str], upsert: str) -> int:
        """Copy the rows of new keys into ``table``, upsert the others; return rows written."""
        if not known:
            self._copy_into(table, STAGES[table][1], rows)
            return len(rows)
        fresh = [row for row in rows if row[0] not in known]
        if fresh:
            self._copy_into(table, STAGES[table][1], fresh)
        if len(fresh) == len(rows):
            return len(fresh)
        stage, columns = STAGES[table]
        self._copy_into(stage, columns, [row for row in rows if row[0] in known])
        if self._bulk is not None:
            self._bulk.need_unique(table)  # the upsert's ON CONFLICT
        with self._pg.cursor() as cur:
            cur.execute(upsert)
            written = int(cur.rowcount)
            cur.execute(f"TRUNCATE {stage}")
        return len(fresh) + written

    def _quarantine(self, rows: list[Row]) -> None:
        self._copy_into("quarantined_records", sql.QUARANTINE_COLUMNS, rows)

    def _copy_into(self, table: str, columns: tuple[str, ...], rows: Iterable[Row]) -> None:
        with (
            self._pg.cursor() as cur,
            cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN (FORMAT BINARY)") as copy,
        ):
            copy.set_types([COPY_TYPES[c] for c in columns])
            for row in rows:
                copy.write_row(row)

    def close(self) -> None:
        """Put back what the bulk path deferred (staging tables go with the transaction)."""
        if self._bulk is not None:
            self._bulk.restore()
