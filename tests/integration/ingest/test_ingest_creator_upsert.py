"""A creator met in several chunks and files keeps its newest known values, never a NULL."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from hackoclock.db.engine import Database
from hackoclock.ingest import service
from hackoclock.ingest.service import import_file


def _jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def _row(video: str, at: str, **author: Any) -> dict[str, Any]:
    return {
        "video_id": video,
        "author_id": "42",
        "play_count": 10,
        "collected_at_utc": at,
        **author,
    }


def test_a_creator_repeated_across_chunks_keeps_the_newest_known_values(
    db: Database,
    tmp_path: Path,
    creator: Callable[[str], dict[str, Any]],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(service, "CHUNK_RECORDS", 2)
    same = {"author_username": "ana", "author_follower_count": 10}
    rows = [
        _row("1", "2026-01-01T00:00Z", **same),
        _row("2", "2026-01-01T00:00Z", **same),
        _row("3", "2026-01-01T00:00Z", **same),  # same values again, in a later chunk
        _row("4", "2026-01-02T00:00Z", author_follower_count=25),  # newer, no username
        _row("5", "2025-12-01T00:00Z", author_follower_count=1, author_nickname="Ana"),
    ]
    import_file(db, _jsonl(tmp_path / "a.jsonl", rows))
    found = creator("42")
    assert (found["username"], found["follower_count"], found["nickname"]) == ("ana", 25, "Ana")
    older = [_row("6", "2025-06-01T00:00Z", author_username="old_name", author_video_count=3)]
    import_file(db, _jsonl(tmp_path / "b.jsonl", older))
    found = creator("42")
    assert (found["username"], found["follower_count"], found["video_count"]) == ("ana", 25, 3)
