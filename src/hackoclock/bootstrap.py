"""Wiring in one place: settings -> database. Front ends call these; tests inject their own."""

from __future__ import annotations

from hackoclock.db.engine import Database
from hackoclock.settings import Settings


def open_database(settings: Settings) -> Database:
    """The application's database (nothing connects until first use)."""
    return Database(
        settings.resolved_database_url,
        pool_size=settings.db_pool_size,
        pool_pre_ping=settings.db_pool_pre_ping,
        pool_recycle_s=settings.db_pool_recycle_s,
    )
