"""Shared CLI plumbing: the root Typer app, settings, database, and error translation."""

from __future__ import annotations

import sys

import typer
from rich.console import Console

from hackoclock.bootstrap import open_database
from hackoclock.db.engine import Database
from hackoclock.errors import HackoclockError
from hackoclock.settings import Settings

app = typer.Typer(
    name="hackoclock",
    help="Fair points for short-video creators.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
serve_app = typer.Typer(help="Serve the REST API or the browser app.", no_args_is_help=True)
app.add_typer(serve_app, name="serve")

console = Console()
err_console = Console(stderr=True)

EXIT_USER_ERROR = 2


def settings() -> Settings:
    return Settings()


def database() -> Database:
    """The configured database (HACKOCLOCK_DATABASE_URL or a SQLite file under data/)."""
    return open_database(settings())


def fail(message: str, code: int = EXIT_USER_ERROR) -> typer.Exit:
    """Print a one-line error and return the Exit to raise."""
    err_console.print(f"[bold red]error:[/] {message}", highlight=False, markup=True)
    return typer.Exit(code)


def run() -> None:
    """Run the app, turning domain errors into a one-line message and exit code 2."""
    try:
        app()
    except HackoclockError as exc:
        err_console.print(f"error: {exc.message}", highlight=False, markup=False)
        sys.exit(EXIT_USER_ERROR)
