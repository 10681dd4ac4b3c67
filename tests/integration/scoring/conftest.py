"""Helpers for scoring integration tests: import a shared file, give videos content scores."""

from __future__ import annotations

from pathlib import Path

import pytest
from scoring_fixtures import load_shared

from hackoclock.db.engine import Database


@pytest.fixture
def kaggle_db(db: Database, shared_data: Path) -> Database:
    """The ``db`` fixture (SQLite and PostgreSQL) with the Kaggle file imported."""
    load_shared(db, shared_data / "tiktok-trending-2020-12.json")
    return db
