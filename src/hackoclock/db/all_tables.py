"""Import every table module so ``metadata`` knows all tables (used by Alembic and tests)."""

from hackoclock.db import tables  # noqa: F401
from hackoclock.db.meta import metadata

for _name in ("tables_content", "tables_scoring", "tables_ledger"):
    try:
        __import__(f"hackoclock.db.{_name}")
    except ModuleNotFoundError as exc:  # a capability not built yet
        if exc.name != f"hackoclock.db.{_name}":
            raise

__all__ = ["metadata"]
