"""The PostgreSQL bulk-load path: same rows as row by row, the schema put back exactly, and a
failure anywhere leaves the original schema and data."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg
import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from hackoclock.db.all_tables import metadata
from hackoclock.db.engine import Database
from hackoclock.db.tables import videos
from hackoclock.ingest import service
from hackoclock.ingest.errors import BrokenFile
from hackoclock.ingest.load import postgres as loader_postgres
from hackoclock.ingest.load import postgres_deferred_keys as bulk_postgres
from hackoclock.ingest.load.postgres_deferred_keys import BulkSchema, use_bulk
from hackoclock.ingest.service import import_file

pytestmark = pytest.mark.postgres

HISTORY = "tiktokapi-trending-2024-2026.jsonl"
FILES = (
    HISTORY,
    "tiktok-trending-2020-12.json",
    "tiktokapi-itemlist-2022.json",
    "santaclara-2021/trending_videos.csv",
)
OBSERVED = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
# what the path defers (read from the catalog, so this also checks the catalog queries)
DEFERRED = {
    ("creators", "ix_creators_username", "index"),
    ("videos", "ix_videos_creator_id", "index"),
    ("videos", "fk_videos_creator_id_creators", "foreign key"),
    ("videos", "fk_videos_first_batch_id_import_batches", "foreign key"),
    ("metric_snapshots", "fk_metric_snapshots_video_id_videos", "foreign key"),
    ("metric_snapshots", "fk_metric_snapshots_batch_id_import_batches", "foreign key"),
    ("metric_snapshots", "uq_metric_snapshots_video_observed", "unique"),
    ("metric_snapshots", "pk_metric_snapshots", "unique"),
}


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chunks of 10 records, so videos and creators recur in later chunks (the upserts)."""
    monkeypatch.setattr(service, "CHUNK_RECORDS", 10)


def _schema(db: Database) -> list[tuple[Any, ...]]:
    """Every constraint and index of the public schema, with its full definition."""
    with db.read() as conn:
        constraints = conn.execute(
            text(
                "SELECT conrelid::regclass::text, conname, contype, convalidated, "
                "pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE connamespace = 'public'::regnamespace ORDER BY 1, 2"
            )
        ).all()
        indexes = conn.execute(
            text(
                "SELECT tablename, indexname, indexdef FROM pg_indexes "
                "WHERE schemaname = 'public' ORDER BY 1, 2"
            )
        ).all()
    return [tuple(r) for r in constraints] + [tuple(r) for r in indexes]


VIDEO_COLUMNS = ", ".join(c.name for c in videos.c if c.name != "updated_at")


