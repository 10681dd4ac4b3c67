"""The creator look-ups behind the app's pickers, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import insert

from hackoclock.creators import get_creator, list_creators
from hackoclock.db.engine import Database
from hackoclock.db.tables import creators

NOW = datetime(2026, 11, 28, tzinfo=UTC)


def _add(db: Database, rows: list[tuple[str, str | None, int]]) -> None:
    with db.write() as conn:
        conn.execute(
            insert(creators),
            [
                {
                    "creator_id": cid,
                    "username": name,
                    "total_points": pts,
                    "first_seen_at": NOW,
                    "updated_at": NOW,
                }
                for cid, name, pts in rows
            ],
        )


def test_creators_are_listed_with_the_most_points_first(db: Database) -> None:
    _add(db, [("c1", "anna", 10), ("c2", "bob", 300), ("c3", None, 300), ("c4", "cy", 0)])
    listed = list_creators(db, limit=3)
    assert [c.creator_id for c in listed] == ["c2", "c3", "c1"]
    assert [c.handle for c in listed] == ["@bob", "c3", "@anna"]


def test_one_creator_is_found_by_id_and_an_unknown_id_is_none(db: Database) -> None:
    _add(db, [("c1", "anna", 10)])
    found = get_creator(db, "c1")
    assert found is not None
    assert (found.username, found.total_points) == ("anna", 10)
    assert get_creator(db, "nobody") is None
