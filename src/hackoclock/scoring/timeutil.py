"""Datetimes read back from the database as timezone-aware UTC (SQLite returns naive ones)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

TIME_KEYS = ("period_start", "period_end", "created_at", "finished_at")


def aware(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def aware_row(row: dict[str, Any]) -> dict[str, Any]:
    """The row with its known time columns made UTC-aware."""
    for key in TIME_KEYS:
        if isinstance(row.get(key), datetime):
            row[key] = aware(row[key])
    return row
