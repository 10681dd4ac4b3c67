"""Import every table module so ``metadata`` knows all tables (used by Alembic and tests)."""

from hackoclock.db import tables, tables_content, tables_ledger, tables_scoring, tables_shop
from hackoclock.db.meta import metadata

__all__ = ["metadata", "tables", "tables_content", "tables_ledger", "tables_scoring", "tables_shop"]
