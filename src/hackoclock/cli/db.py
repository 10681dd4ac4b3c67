"""``hackoclock db upgrade``."""

from __future__ import annotations

import typer

from hackoclock.cli.common import console, database
from hackoclock.db import migrate


def register(app: typer.Typer) -> None:
    db_app = typer.Typer(help="Database schema.", no_args_is_help=True)

    @db_app.command("upgrade")
    def upgrade(revision: str = typer.Argument("heads", help="Target revision.")) -> None:
        """Apply the database migrations (creates the SQLite file when needed)."""
        db = database()
        migrate.upgrade(db, revision)
        console.print("database at revision " + ", ".join(sorted(migrate.current_revisions(db))))

    app.add_typer(db_app, name="db")
