"""The bundled sample files import completely into SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from hackoclock.db.engine import Database
from hackoclock.db.tables import creators, metric_snapshots, videos
from hackoclock.ingest.service import import_file

BUNDLED = Path(__file__).resolve().parents[3] / "data" / "sample"


def test_the_bundled_scraper_export_imports_every_record(db: Database) -> None:
    report = import_file(db, BUNDLED / "tiktok-sample.json")
    assert report.records_read == report.accepted + report.quarantined == 3_000
    assert report.quarantined == 0
    with db.read() as conn:
        assert conn.scalar(select(func.count()).select_from(videos)) == 3_000
        assert conn.scalar(select(func.count()).select_from(creators)) == 300
        no_followers = select(func.count()).where(creators.c.follower_count.is_(None))
        assert conn.scalar(no_followers) == 0
        no_bookmarks = select(func.count()).where(videos.c.bookmarks.is_(None))
        assert conn.scalar(no_bookmarks) == 0


def test_the_bundled_history_imports_three_snapshots_per_video(db: Database) -> None:
    report = import_file(db, BUNDLED / "tiktok-sample-history.jsonl")
    assert report.records_read == report.accepted + report.quarantined == 900
    assert report.quarantined == 0
    with db.read() as conn:
        assert conn.scalar(select(func.count()).select_from(videos)) == 300
        assert conn.scalar(select(func.count()).select_from(metric_snapshots)) == 900
        assert conn.scalar(select(func.count()).select_from(creators)) == 30
