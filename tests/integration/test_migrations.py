"""The migrations build exactly the schema the table definitions describe."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from hackoclock.db.all_tables import metadata
from hackoclock.db.engine import Database
from hackoclock.db.migrate import pending_revisions


def test_migrated_database_is_at_the_newest_revision(db: Database) -> None:
    assert pending_revisions(db) == set()


def test_migrations_match_the_table_definitions(db: Database) -> None:
    with db.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(ctx, metadata)
    assert diff == []
