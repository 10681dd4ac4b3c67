"""The ledger and shop commands, end to end through the Typer app on a real database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "integration" / "ledger"))

from ledger_fixtures import Score, add_creators, add_run, add_videos

from hackoclock.cli import app
from hackoclock.db.engine import Database
from hackoclock.ledger.service import balance
from hackoclock.shop.service import list_redemptions


@pytest.fixture
def cli(db: Database, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.setenv("HACKOCLOCK_DATABASE_URL", db.url.render_as_string(hide_password=False))
    monkeypatch.setenv("COLUMNS", "200")
    return CliRunner()


def _ok(cli: CliRunner, *args: str) -> str:
    result = cli.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_an_operator_credits_a_run_and_a_creator_redeems_from_the_cli(
    db: Database, cli: CliRunner
) -> None:
    add_creators(db, ["alice"])
    add_videos(db, [("a1", "alice"), ("a2", "alice")])
    run = add_run(db, [Score("a1", "alice", 1600), Score("a2", "alice", 90, held=True)])
    assert "1 accruals" not in _ok(cli, "credit", str(run))
    assert "already credited" in _ok(cli, "credit", str(run))
    assert "a2" in _ok(cli, "held", "list")
    assert "released 90" in _ok(cli, "held", "release", str(run), "a2", "--operator", "ops")
    assert "balance 1690" in _ok(cli, "ledger", "balance", "alice")
    _ok(cli, "shop", "seed")
    assert "tiktok-merch" in _ok(cli, "shop", "list")
    out = _ok(cli, "redeem", "--creator", "alice", "--reward", "fyp-10min", "--key", "k1")
    assert "pending" in out
    rid = list_redemptions(db)[0].id
    assert "fulfilled" in _ok(cli, "redemptions", "fulfil", rid)
    grants = json.loads(_ok(cli, "exposure", "export", "--format", "json"))
    assert [g["minutes"] for g in grants] == [10]
    assert "redemption_id" in _ok(cli, "exposure", "export", "--format", "csv")
    assert "reserve" in _ok(cli, "ledger", "history", "alice")
    assert "ledger OK" in _ok(cli, "ledger", "verify")
    assert balance(db, "alice") == 1690 - 800  # the For You minutes cost 800 points


def test_domain_errors_print_one_line_and_exit_2(db: Database, cli: CliRunner) -> None:
    add_creators(db, ["bob"])
    _ok(cli, "shop", "add", "hoodie", "--name", "Hoodie", "--amount", "200", "--exposure", "x")
    result = cli.invoke(app, ["redeem", "--creator", "bob", "--reward", "hoodie", "--key", "k"])
    assert result.exit_code == 2
    assert "costs 200 points" in result.output
    bad = cli.invoke(
        app, ["shop", "add", "bad id", "--name", "n", "--amount", "1", "--exposure", "x"]
    )
    assert bad.exit_code == 2 and "reward_id" in bad.output
    assert cli.invoke(app, ["redemptions", "fulfil", "nope"]).exit_code == 2
    assert cli.invoke(app, ["credit", "999"]).exit_code == 2


def test_operators_edit_and_deactivate_rewards_from_the_cli(db: Database, cli: CliRunner) -> None:
    _ok(
        cli,
        "shop",
        "add",
        "cap",
        "--name",
        "Cap",
        "--amount",
        "50",
        "--exposure",
        "a cap",
        "--stock",
        "3",
        "--limit",
        "1",
        "--period",
        "month",
    )
    out = _ok(cli, "shop", "edit", "cap", "--amount", "75", "--unlimited")
    assert "75" in out and "unlimited" in out
    _ok(cli, "shop", "deactivate", "cap")
    assert "no rewards" in _ok(cli, "shop", "list")
    assert "cap" in _ok(cli, "shop", "list", "--all")


def test_verify_exits_1_and_lists_problems_after_tampering(db: Database, cli: CliRunner) -> None:
    from sqlalchemy import text

    add_creators(db, ["alice"])
    add_videos(db, [("a1", "alice")])
    _ok(cli, "credit", str(add_run(db, [Score("a1", "alice", 10)])))
    with db.write() as conn:
        conn.execute(text("UPDATE ledger_accounts SET balance = 11 WHERE code = 'creator:alice'"))
    result = cli.invoke(app, ["ledger", "verify"])
    assert result.exit_code == 1 and "cached balance 11" in result.output


def test_the_installed_command_turns_a_domain_error_into_exit_code_2(sqlite_db: Database) -> None:
    env = {**os.environ, "HACKOCLOCK_DATABASE_URL": str(sqlite_db.url)}
    proc = subprocess.run(
        [sys.executable, "-m", "hackoclock", "ledger", "balance", "ghost"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 2
    assert "creator 'ghost' not found" in proc.stderr


def test_operators_void_holds_and_cancel_redemptions_from_the_cli(
    db: Database, cli: CliRunner
) -> None:
    add_creators(db, ["carol"])
    add_videos(db, [("c1", "carol"), ("c2", "carol")])
    run = add_run(db, [Score("c1", "carol", 300), Score("c2", "carol", 50, held=True)])
    _ok(cli, "credit", str(run))
    out = _ok(cli, "held", "void", str(run), "c2", "--operator", "ops", "--reason", "bot views")
    assert "voided 50" in out
    assert "no held points" in _ok(cli, "held", "list")
    _ok(cli, "shop", "add", "mug", "--name", "Mug", "--amount", "120", "--exposure", "a mug")
    _ok(cli, "redeem", "--creator", "carol", "--reward", "mug", "--key", "k1")
    rid = list_redemptions(db)[0].id
    assert rid in _ok(cli, "redemptions", "list", "--creator", "carol", "--status", "pending")
    assert "cancelled" in _ok(cli, "redemptions", "cancel", rid)
    again = cli.invoke(app, ["redemptions", "fulfil", rid])
    assert again.exit_code == 2 and "cancelled" in again.output
    assert _ok(cli, "shop", "edit", "mug", "--inactive").count("no") >= 1
    assert balance(db, "carol") == 300
