"""Engine and unit of work: the same code on SQLite (default) and PostgreSQL.

``Database.write()`` opens a transaction that holds the write lock from its first statement
(``BEGIN IMMEDIATE`` on SQLite; on PostgreSQL an ordinary transaction, where callers take row
locks with ``SELECT ... FOR UPDATE``). ``Database.read()`` opens a plain transaction. Both roll
back unless the block finishes without an exception.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url

from hackoclock.db.pool import PoolPlan, plan_pool, server_connection_limit

SQLITE_BUSY_TIMEOUT_S = 60


def _prepare_sqlite(engine: Engine) -> None:
    """Let us issue BEGIN ourselves, so write transactions can be IMMEDIATE."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we emit BEGIN ourselves
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_S * 1000}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
        conn.exec_driver_sql(f"BEGIN {mode}")


class Database:
    """Owns the SQLAlchemy engine. Nothing connects until the first transaction.

    On PostgreSQL the pool keeps ``pool_size`` connections, opens up to ``max_overflow`` more
    (default twice the size) and makes a caller wait at most ``pool_timeout_s`` for one before
    ``sqlalchemy.exc.TimeoutError``; :meth:`fit_pool_to_server` cuts the pool to the server's
    limit (see ``db/pool.py``).
    """

    def __init__(
        self,
        url: str,
        *,
        echo: bool = False,
        pool_size: int = 10,
        max_overflow: int | None = None,
        pool_timeout_s: float = 30.0,
        pool_pre_ping: bool = True,
        pool_recycle_s: int = -1,
    ) -> None:
        self.url = make_url(url)
        self._echo = echo
        self._pool_options: dict[str, Any] = {
            # Pre-ping costs one round trip per checkout; without it a connection the server
            # closed is only noticed by the statement that uses it (pool_recycle bounds age).
            "pool_pre_ping": pool_pre_ping,
            "pool_recycle": pool_recycle_s,
            "pool_timeout": pool_timeout_s,
        }
        self.pool_plan = PoolPlan(
            pool_size, pool_size * 2 if max_overflow is None else max_overflow
        )
        self.engine: Engine = self._make_engine()

    def _make_engine(self) -> Engine:
        kwargs: dict[str, Any] = {"echo": self._echo, "future": True}
        if self.is_sqlite:
            database = self.url.database
            if database and database != ":memory:":
                Path(database).parent.mkdir(parents=True, exist_ok=True)
            kwargs["connect_args"] = {"timeout": SQLITE_BUSY_TIMEOUT_S, "check_same_thread": False}
        else:
            kwargs.update(self._pool_options)
            kwargs["pool_size"] = self.pool_plan.size
            kwargs["max_overflow"] = self.pool_plan.overflow
        engine = create_engine(self.url, **kwargs)
        if self.is_sqlite:
            _prepare_sqlite(engine)
        return engine

    def fit_pool_to_server(self, *, processes: int = 1, share: float = 1.0) -> PoolPlan:
        """Ask the server its connection limit (one connection) and cut this pool so that
        ``processes`` such pools hold at most ``share`` of it. No-op on SQLite."""
        if not self.is_postgres:
            return self.pool_plan
        with self.engine.connect() as conn:
            limit = server_connection_limit(conn)
        plan = plan_pool(
            self.pool_plan.size,
            self.pool_plan.overflow,
            server_limit=limit,
            processes=processes,
            share=share,
        )
        resize = (plan.size, plan.overflow) != (self.pool_plan.size, self.pool_plan.overflow)
        self.pool_plan = plan
        if resize:
            self.engine.dispose()
            self.engine = self._make_engine()
        return plan

    @property
    def dialect(self) -> str:
        return self.url.get_backend_name()

    @property
    def is_sqlite(self) -> bool:
        return self.dialect == "sqlite"

    @property
    def is_postgres(self) -> bool:
        return self.dialect == "postgresql"

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A transaction for reading (and writes that need no lock up front)."""
        with self.engine.connect() as conn, conn.begin():
            yield conn

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A transaction that takes the database write lock at once on SQLite."""
        with self.engine.connect() as raw:
            conn = raw.execution_options(sqlite_begin="IMMEDIATE") if self.is_sqlite else raw
            with conn.begin():
                yield conn

    @contextmanager
    def autocommit(self) -> Iterator[Connection]:
        """A connection where each statement is its own transaction (no BEGIN/COMMIT trips).

        Only for single statements that are atomic on their own (PostgreSQL runs a statement,
        data-modifying CTEs included, all or nothing).
        """
        with self.engine.connect() as raw:
            yield raw.execution_options(isolation_level="AUTOCOMMIT")

    def dispose(self) -> None:
        self.engine.dispose()
