"""SQLite: a creator row repeated unchanged in a later chunk is not written again, with the
same creators table as writing every row."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from hackoclock.db.engine import Database
from hackoclock.db.tables import creators
from hackoclock.ingest import service
from hackoclock.ingest.load import sqlite as loader_sqlite
from hackoclock.ingest.load.row_tuples import Row
from hackoclock.ingest.load.sqlite import SqliteLoader
from hackoclock.ingest.service import import_file

TIMES = ["2025-12-01T00:00Z", "2026-01-01T00:00Z", "2026-01-02T00:00Z", None]


def _creators(db: Database) -> list[tuple[Any, ...]]:
    with db.read() as conn:
        return [
            tuple(r)
            for r in conn.execute(
                select(
                    creators.c.creator_id,
                    creators.c.username,
                    creators.c.nickname,
                    creators.c.follower_count,
                    creators.c.video_count,
                    creators.c.stats_observed_at,
                ).order_by(creators.c.creator_id)
            )
        ]


def _random_history(rng: random.Random, n: int) -> list[dict[str, Any]]:
    lines: list[dict[str, Any]] = []
    for i in range(n):
        line: dict[str, Any] = {
            "video_id": str(1000 + i),
            "author_id": str(rng.randint(1, 4)),
            "play_count": 10,
            "collected_at_utc": rng.choice(TIMES),
        }
        for key, values in (
            ("author_username", [None, "ana", "bo"]),
            ("author_nickname", [None, "Ana"]),
            ("author_follower_count", [None, 1, 25]),
            ("author_video_count", [None, 3]),
        ):
            value = rng.choice(values)
            if value is not None:
                line[key] = value
        lines.append(line)
        if rng.random() < 0.4:  # the same creator values again, often in the next chunk
            lines.append(dict(line, video_id=str(5000 + i)))
    return lines


def _write_all(self: SqliteLoader, rows: list[Row]) -> list[Row]:
    return rows  # the previous behaviour: every creator row of every chunk is written


@pytest.mark.parametrize("seed", range(8))
def test_skipping_repeated_creator_rows_leaves_the_same_table(
    sqlite_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    rng = random.Random(seed)
    path = tmp_path / "history.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in _random_history(rng, 60)))
    monkeypatch.setattr(service, "CHUNK_RECORDS", rng.choice([1, 2, 3]))
    observed = datetime(2026, 1, 1, 12, tzinfo=UTC)
    import_file(sqlite_db, path, observed_at=observed)
    skipped = _creators(sqlite_db)

    reference = Database(f"sqlite:///{tmp_path / 'reference.db'}")
    from hackoclock.db.migrate import upgrade

    upgrade(reference)
    with monkeypatch.context() as patch:
        patch.setattr(SqliteLoader, "_changed_creators", _write_all)
        import_file(reference, path, observed_at=observed)
    assert skipped == _creators(reference)
    reference.dispose()


def test_only_rows_that_differ_from_the_last_one_written_are_sent(
    sqlite_db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    a = ("9", "ana", None, 10, None, "2026-01-01 00:00:00.000000", "t", "t")
    b = ("9", None, "Ana", 1, None, "2025-12-01 00:00:00.000000", "t", "t")
    c = ("7", "cy", None, 1, None, "2026-01-01 00:00:00.000000", "t", "t")
    with sqlite_db.write() as conn:
        loader = SqliteLoader(conn)
        assert loader._changed_creators([a, c]) == [a, c]
        assert loader._changed_creators([a, c]) == []  # exact repeats
        assert loader._changed_creators([b]) == [b]
        assert loader._changed_creators([a]) == [a]  # a again after b: written again
        monkeypatch.setattr(loader_sqlite, "REMEMBER_CREATORS", 2)
        assert loader._changed_creators([b, c]) == [b]  # past the bound: memory starts afresh
        assert loader._changed_creators([c]) == [c]  # so c is written again, never lost
        assert loader._changed_creators([b, c]) == []
        loader.close()
