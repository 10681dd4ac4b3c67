"""The connection pool follows the settings (size, overflow, queue timeout, pre-ping, recycle)
and is cut to fit the server's connection limit (PostgreSQL URLs)."""

from __future__ import annotations

import pytest

from hackoclock.bootstrap import open_database
from hackoclock.db.engine import Database
from hackoclock.db.pool import plan_pool
from hackoclock.errors import InvalidInput
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


def test_the_queue_timeout_and_overflow_come_from_the_settings() -> None:
    db = open_database(Settings(database_url=PG_URL, db_pool_timeout_s=1.5, db_pool_max_overflow=3))
    pool = db.engine.pool
    assert pool._timeout == 1.5  # type: ignore[attr-defined]
    assert pool._max_overflow == 3  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("limit", "processes", "share", "expected"),
    [
        (97, 4, 0.8, (10, 9)),  # 4 workers of 10 + 20 would need 120 of 97
        (97, 1, 0.8, (10, 20)),  # one process fits as configured
        (97, 16, 0.8, (4, 0)),
        (1000, 2, 0.5, (10, 20)),
        (1, 1, 1.0, (1, 0)),
    ],
)
def test_the_pool_is_cut_so_every_process_fits_its_share_of_the_server(
    limit: int, processes: int, share: float, expected: tuple[int, int]
) -> None:
    plan = plan_pool(10, 20, server_limit=limit, processes=processes, share=share)
    assert (plan.size, plan.overflow) == expected
    assert processes * plan.most <= limit * share


def test_a_server_too_small_for_the_processes_is_a_clear_error() -> None:
    with pytest.raises(InvalidInput, match="leave less than one each"):
        plan_pool(10, 20, server_limit=10, processes=20, share=0.8)


def test_without_a_server_limit_the_pool_is_as_configured() -> None:
    assert plan_pool(10, 20, server_limit=None, processes=8, share=0.8).most == 30
