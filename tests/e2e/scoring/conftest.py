"""A database with the Kaggle file imported, for the scoring commands' end-to-end tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from hackoclock.db.engine import Database
from hackoclock.db.migrate import upgrade


@pytest.fixture
def cli_db(tmp_path: Path, shared_data: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A SQLite file with the Kaggle file imported, set as the CLI's database."""
    path = tmp_path / "cli.db"
    url = f"sqlite:///{path}"
    db = Database(url)
    upgrade(db)
    from hackoclock.ingest.service import import_file

    import_file(db, shared_data / "tiktok-trending-2020-12.json")
    db.dispose()
    monkeypatch.setenv("HACKOCLOCK_DATABASE_URL", url)
    return path