def _data(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """The ingest tables' rows, without the import-time columns."""
    queries = {
        "creators": "SELECT creator_id, username, nickname, follower_count, video_count, "
        "stats_observed_at, total_points FROM creators ORDER BY 1",
        # every column but the import-time updated_at, named: migrations that add columns
        # append them after updated_at, so the table's column order is not the metadata's
        "videos": f"SELECT {VIDEO_COLUMNS} FROM videos ORDER BY video_id",
        "metric_snapshots": "SELECT * FROM metric_snapshots ORDER BY id",
        "quarantined_records": "SELECT * FROM quarantined_records ORDER BY id",
        "import_batches": "SELECT id, source, format, sha256, status, records_read, accepted, "
        "quarantined, flagged, snapshots_added FROM import_batches ORDER BY id",
    }
    with db.read() as conn:
        rows = {
            name: [tuple(r) for r in conn.execute(text(q)).all()] for name, q in queries.items()
        }
    return rows


def _restart(db: Database) -> None:
    with db.write() as conn:
        conn.execute(
            text(
                "TRUNCATE quarantined_records, metric_snapshots, videos, creators, "
                "import_batches RESTART IDENTITY CASCADE"
            )
        )


def _import_all(db: Database, shared_data: Path, bulk: bool) -> list[service.ImportReport]:
    return [import_file(db, shared_data / name, observed_at=OBSERVED, bulk=bulk) for name in FILES]


def test_the_bulk_path_defers_the_foreign_keys_secondary_indexes_and_free_unique_keys(
    pg_db: Database,
) -> None:
    with pg_db.write() as conn:
        pg: Any = conn.connection.driver_connection
        found = {(d.table, d.name, d.kind) for d in bulk_postgres.deferrable(pg)}
    assert found == DEFERRED


@pytest.mark.parametrize("remember", ["default", "little"])
def test_a_bulk_import_writes_exactly_the_rows_of_the_row_by_row_path(
    pg_db: Database,
    shared_data: Path,
    small_chunks: None,
    remember: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    if remember == "little":  # the loader forgets keys and creator rows, and asks again
        monkeypatch.setattr(loader_postgres, "REMEMBER_KEYS", 25)
        monkeypatch.setattr(loader_postgres, "REMEMBER_CREATORS", 7)
    _restart(pg_db)
    row_by_row = _import_all(pg_db, shared_data, bulk=False)
    expected = _data(pg_db)
    _restart(pg_db)
    bulk = _import_all(pg_db, shared_data, bulk=True)
    assert [r.bulk_load for r in row_by_row] == [False] * len(FILES)
    assert [r.bulk_load for r in bulk] == [True] * len(FILES)
    # the history file repeats videos across chunks, so the upsert path ran in bulk mode too
    assert bulk[0].snapshots_added > bulk[0].videos_new
    assert [(r.records_read, r.accepted, r.videos_new, r.snapshots_added) for r in bulk] == [
        (r.records_read, r.accepted, r.videos_new, r.snapshots_added) for r in row_by_row
    ]
    assert _data(pg_db) == expected
    assert len(expected["videos"]) > 1000


def test_after_a_bulk_import_the_schema_is_the_migrations_schema_exactly(
    pg_db: Database, shared_data: Path, small_chunks: None
) -> None:
    before = _schema(pg_db)
    report = import_file(pg_db, shared_data / HISTORY, bulk=True)
    assert report.bulk_load and report.accepted > 0
    assert _schema(pg_db) == before
    with pg_db.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(ctx, metadata) == []


def test_a_file_that_breaks_midway_leaves_the_original_schema_and_data(
    pg_db: Database, shared_data: Path, tmp_path: Path, small_chunks: None
) -> None:
    import_file(pg_db, shared_data / HISTORY, bulk=False)
    schema, data = _schema(pg_db), _data(pg_db)
    text_ = (shared_data / "tiktok-trending-2020-12.json").read_text(encoding="utf-8")
    broken = tmp_path / "broken.json"
    broken.write_text(text_[: len(text_) * 2 // 3], encoding="utf-8")  # truncated
    read: list[int] = []
    with pytest.raises(BrokenFile):
        import_file(pg_db, broken, bulk=True, progress=read.append)
    assert read and read[-1] >= 100  # chunks were written (bulk mode) before the break
    assert _schema(pg_db) == schema
    assert _data(pg_db) == data


def test_a_row_that_breaks_a_foreign_key_is_caught_when_the_key_is_put_back(
    pg_db: Database,
) -> None:
    schema = _schema(pg_db)
    with pytest.raises(psycopg.errors.ForeignKeyViolation), pg_db.write() as conn:
        pg: Any = conn.connection.driver_connection
        bulk = BulkSchema(pg)
        assert {(d.table, d.name, d.kind) for d in bulk.pending} == DEFERRED
        conn.execute(
            text(
                "INSERT INTO videos (video_id, creator_id, observed_at, updated_at) "
                "VALUES ('v1', 'nobody', now(), now())"
            )
        )
        bulk.restore()
    assert _schema(pg_db) == schema
    assert _data(pg_db)["videos"] == []


def test_a_duplicate_snapshot_is_caught_when_the_unique_key_is_put_back(
    pg_db: Database,
) -> None:
    with pytest.raises(psycopg.errors.UniqueViolation), pg_db.write() as conn:
        pg: Any = conn.connection.driver_connection
        for statement in (
            "INSERT INTO import_batches (id, source, format, sha256, observed_at_default, "
            "started_at, status) VALUES (1, 'x', 'x', 'x', now(), now(), 'running')",
            "INSERT INTO creators (creator_id, first_seen_at, updated_at) "
            "VALUES ('c1', now(), now())",
            "INSERT INTO videos (video_id, creator_id, observed_at, updated_at) "
            "VALUES ('v1', 'c1', now(), now())",
        ):
            conn.execute(text(statement))
        bulk = BulkSchema(pg)
        for _ in range(2):
            conn.execute(
                text(
                    "INSERT INTO metric_snapshots (video_id, observed_at, batch_id) "
                    "VALUES ('v1', '2026-01-01T00:00Z', 1)"
                )
            )
        bulk.need_unique("metric_snapshots")
    assert _data(pg_db)["videos"] == []


def test_need_unique_puts_back_only_that_tables_unique_keys(pg_db: Database) -> None:
    schema = _schema(pg_db)
    with pg_db.write() as conn:
        pg: Any = conn.connection.driver_connection
        bulk = BulkSchema(pg)
        bulk.need_unique("metric_snapshots")
        left = {(d.table, d.name, d.kind) for d in bulk.pending}
        assert left == {d for d in DEFERRED if d[2] != "unique"}
        bulk.need_unique("videos")  # none deferred: nothing to do
        assert {(d.table, d.name, d.kind) for d in bulk.pending} == left
        bulk.restore()
        assert bulk.pending == []
    assert _schema(pg_db) == schema


def test_the_automatic_choice_weighs_the_file_against_the_biggest_table(
    pg_db: Database, shared_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    mib16 = bulk_postgres.BULK_MIN_BYTES
    with pg_db.write() as conn:
        pg: Any = conn.connection.driver_connection
        assert use_bulk(pg, 10, True) is True
        assert use_bulk(pg, 10**12, False) is False
        assert use_bulk(pg, mib16 - 1, None) is False  # small file
        assert use_bulk(pg, mib16, None) is True  # big file, empty tables
    import_file(pg_db, shared_data / "tiktok-trending-2020-12.json", bulk=False)
    with pg_db.write() as conn:
        pg = conn.connection.driver_connection
        rows = max(
            int(conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())
            for table in bulk_postgres.TABLES
        )
        assert rows > 100
        per_record = bulk_postgres.BYTES_PER_RECORD
        monkeypatch.setattr(bulk_postgres, "BULK_MIN_BYTES", 0)
        # tables filled but perhaps not analysed yet (reltuples -1): then counted exactly
        share = bulk_postgres.BULK_MIN_SHARE
        enough = int(rows * share * per_record) + per_record
        too_few = int(rows * share * per_record) - per_record
        assert use_bulk(pg, enough, None) is True
        assert use_bulk(pg, too_few, None) is False
        conn.execute(text("ANALYZE creators, videos, metric_snapshots"))
        assert use_bulk(pg, enough, None) is True  # the planner's estimate, same numbers
        assert use_bulk(pg, too_few, None) is False


def test_a_small_file_takes_the_row_by_row_path_unless_asked(
    pg_db: Database, shared_data: Path
) -> None:
    assert import_file(pg_db, shared_data / HISTORY).bulk_load is False
    assert import_file(pg_db, shared_data / FILES[1], bulk=True).bulk_load is True


def test_during_a_bulk_load_the_ingest_tables_are_locked_against_readers(
    pg_db: Database, pg_url: str
) -> None:
    other = Database(pg_url)
    try:
        with pg_db.write() as conn:
            pg: Any = conn.connection.driver_connection
            BulkSchema(pg)
            locked = set(
                conn.execute(
                    text(
                        "SELECT relation::regclass::text FROM pg_locks "
                        "WHERE pid = pg_backend_pid() AND locktype = 'relation' "
                        "AND mode = 'AccessExclusiveLock' AND granted"
                    )
                ).scalars()
            )
            assert {"creators", "videos", "metric_snapshots", "import_batches"} <= locked
            assert "ledger_accounts" not in locked and "video_scores" not in locked
            with other.read() as reader:
                reader.execute(text("SET LOCAL lock_timeout = '200ms'"))
                with pytest.raises(OperationalError, match="lock timeout"):
                    reader.execute(text("SELECT count(*) FROM videos"))
            conn.rollback()
    finally:
        other.dispose()


def test_creators_on_postgresql_equal_those_on_sqlite_in_both_paths(
    pg_db: Database, sqlite_db: Database, shared_data: Path, small_chunks: None
) -> None:
    """PostgreSQL updates known creators with a plain UPDATE, SQLite with the upsert."""
    for name in FILES:
        import_file(sqlite_db, shared_data / name, observed_at=OBSERVED)
    with sqlite_db.read() as conn:
        expected = [
            tuple(r)
            for r in conn.execute(
                text(
                    "SELECT creator_id, username, nickname, follower_count, video_count "
                    "FROM creators ORDER BY 1"
                )
            )
        ]
    for bulk in (False, True):
        _restart(pg_db)
        for name in FILES:
            import_file(pg_db, shared_data / name, observed_at=OBSERVED, bulk=bulk)
        assert [r[:5] for r in _data(pg_db)["creators"]] == expected
    assert len(expected) > 900
    assert sum(r[3] is not None for r in expected) > 10  # follower counts merged too


def _jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def test_a_creator_sent_again_after_a_change_is_written_again_in_bulk_mode(
    pg_db: Database, sqlite_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bulk path skips a creator row equal to the last one sent, never an older one."""
    monkeypatch.setattr(service, "CHUNK_RECORDS", 1)  # one record, one chunk

    def row(video: str, at: str, followers: int, name: str | None = "ana") -> dict[str, Any]:
        return {
            "video_id": video,
            "author_id": "42",
            "author_username": name,
            "author_follower_count": followers,
            "play_count": 10,
            "collected_at_utc": at,
        }

    rows = [
        row("1", "2026-01-01T00:00Z", 10),
        row("2", "2026-01-01T00:00Z", 10),  # the same row again: skipped
        row("3", "2026-01-01T00:00Z", 10, None),  # no username: known one kept
        row("4", "2026-01-01T00:00Z", 20),  # same time, new value: written
        row("5", "2026-01-01T00:00Z", 10),  # the first row again, not the last: written
        row("6", "2025-01-01T00:00Z", 99, "old"),  # older: fills nothing, changes nothing
    ]
    path = _jsonl(tmp_path / "a.jsonl", rows)
    import_file(sqlite_db, path)
    assert import_file(pg_db, path, bulk=True).bulk_load
    query = text("SELECT username, follower_count, stats_observed_at FROM creators")
    with sqlite_db.read() as conn:
        expected = [tuple(r) for r in conn.execute(query)]
    with pg_db.read() as conn:
        found = [tuple(r) for r in conn.execute(query)]
    assert [r[:2] for r in found] == [r[:2] for r in expected] == [("ana", 10)]
