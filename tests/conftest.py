"""Shared fixtures: a migrated database on SQLite and on PostgreSQL.

PostgreSQL tests use a database this test run creates (``hk_test_<random>``) and drops at the
end. Between tests every table is emptied, so each test starts from an empty, migrated schema.
Set ``HACKOCLOCK_TEST_PG_URL`` to point at another server; if the server cannot be reached the
PostgreSQL variants fail (they are part of the suite, not optional).
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from hackoclock.db.all_tables import metadata
from hackoclock.db.engine import Database
from hackoclock.db.migrate import upgrade

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
if not SHARED_DATA.exists():  # a clone beside shared/ (CI) or the checkout in /work/main
    SHARED_DATA = Path(os.environ.get("HACKOCLOCK_SHARED_DATA", "/work/shared/data"))

PG_ADMIN_URL = os.environ.get(
    "HACKOCLOCK_TEST_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The real data files in ../shared/data (read-only)."""
    assert SHARED_DATA.exists(), f"shared data not found at {SHARED_DATA}"
    return SHARED_DATA


@pytest.fixture(scope="session")
def pg_url() -> Iterator[str]:
    """A fresh PostgreSQL database for this test run, migrated, dropped at the end."""
    name = f"hk_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    db = Database(url)
    upgrade(db)
    db.dispose()
    try:
        yield url
    finally:
        with admin.connect() as conn:
            conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = :n AND pid <> pg_backend_pid()"
                ),
                {"n": name},
            )
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated SQLite file that each test copies (faster than migrating per test)."""
    path = tmp_path_factory.mktemp("sqlite-template") / "template.db"
    db = Database(f"sqlite:///{path}")
    upgrade(db)
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.dispose()
    return path


def _empty_all_tables(db: Database) -> None:
    with db.write() as conn:
        names = [t.name for t in reversed(metadata.sorted_tables)]
        if db.is_postgres:
            conn.execute(text("TRUNCATE " + ", ".join(f'"{n}"' for n in names) + " CASCADE"))
        else:
            for n in names:
                conn.execute(text(f'DELETE FROM "{n}"'))


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db(request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path) -> Iterator[Database]:
    """An empty, migrated database: a SQLite file in a temp folder, or the run's PostgreSQL DB."""
    if request.param == "sqlite":
        path = tmp_path / "hackoclock.db"
        shutil.copy(sqlite_template, path)
        database = Database(f"sqlite:///{path}")
    else:
        database = Database(request.getfixturevalue("pg_url"))
        _empty_all_tables(database)
    try:
        yield database
    finally:
        database.dispose()


@pytest.fixture
def pg_db(pg_url: str) -> Iterator[Database]:
    """Only the PostgreSQL variant, emptied, for behaviour that exists only there."""
    database = Database(pg_url)
    _empty_all_tables(database)
    try:
        yield database
    finally:
        database.dispose()


@pytest.fixture
def sqlite_db(tmp_path: Path, sqlite_template: Path) -> Iterator[Database]:
    """Only the SQLite variant, for tests where the engine does not matter."""
    path = tmp_path / "hackoclock.db"
    shutil.copy(sqlite_template, path)
    database = Database(f"sqlite:///{path}")
    try:
        yield database
    finally:
        database.dispose()
