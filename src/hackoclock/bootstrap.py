"""Wiring in one place: settings -> database. Front ends call these; tests inject their own."""

from __future__ import annotations

import logging

from sqlalchemy.exc import OperationalError

from hackoclock.db.engine import Database
from hackoclock.settings import Settings

log = logging.getLogger("hackoclock.db")


def open_database(settings: Settings, *, fit_to_server: bool = False) -> Database:
    """The application's database (nothing connects until first use).

    ``fit_to_server`` (servers: the API's workers) asks a PostgreSQL server its connection
    limit once and sizes the pool so ``db_processes`` pools fit ``db_server_share`` of it.
    """
    db = Database(
        settings.resolved_database_url,
        pool_size=settings.db_pool_size,
        max_overflow=settings.db_pool_max_overflow,
        pool_timeout_s=settings.db_pool_timeout_s,
        pool_pre_ping=settings.db_pool_pre_ping,
        pool_recycle_s=settings.db_pool_recycle_s,
    )
    if fit_to_server and db.is_postgres:
        try:
            plan = db.fit_pool_to_server(
                processes=settings.db_processes, share=settings.db_server_share
            )
        except OperationalError as exc:  # server unreachable now: keep the configured pool
            log.warning("could not read the server's connection limit: %s", exc)
        else:
            log.info(
                "database pool: %d + %d overflow (server limit %s, this process %s)",
                plan.size,
                plan.overflow,
                plan.server_limit,
                plan.per_process,
            )
    return db
