"""``hackoclock ingest`` and ``hackoclock status`` end to end, through the Typer app."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hackoclock.cli import app


@pytest.fixture
def env(tmp_path: Path, sqlite_template: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    db_file = tmp_path / "cli.db"
    shutil.copy(sqlite_template, db_file)
    monkeypatch.setenv("HACKOCLOCK_DATABASE_URL", f"sqlite:///{db_file}")
    return tmp_path


def test_ingest_prints_read_equals_accepted_plus_quarantined_and_status_counts(
    env: Path,
    shared_data: Path,
) -> None:
    runner = CliRunner()
    history = shared_data / "tiktokapi-trending-2024-2026.jsonl"
    result = runner.invoke(app, ["ingest", str(history)])
    assert result.exit_code == 0, result.output
    assert "read 73 = accepted 70 + quarantined 3" in result.output
    assert "snapshots added 65" in result.output
    assert "quarantined 3: overflowed_32bit" in result.output

    again = runner.invoke(app, ["ingest", str(history)])
    assert again.exit_code == 0
    assert "already imported as batch 1" in again.output

    status = runner.invoke(app, ["status"])
    assert status.exit_code == 0
    for name, count in (
        ("creators", 51),
        ("videos", 53),
        ("snapshots", 65),
        ("batches", 1),
        ("quarantined", 3),
    ):
        assert any(name in line and str(count) in line for line in status.output.splitlines())


def test_a_broken_file_exits_2_with_a_one_line_error_and_imports_nothing(env: Path) -> None:
    broken = env / "broken.json"
    broken.write_text('{"collector": [{"id": "1", "playCount": 5}, {"id": "2", "pla')
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", str(broken)])
    assert result.exit_code == 2
    assert "truncated" in result.output
    status = runner.invoke(app, ["status"])
    assert any("videos" in line and " 0 " in line for line in status.output.splitlines())


def test_observed_at_and_format_options_are_honoured(env: Path, shared_data: Path) -> None:
    runner = CliRunner()
    kaggle = shared_data / "tiktok-trending-2020-12.json"
    bad = runner.invoke(app, ["ingest", str(kaggle), "--observed-at", "not-a-time"])
    assert bad.exit_code == 2
    wrong = runner.invoke(app, ["ingest", str(kaggle), "--format", "itemlist"])
    assert wrong.exit_code == 2 and "itemList" in wrong.output
    good = runner.invoke(
        app, ["ingest", str(kaggle), "--format", "scraper", "--observed-at", "2020-12-21T12:00Z"]
    )
    assert good.exit_code == 0, good.output
    assert "read 1000 = accepted 1000 + quarantined 0" in good.output
