"""Database: engine, unit of work, tables and Alembic migrations."""

from hackoclock.db.engine import Database
from hackoclock.db.meta import metadata

__all__ = ["Database", "metadata"]
