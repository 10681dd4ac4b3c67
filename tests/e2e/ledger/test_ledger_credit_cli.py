"""``hackoclock credit RUN --preview | --confirm TOKEN [--replace --reason ...]`` end to end."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "integration" / "ledger"))

from ledger_fixtures import Score, Views, add_creators, add_run, add_value_run, add_videos

from hackoclock.cli import app
from hackoclock.db.engine import Database
from hackoclock.ledger.service import balance


@pytest.fixture
def cli(db: Database, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("HACKOCLOCK_DATABASE_URL", db.url.render_as_string(hide_password=False))
    monkeypatch.setenv("COLUMNS", "200")
    add_creators(db, ["alice", "bob"])
    add_videos(db, [("a1", "alice"), ("b1", "bob")])
    return CliRunner()


def _token(output: str) -> str:
    found = re.search(r"token ([0-9a-f]{16})", output)
    assert found, output
    return found.group(1)


def test_an_operator_previews_then_confirms_a_credit(db: Database, cli: CliRunner) -> None:
    run = add_run(db, [Score("a1", "alice", 120), Score("b1", "bob", 7)])
    shown = cli.invoke(app, ["credit", str(run), "--preview"])
    assert shown.exit_code == 0, shown.output
    assert re.search(r"alice\s+│\s+1\s+│\s+120", shown.output), shown.output
    assert balance(db, "alice") == 0
    stale = cli.invoke(app, ["credit", str(run), "--confirm", "0123456789abcdef"])
    assert stale.exit_code == 2 and "the data changed since the preview" in stale.output
    done = cli.invoke(app, ["credit", str(run), "--confirm", _token(shown.output)])
    assert done.exit_code == 0, done.output
    assert balance(db, "alice") == 120


def test_a_refused_credit_exits_2_and_replace_needs_a_reason(db: Database, cli: CliRunner) -> None:
    assert cli.invoke(app, ["credit", str(add_run(db, [Score("a1", "alice", 900)]))]).exit_code == 0
    seed = str(add_run(db, [Score("a1", "alice", 300)], method="seed"))
    refused = cli.invoke(app, ["credit", seed])
    assert refused.exit_code == 2 and "comparison" in refused.output
    preview = cli.invoke(app, ["credit", seed, "--preview"])
    assert preview.exit_code == 2 and "token" not in preview.output
    assert cli.invoke(app, ["credit", seed, "--replace"]).exit_code == 2
    shown = cli.invoke(app, ["credit", seed, "--preview", "--replace"])
    assert shown.exit_code == 0 and "--replace" in shown.output
    token = _token(shown.output)
    done = cli.invoke(
        app, ["credit", seed, "--confirm", token, "--replace", "--reason", "seed is the policy"]
    )
    assert done.exit_code == 0, done.output
    assert balance(db, "alice") == 300
    assert "ledger OK" in cli.invoke(app, ["ledger", "verify"]).output


def test_a_stale_value_run_is_refused_from_the_cli(db: Database, cli: CliRunner) -> None:
    stale = add_value_run(db, [Views("a1", "alice", 20_000)])
    later = (stale, add_value_run(db, [Views("a1", "alice", 30_000)], marks={}))
    assert cli.invoke(app, ["credit", str(later[1])]).exit_code == 0
    refused = cli.invoke(app, ["credit", str(stale)])
    assert refused.exit_code == 2
    assert "score the period again" in refused.output
