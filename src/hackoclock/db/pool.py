"""Sizing the PostgreSQL connection pool from the settings and the server's own limit.

Each process has its own pool; ``pool size + overflow`` per process times the processes (API
workers) must stay below what the server accepts, or a busy moment ends in PostgreSQL's "too
many clients". The server's limit for us is the smallest of ``max_connections`` less the
reserved slots, the database's ``CONNECTION LIMIT`` and our role's. Of that, the processes
sharing these settings may hold ``db_server_share`` together (the rest is left to the CLI,
the app, migrations, monitoring); each process gets an equal part, and its pool size and
overflow are cut down to fit it. A request that finds the pool exhausted waits
``db_pool_timeout_s`` in the pool's queue, then fails with ``sqlalchemy.exc.TimeoutError``
(the API answers 503 with ``Retry-After``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sqlalchemy import Connection, text

from hackoclock.errors import InvalidInput

_LIMITS = text(
    "SELECT current_setting('max_connections')::int"
    " - current_setting('superuser_reserved_connections')::int"
    " - coalesce(nullif(current_setting('reserved_connections', true), '')::int, 0),"
    " (SELECT datconnlimit FROM pg_database WHERE datname = current_database()),"
    " (SELECT rolconnlimit FROM pg_roles WHERE rolname = current_user)"
)


@dataclass(frozen=True)
class PoolPlan:
    """Connections one process may keep (``size``) and open on top (``overflow``)."""

    size: int
    overflow: int
    server_limit: int | None = None  # what the server accepts from us (None: not asked)
    per_process: int | None = None  # this process's share of it

    @property
    def most(self) -> int:
        return self.size + self.overflow


def server_connection_limit(conn: Connection) -> int:
    """The connections the server accepts from this role on this database (all processes)."""
    server, database, role = conn.execute(_LIMITS).one()
    return min(int(v) for v in (server, database, role) if v is not None and int(v) >= 0)


def plan_pool(
    size: int, overflow: int, *, server_limit: int | None, processes: int, share: float
) -> PoolPlan:
    """The configured pool, cut down so ``processes`` pools fit ``share`` of the server."""
    if server_limit is None:
        return PoolPlan(size, overflow)
    per_process = math.floor(server_limit * share / processes)
    if per_process < 1:
        raise InvalidInput(
            f"the database server accepts {server_limit} connections from us; {processes} "
            f"process(es) sharing {share:.0%} of them leave less than one each: lower "
            "HACKOCLOCK_DB_PROCESSES (or --workers), raise HACKOCLOCK_DB_SERVER_SHARE, or "
            "raise the server's max_connections"
        )
    fitted = min(size, per_process)
    return PoolPlan(fitted, min(overflow, per_process - fitted), server_limit, per_process)
