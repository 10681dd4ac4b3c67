"""``hackoclock token create`` and the start-up guard of ``hackoclock serve api`` (in process)."""

from __future__ import annotations

import sys

import pytest
from pydantic import SecretStr
from typer.testing import CliRunner

from hackoclock.auth import Principal, verify_token
from hackoclock.cli import app
from hackoclock.cli.common import run
from hackoclock.settings import Settings

SECRET = "cli-test-secret-that-is-long-enough-for-hs256"
runner = CliRunner()


@pytest.fixture
def secret_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HACKOCLOCK_JWT_SECRET", SECRET)
    monkeypatch.delenv("HACKOCLOCK_DEMO_MODE", raising=False)


@pytest.fixture
def no_key_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "HACKOCLOCK_JWT_SECRET",
        "HACKOCLOCK_JWT_PUBLIC_KEY_FILE",
        "HACKOCLOCK_JWT_JWKS_FILE",
        "HACKOCLOCK_JWT_PRIVATE_KEY_FILE",
        "HACKOCLOCK_DEMO_MODE",
    ):
        monkeypatch.delenv(name, raising=False)


def test_token_create_prints_a_token_the_api_accepts(secret_env: None) -> None:
    result = runner.invoke(app, ["token", "create", "--creator", "c42", "--ttl", "15m"])
    assert result.exit_code == 0, result.output
    settings = Settings(jwt_secret=SecretStr(SECRET))
    assert verify_token(settings, result.stdout.strip()) == Principal("c42", "creator")


def test_token_create_makes_operator_tokens_on_request(secret_env: None) -> None:
    result = runner.invoke(app, ["token", "create", "--sub", "ops", "--role", "operator"])
    settings = Settings(jwt_secret=SecretStr(SECRET))
    assert verify_token(settings, result.stdout.strip()).role == "operator"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role", "admin"], "--role must be one of"),
        (["--ttl", "forever"], "bad TTL"),
        (["--ttl", "0"], "bad TTL"),
    ],
)
def test_token_create_refuses_bad_options_with_exit_code_2(
    secret_env: None, args: list[str], message: str
) -> None:
    result = runner.invoke(app, ["token", "create", "--creator", "c1", *args])
    assert result.exit_code == 2
    assert message in result.output


def test_token_create_without_a_key_says_how_to_configure_one(
    no_key_env: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(sys, "argv", ["hackoclock", "token", "create", "--creator", "c1"])
    with pytest.raises(SystemExit) as exit_info:
        run()  # the real entry point, which turns domain errors into exit code 2
    assert exit_info.value.code == 2
    assert "HACKOCLOCK_JWT_SECRET" in capsys.readouterr().err


def test_token_create_in_demo_mode_signs_with_the_demo_secret(no_key_env: None) -> None:
    result = runner.invoke(app, ["token", "create", "--creator", "c1", "--demo"])
    assert result.exit_code == 0
    assert verify_token(Settings(demo_mode=True), result.stdout.strip()).sub == "c1"


def test_serve_api_refuses_to_start_without_a_key(no_key_env: None) -> None:
    result = runner.invoke(app, ["serve", "api", "--port", "0"])
    assert result.exit_code == 2
    assert "refusing to start" in result.output
