"""Helpers for the ingest integration tests: table counts and single-row look-ups."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, select

from hackoclock.db.engine import Database
from hackoclock.db.tables import (
    creators,
    import_batches,
    metric_snapshots,
    quarantined_records,
    videos,
)

TABLES = {
    "creators": creators,
    "videos": videos,
    "snapshots": metric_snapshots,
    "batches": import_batches,
    "quarantined": quarantined_records,
}


@pytest.fixture
def counts(db: Database) -> Callable[[], dict[str, int]]:
    def _counts() -> dict[str, int]:
        with db.read() as conn:
            return {
                name: int(conn.execute(select(func.count()).select_from(t)).scalar_one())
                for name, t in TABLES.items()
            }

    return _counts


@pytest.fixture
def video(db: Database) -> Callable[[str], dict[str, Any]]:
    def _video(video_id: str) -> dict[str, Any]:
        with db.read() as conn:
            row = conn.execute(select(videos).where(videos.c.video_id == video_id)).mappings().one()
        return dict(row)

    return _video


@pytest.fixture
def creator(db: Database) -> Callable[[str], dict[str, Any]]:
    def _creator(creator_id: str) -> dict[str, Any]:
        with db.read() as conn:
            row = (
                conn.execute(select(creators).where(creators.c.creator_id == creator_id))
                .mappings()
                .one()
            )
        return dict(row)

    return _creator


@pytest.fixture
def snapshots(db: Database) -> Callable[[str], list[dict[str, Any]]]:
    def _snapshots(video_id: str) -> list[dict[str, Any]]:
        with db.read() as conn:
            rows = conn.execute(
                select(metric_snapshots)
                .where(metric_snapshots.c.video_id == video_id)
                .order_by(metric_snapshots.c.observed_at)
            ).mappings()
            return [dict(r) for r in rows]

    return _snapshots
