"""``hackoclock ingest --bulk/--no-bulk``: PostgreSQL bulk path on request (SQLite: ignored)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hackoclock.cli import app
from hackoclock.db.engine import Database

HISTORY = "tiktokapi-trending-2024-2026.jsonl"
KAGGLE = "tiktok-trending-2020-12.json"


@pytest.mark.postgres
def test_bulk_and_no_bulk_choose_the_path_on_postgresql(
    pg_db: Database, pg_url: str, shared_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HACKOCLOCK_DATABASE_URL", pg_url)
    runner = CliRunner()
    bulk = runner.invoke(app, ["ingest", "--bulk", str(shared_data / HISTORY)])
    assert bulk.exit_code == 0, bulk.output
    assert "read 73 = accepted 70 + quarantined 3" in bulk.output
    assert "snapshots added 65; bulk load" in bulk.output
    row_by_row = runner.invoke(app, ["ingest", "--no-bulk", str(shared_data / KAGGLE)])
    assert row_by_row.exit_code == 0, row_by_row.output
    assert "snapshots added" in row_by_row.output
    assert "bulk load" not in row_by_row.output


def test_bulk_is_ignored_on_sqlite(
    tmp_path: Path, sqlite_template: Path, shared_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db_file = tmp_path / "cli.db"
    shutil.copy(sqlite_template, db_file)
    monkeypatch.setenv("HACKOCLOCK_DATABASE_URL", f"sqlite:///{db_file}")
    result = CliRunner().invoke(app, ["ingest", "--bulk", str(shared_data / HISTORY)])
    assert result.exit_code == 0, result.output
    assert "snapshots added 65" in result.output
    assert "bulk load" not in result.output
