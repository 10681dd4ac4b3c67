"""Bulk loading into PostgreSQL: COPY into temporary staging tables, then upsert from them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection

from hackoclock.ingest import sql
from hackoclock.ingest.prepare import PreparedChunk
from hackoclock.ingest.rows import Row

STAGES = {
    "creators": ("_hk_stage_creators", sql.CREATOR_COLUMNS),
    "videos": ("_hk_stage_videos", sql.VIDEO_COLUMNS),
    "metric_snapshots": ("_hk_stage_snapshots", sql.SNAPSHOT_COLUMNS),
}


def _from_stage(table: str) -> str:
    stage, columns = STAGES[table]
    return f"SELECT {', '.join(columns)} FROM {stage}"


UPSERT_CREATORS = sql.UPSERT_CREATORS.format(source=_from_stage("creators"))
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
        """Write one chunk; return (videos inserted or updated, snapshots added)."""
        if chunk.quarantine:
            self._quarantine(chunk.quarantine)
        if not chunk.snapshots:
            return 0, 0
        self._copy("creators", chunk.creators)
        self._copy("videos", chunk.videos)
        self._copy("metric_snapshots", chunk.snapshots)
        with self._pg.cursor() as cur:
            cur.execute(UPSERT_CREATORS)
            cur.execute(UPSERT_VIDEOS)
            videos_changed = cur.rowcount
            cur.execute(INSERT_SNAPSHOTS)
            snapshots_added = cur.rowcount
            cur.execute("TRUNCATE " + ", ".join(stage for stage, _c in STAGES.values()))
        return videos_changed, snapshots_added

    def _quarantine(self, rows: list[Row]) -> None:
        columns = ", ".join(sql.QUARANTINE_COLUMNS)
        with (
            self._pg.cursor() as cur,
            cur.copy(f"COPY quarantined_records ({columns}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)

    def _copy(self, table: str, rows: Iterable[Row]) -> None:
        stage, columns = STAGES[table]
        with (
            self._pg.cursor() as cur,
            cur.copy(f"COPY {stage} ({', '.join(columns)}) FROM STDIN") as copy,
        ):
            for row in rows:
                copy.write_row(row)

    def close(self) -> None:
        """Staging tables go with the transaction (ON COMMIT DROP)."""
