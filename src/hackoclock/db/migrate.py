"""Run the Alembic migrations that ship inside the package."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from hackoclock.db.engine import Database

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(db: Database, revision: str = "heads") -> None:
    """Bring the database schema up to ``revision`` (default: every branch's newest).

    Each capability keeps its migrations on its own Alembic branch off ``0001_foundation``
    (``depends_on`` orders them where one needs another's tables), hence ``heads``.
    """
    cfg = alembic_config(db.url.render_as_string(hide_password=False))
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)


def current_revisions(db: Database) -> set[str]:
    with db.engine.connect() as conn:
        return set(MigrationContext.configure(conn).get_current_heads())


def pending_revisions(db: Database) -> set[str]:
    """Revisions not yet applied (empty when the schema is up to date on every branch)."""
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    current = tuple(current_revisions(db))
    applied = (
        {rev.revision for rev in script.revision_map.iterate_revisions(current, "base")}
        if current
        else set()
    )
    return {rev.revision for rev in script.walk_revisions()} - applied
