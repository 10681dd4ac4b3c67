"""Fixtures for the API integration tests: a fresh copy of the seeded world per test."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from api_world import World, api_settings, seed_world
from fastapi.testclient import TestClient

from hackoclock.api import create_app
from hackoclock.db.engine import Database


@pytest.fixture(scope="session")
def world_template(
    tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path, shared_data: Path
) -> tuple[Path, World]:
    path = tmp_path_factory.mktemp("api-world") / "world.db"
    shutil.copy(sqlite_template, path)
    db = Database(f"sqlite:///{path}")
    world = seed_world(db, shared_data)
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.dispose()
    return path, world


@pytest.fixture
def world_db(tmp_path: Path, world_template: tuple[Path, World]) -> Iterator[Database]:
    """A fresh copy of the seeded world (SQLite)."""
    path = tmp_path / "world.db"
    shutil.copy(world_template[0], path)
    db = Database(f"sqlite:///{path}")
    try:
        yield db
    finally:
        db.dispose()


@pytest.fixture
def world(world_template: tuple[Path, World]) -> World:
    return world_template[1]


@pytest.fixture
def client(world_db: Database) -> Iterator[TestClient]:
    with TestClient(create_app(api_settings(), world_db)) as c:
        yield c
