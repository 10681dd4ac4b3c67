"""Demo mode never reaches a real interface and never runs beside a real key.

The CLI guards run as real subprocesses (a guard that failed would start a server; the timeout
bounds that). The app's own guard is exercised over real HTTP: a demo app bound to every
interface answers an operator token forged with the published secret on 127.0.0.1 only.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from pydantic import SecretStr
from typer.testing import CliRunner

from hackoclock.api import create_app
from hackoclock.auth import create_token
from hackoclock.auth.demo import DemoModeRefused, is_loopback
from hackoclock.cli import app
from hackoclock.db.engine import Database
from hackoclock.db.migrate import upgrade
from hackoclock.settings import Settings

SECRET = "demo-guard-test-secret-long-enough-for-hs256"
runner = CliRunner()
KEY_VARS = (
    "HACKOCLOCK_JWT_SECRET",
    "HACKOCLOCK_JWT_PUBLIC_KEY_FILE",
    "HACKOCLOCK_JWT_JWKS_FILE",
    "HACKOCLOCK_JWT_PRIVATE_KEY_FILE",
    "HACKOCLOCK_DEMO_MODE",
)


def _said(text: str) -> str:
    return " ".join(text.split())  # the console wraps long lines


@pytest.fixture
def no_keys(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in KEY_VARS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HACKOCLOCK_DATABASE_URL", f"sqlite:///{tmp_path / 'demo.db'}")


def _serve_ui(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """``serve ui`` in a subprocess: were the guard to fail it would exec Streamlit in place."""
    return subprocess.run(
        [sys.executable, "-m", "hackoclock", "serve", "ui", *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["--demo", "--host", "0.0.0.0"], {}),
        (["--host", "0.0.0.0"], {"HACKOCLOCK_DEMO_MODE": "1"}),
        (["--demo", "--host", "192.0.2.2"], {}),
        (["--demo", "--host", "demo.example.com"], {}),
    ],
)
def test_serve_api_in_demo_mode_refuses_to_listen_beyond_loopback(
    no_keys: None, monkeypatch: pytest.MonkeyPatch, args: list[str], env: dict[str, str]
) -> None:
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    result = runner.invoke(app, ["serve", "api", "--port", "0", *args])
    assert result.exit_code == 2, result.output
    assert "demo mode listens only on loopback" in _said(result.output)
    assert "refusing to start" in _said(result.output)


def test_serve_ui_in_demo_mode_refuses_to_listen_beyond_loopback(no_keys: None) -> None:
    result = _serve_ui("--demo", "--address", "0.0.0.0")
    assert result.returncode == 2, result.stderr
    assert "demo mode listens only on loopback (127.0.0.1, ::1 or localhost), not '0.0.0.0'" in (
        _said(result.stderr)
    )


@pytest.mark.parametrize(
    "args",
    [
        ["serve", "api", "--port", "0"],
        ["serve", "api", "--port", "0", "--demo"],
        ["token", "create", "--creator", "c1", "--role", "operator"],
    ],
)
def test_demo_mode_from_the_environment_is_refused_beside_a_real_key(
    no_keys: None, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    monkeypatch.setenv("HACKOCLOCK_DEMO_MODE", "1")
    monkeypatch.setenv("HACKOCLOCK_JWT_SECRET", SECRET)
    result = runner.invoke(app, args)
    assert result.exit_code != 0
    said = _said(result.output + str(result.exception or ""))
    assert "a real key is configured (HACKOCLOCK_JWT_SECRET)" in said
    assert "eyJ" not in result.output  # no token was printed


def test_serve_ui_refuses_demo_mode_beside_a_real_key(no_keys: None) -> None:
    result = _serve_ui("--port", "1", HACKOCLOCK_DEMO_MODE="1", HACKOCLOCK_JWT_SECRET=SECRET)
    assert result.returncode == 2, result.stderr
    assert "a real key is configured (HACKOCLOCK_JWT_SECRET)" in _said(result.stderr)


def test_the_app_refuses_demo_mode_beside_a_real_key(sqlite_db: Database) -> None:
    settings = Settings(demo_mode=True, jwt_secret=SecretStr(SECRET))
    with pytest.raises(DemoModeRefused, match="real key"):
        create_app(settings, sqlite_db)


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.8.9.10", True),
        ("::1", True),
        ("[::1]", True),
        ("localhost", True),
        ("0.0.0.0", False),
        ("::", False),
        ("", False),
        ("192.0.2.2", False),
        ("localhost.example.com", False),
    ],
)
def test_only_loopback_addresses_count_as_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def _outward_address() -> str | None:
    """This machine's address on its default route (no packet is sent), if not loopback."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))
        except OSError:
            return None
        address = str(probe.getsockname()[0])
    return None if is_loopback(address) else address


@pytest.fixture
def demo_server(tmp_path: Path) -> Iterator[int]:
    """The demo-mode app served by uvicorn on every interface (as a careless operator might)."""
    db = Database(f"sqlite:///{tmp_path / 'demo.db'}")
    upgrade(db)
    api = create_app(Settings(demo_mode=True), db)
    config = uvicorn.Config(api, host="0.0.0.0", port=0, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    port = int(server.servers[0].sockets[0].getsockname()[1])
    try:
        yield port
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        db.dispose()


def test_a_forged_demo_operator_token_works_only_from_this_machine(demo_server: int) -> None:
    outward = _outward_address()
    if outward is None:
        pytest.skip("this machine has no non-loopback IPv4 address to call from")
    forged = create_token(Settings(demo_mode=True), sub="mallory", role="operator", ttl=60)
    headers = {"Authorization": f"Bearer {forged}"}
    for route in ("/api/v1/ledger/verify", "/api/v1/redemptions"):
        remote = httpx.get(f"http://{outward}:{demo_server}{route}", headers=headers, timeout=10)
        assert remote.status_code == 403, remote.text
        assert remote.json()["error"]["code"] == "demo_loopback_only"
        local = httpx.get(f"http://127.0.0.1:{demo_server}{route}", headers=headers, timeout=10)
        assert local.status_code == 200, local.text
