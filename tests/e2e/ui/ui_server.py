"""Start ``streamlit run`` on a free 127.0.0.1 port for browser tests, and always stop it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

REPO_ROOT = Path(__file__).resolve().parents[3]
HEALTH_TIMEOUT_S = 60.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_healthy(base_url: str, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + HEALTH_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited early:\n{log.read_text(errors='replace')}")
        try:
            if httpx.get(f"{base_url}/_stcore/health", timeout=2.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"streamlit not healthy after {HEALTH_TIMEOUT_S}s:\n{log.read_text()}")


@contextmanager
def running(
    command: list[str], port: int, env_extra: dict[str, str], log_dir: Path
) -> Iterator[str]:
    """Run ``command`` (a server on ``port``) from the repository root; yield its base URL once
    ``/_stcore/health`` answers. The process is always stopped (SIGTERM, then SIGKILL)."""
    env = {**os.environ, **env_extra}
    log = log_dir / f"server-{port}.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=out, stderr=out)
        try:
            base_url = f"http://127.0.0.1:{port}"
            _wait_healthy(base_url, proc, log)
            yield base_url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=10)


@contextmanager
def streamlit_server(script: str, env_extra: dict[str, str], log_dir: Path) -> Iterator[str]:
    """``streamlit run <script>`` on a free port; yields its base URL."""
    port = free_port()
    command = [
        sys.executable, "-m", "streamlit", "run", script,
        "--server.port", str(port), "--server.address", "127.0.0.1",
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
        "--server.fileWatcherType", "none",
    ]  # fmt: skip
    with running(command, port, env_extra, log_dir) as url:
        yield url
