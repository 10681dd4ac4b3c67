from __future__ import annotations

import sys
from pathlib import Path

import pytest

from hackoclock.cli.ui import APP_SCRIPT, project_root, streamlit_command, streamlit_env


def test_the_command_runs_the_packaged_app_script_with_this_python() -> None:
    command = streamlit_command(8765, "127.0.0.1")
    assert command[:4] == [sys.executable, "-m", "streamlit", "run"]
    assert Path(command[4]) == APP_SCRIPT
    assert APP_SCRIPT.is_file()
    assert command[command.index("--server.port") + 1] == "8765"
    assert command[command.index("--server.address") + 1] == "127.0.0.1"


def test_demo_mode_is_passed_to_the_app_only_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HACKOCLOCK_DEMO_MODE", raising=False)
    monkeypatch.setenv("HACKOCLOCK_DATABASE_URL", "sqlite:////tmp/x.db")
    assert streamlit_env(demo=True)["HACKOCLOCK_DEMO_MODE"] == "1"
    plain_env = streamlit_env(demo=False)
    assert "HACKOCLOCK_DEMO_MODE" not in plain_env
    assert plain_env["HACKOCLOCK_DATABASE_URL"] == "sqlite:////tmp/x.db"


def test_the_app_runs_from_the_checkout_that_holds_the_theme() -> None:
    assert (project_root() / ".streamlit" / "config.toml").is_file()
