"""``status`` counts the ingest tables and names the latest batch."""

from __future__ import annotations

from pathlib import Path

from hackoclock.db.engine import Database
from hackoclock.ingest.service import import_file, status


def test_status_of_an_empty_database_is_all_zero(db: Database) -> None:
    assert status(db) == {
        "creators": 0,
        "videos": 0,
        "snapshots": 0,
        "batches": 0,
        "quarantined": 0,
        "latest_batch": None,
    }


def test_status_counts_rows_and_names_the_latest_batch(db: Database, shared_data: Path) -> None:
    import_file(db, shared_data / "tiktokapi-itemlist-2022.json")
    report = import_file(db, shared_data / "tiktokapi-trending-2024-2026.jsonl")
    counts = status(db)
    assert {
        k: counts[k] for k in ("creators", "videos", "snapshots", "batches", "quarantined")
    } == {
        "creators": 27 + 51,
        "videos": 28 + 53,
        "snapshots": 28 + 65,
        "batches": 2,
        "quarantined": 3,
    }
    latest = counts["latest_batch"]
    assert latest["id"] == report.batch_id
    assert (latest["format"], latest["status"], latest["records_read"]) == ("jsonl", "done", 73)
