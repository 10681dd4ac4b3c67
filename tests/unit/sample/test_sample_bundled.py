"""The bundled demo files are exactly what the documented commands generate."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from hackoclock.sample.generate import manifest_path, write_jsonl_history, write_scraper_json

BUNDLED = Path(__file__).resolve().parents[3] / "data" / "sample"
SCRAPER = BUNDLED / "tiktok-sample.json"
HISTORY = BUNDLED / "tiktok-sample-history.jsonl"


def test_the_bundled_scraper_export_regenerates_byte_for_byte(tmp_path: Path) -> None:
    write_scraper_json(tmp_path / "s.json", 300, 3_000, 2026)
    assert (tmp_path / "s.json").read_bytes() == SCRAPER.read_bytes()
    assert manifest_path(tmp_path / "s.json").read_bytes() == manifest_path(SCRAPER).read_bytes()


def test_the_bundled_history_regenerates_byte_for_byte(tmp_path: Path) -> None:
    write_jsonl_history(tmp_path / "h.jsonl", 30, 300, 2027, snapshots=3)
    assert (tmp_path / "h.jsonl").read_bytes() == HISTORY.read_bytes()
    assert manifest_path(tmp_path / "h.jsonl").read_bytes() == manifest_path(HISTORY).read_bytes()


def test_the_bundled_files_are_small_and_share_no_video(tmp_path: Path) -> None:
    assert SCRAPER.stat().st_size + HISTORY.stat().st_size < 5.5e6
    scraper_ids = {v["id"] for v in json.loads(SCRAPER.read_text(encoding="utf-8"))["collector"]}
    history = [json.loads(line) for line in HISTORY.read_text(encoding="utf-8").splitlines()]
    assert scraper_ids.isdisjoint(r["video_id"] for r in history)
    weeks = {datetime.fromisoformat(r["collected_at_utc"]).isocalendar()[:2] for r in history}
    assert len(weeks) == 2  # the history spans two scoring weeks
