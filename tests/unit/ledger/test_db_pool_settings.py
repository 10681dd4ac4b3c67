"""The connection pool follows the settings: size, pre-ping and recycle (PostgreSQL URLs)."""

from __future__ import annotations

import pytest

from hackoclock.bootstrap import open_database
from hackoclock.db.engine import Database
from hackoclock.settings import Settings

PG_URL = "postgresql+psycopg://nobody@127.0.0.1:1/none"  # never connected to


def test_pre_ping_is_on_by_default_and_pool_is_ten() -> None:
    db = open_database(Settings(database_url=PG_URL))
    assert db.engine.pool._pre_ping is True  # type: ignore[attr-defined]
    assert db.engine.pool.size() == 10  # type: ignore[attr-defined]


def test_the_environment_turns_pre_ping_off_and_sizes_the_pool(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HACKOCLOCK_DATABASE_URL", PG_URL)
    monkeypatch.setenv("HACKOCLOCK_DB_POOL_PRE_PING", "0")
    monkeypatch.setenv("HACKOCLOCK_DB_POOL_SIZE", "32")
    monkeypatch.setenv("HACKOCLOCK_DB_POOL_RECYCLE_S", "600")
    db = open_database(Settings())
    pool = db.engine.pool
    assert pool._pre_ping is False  # type: ignore[attr-defined]
    assert pool.size() == 32  # type: ignore[attr-defined]
    assert pool._max_overflow == 64  # type: ignore[attr-defined]
    assert pool._recycle == 600


def test_a_pool_size_below_one_is_refused() -> None:
    with pytest.raises(ValueError, match="db_pool_size"):
        Settings(db_pool_size=0)


def test_sqlite_ignores_the_pool_settings(tmp_path: object) -> None:
    db = Database(f"sqlite:///{tmp_path}/x.db", pool_size=3, pool_pre_ping=True)
    assert db.is_sqlite
    assert db.engine.pool._pre_ping is False  # type: ignore[attr-defined]
    assert db.engine.pool.size() != 3  # type: ignore[attr-defined]
