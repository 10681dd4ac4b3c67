"""Bulk loading into PostgreSQL: COPY; rows of existing keys via a staging table and an upsert."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection

from hackoclock.ingest import sql
from hackoclock.ingest.prepare import PreparedChunk
from hackoclock.ingest.rows import Row

# Binary COPY sends each value in the column's own binary form. The JSON columns get their
# text as prepared (json's binary form is its text).
COPY_TYPES = {
    **dict.fromkeys(
        (
            "creator_id",
            "username",
            "nickname",
            "video_id",
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

STAGES = {
    "creators": ("_hk_stage_creators", sql.CREATOR_COLUMNS),
    "videos": ("_hk_stage_videos", sql.VIDEO_COLUMNS),
    "metric_snapshots": ("_hk_stage_snapshots", sql.SNAPSHOT_COLUMNS),
}


def _from_stage(table: str) -> str:
    stage, columns = STAGES[table]
    return f"SELECT {', '.join(columns)} FROM {stage}"


UPSERT_CREATORS = sql.UPSERT_CREATORS.format(
    source=_from_stage("creators"), distinct="IS DISTINCT FROM"
)
UPSERT_VIDEOS = sql.UPSERT_VIDEOS.format(source=_from_stage("videos"))
INSERT_SNAPSHOTS = sql.INSERT_SNAPSHOTS.format(source=_from_stage("metric_snapshots"))


class PostgresLoader:
    """Writes chunks through the psycopg connection of the import's SQLAlchemy connection."""

    def __init__(self, conn: Connection) -> None:
        driver: Any = conn.connection.driver_connection
        self._pg: Any = driver
        with self._pg.cursor() as cur:
            for table, (stage, _columns) in STAGES.items():
                cur.execute(
                    f"CREATE TEMP TABLE IF NOT EXISTS {stage} "
                    f"(LIKE {table} INCLUDING DEFAULTS) ON COMMIT DROP"
                )

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
        known_creators = self._existing("creators", "creator_id", chunk.creators)
        known_videos = self._existing("videos", "video_id", chunk.videos)
        self._write("creators", chunk.creators, known_creators, UPSERT_CREATORS)
        videos_changed = self._write("videos", chunk.videos, known_videos, UPSERT_VIDEOS)
        snapshots_added = self._write(
            "metric_snapshots", chunk.snapshots, known_videos, INSERT_SNAPSHOTS
        )
        return videos_changed, snapshots_added

    def _existing(self, table: str, key: str, rows: list[Row]) -> set[str]:
        """The keys of ``rows`` that ``table`` already holds."""
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
        """Staging tables go with the transaction (ON COMMIT DROP)."""
