"""`hackoclock report fairness` end to end through the Typer app."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hackoclock.cli import app
from hackoclock.db.engine import Database

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "integration" / "scoring" / "report"))
from fairness_fixtures import insert_catalogue, insert_run

runner = CliRunner()


@pytest.fixture
def cli_db(sqlite_db: Database, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Database:
    monkeypatch.setenv("HACKOCLOCK_DATABASE_URL", sqlite_db.url.render_as_string())
    monkeypatch.chdir(tmp_path)
    insert_catalogue(sqlite_db)
    return sqlite_db


def test_report_fairness_writes_the_page_under_reports_by_default_and_prints_its_path(
    cli_db: Database, tmp_path: Path
) -> None:
    run_id = insert_run(cli_db)
    result = runner.invoke(app, ["report", "fairness", "--run", str(run_id), "--no-sensitivity"])
    assert result.exit_code == 0, result.output
    index = Path("reports") / f"run-{run_id}" / "index.html"
    assert result.output.strip() == str(index)
    assert "Gini coefficient" in (tmp_path / index).read_text(encoding="utf-8")


def test_report_fairness_compares_two_runs_into_the_chosen_folder(
    cli_db: Database, tmp_path: Path
) -> None:
    first, second = insert_run(cli_db), insert_run(cli_db, method="seed")
    out = tmp_path / "cmp"
    args = ["report", "fairness", "--run", str(first), "--compare", str(second), "--out", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert (out / "compare_points.png").is_file()
    page = (out / "index.html").read_text(encoding="utf-8")
    assert f"run {second} (seed)" in page and "Not available" in page


def test_report_fairness_on_an_unknown_run_fails_with_a_clear_message(cli_db: Database) -> None:
    result = runner.invoke(app, ["report", "fairness", "--run", "404"])
    assert result.exit_code == 2
    assert "scoring run 404 does not exist" in result.output
    assert not Path("reports").exists()
