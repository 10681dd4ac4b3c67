"""``hackoclock serve ui`` end to end: it becomes a Streamlit server that answers."""

from __future__ import annotations

import sys
from pathlib import Path

import httpx
import pytest
from ui_seed import UiEnv
from ui_server import free_port, running


def test_serve_ui_in_demo_mode_starts_the_app(
    ui_env: UiEnv, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("HACKOCLOCK_JWT_SECRET")  # demo mode never runs beside a real key
    env = {k: v for k, v in ui_env.env.items() if k != "HACKOCLOCK_JWT_SECRET"}
    port = free_port()
    command = [sys.executable, "-m", "hackoclock", "serve", "ui", "--demo", "--port", str(port)]
    with running(command, port, env, tmp_path) as url:
        page = httpx.get(url, timeout=10)
        assert page.status_code == 200
        assert "streamlit" in page.text.lower()
    log = (tmp_path / f"server-{port}.log").read_text()
    assert f"Hackoclock app on http://127.0.0.1:{port} (demo mode)" in log
