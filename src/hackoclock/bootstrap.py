"""Wiring in one place: settings -> database. Front ends call these; tests inject their own."""

from __future__ import annotations

from hackoclock.db.engine import Database
from hackoclock.settings import Settings


def open_database(settings: Settings) -> Database:
    """The application's database (nothing connects until first use)."""
    return Database(settings.resolved_database_url)
