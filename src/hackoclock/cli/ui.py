"""``hackoclock serve ui``: the Streamlit app (dashboard, shop, operator console)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import typer

from hackoclock.auth.demo import DemoModeRefused, check_demo
from hackoclock.cli.common import console, fail, serve_app, settings

APP_SCRIPT = Path(__file__).resolve().parents[1] / "ui" / "app.py"


def project_root() -> Path:
    """Where ``.streamlit/config.toml`` (the theme) lives: the checkout this package runs from,
    else the current directory (an installed package reads the theme from there)."""
    checkout = Path(__file__).resolve().parents[3]
    if (checkout / ".streamlit" / "config.toml").is_file():
        return checkout
    return Path.cwd()


def streamlit_command(port: int, address: str) -> list[str]:
    """The ``streamlit run`` command line for the app."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP_SCRIPT),
        "--server.port",
        str(port),
        "--server.address",
        address,
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]


def streamlit_env(*, demo: bool) -> dict[str, str]:
    """The environment for the app: ours, plus demo mode when asked."""
    env = dict(os.environ)
    if demo:
        env["HACKOCLOCK_DEMO_MODE"] = "1"
    return env


def register(app: typer.Typer) -> None:
    del app  # the command hangs off the shared ``serve`` sub-app

    @serve_app.command("ui")
    def serve_ui(
        demo: bool = typer.Option(
            False,
            "--demo",
            help="Demo mode: pick any creator without signing in (never in production).",
        ),
        port: int = typer.Option(8501, "--port", min=1, max=65535, help="Port to listen on."),
        address: str = typer.Option(
            "127.0.0.1", "--address", help="Address to bind (demo mode: loopback only)."
        ),
    ) -> None:
        """Serve the browser app (Creator Dashboard, Rewards Shop, Operator Console)."""
        if not APP_SCRIPT.is_file():
            raise fail(f"the app script is missing: {APP_SCRIPT}")
        config = settings()
        if demo:
            config = config.model_copy(update={"demo_mode": True})
        try:  # demo mode (--demo or HACKOCLOCK_DEMO_MODE): loopback only, never beside a key
            check_demo(config, address)
        except DemoModeRefused as exc:
            raise fail(f"{exc.message}; refusing to start") from exc
        console.print(
            f"Hackoclock app on http://{address}:{port}"
            + (" (demo mode)" if config.demo_mode else "")
        )
        os.chdir(project_root())  # Streamlit reads .streamlit/ (theme, secrets) from here
        command = streamlit_command(port, address)
        sys.stdout.flush()
        # Become Streamlit (no wrapper process), so Ctrl-C and SIGTERM reach it directly.
        os.execve(command[0], command, streamlit_env(demo=demo))
