"""The events store on disk: ingest of each format, quarantine, and qualified views for a run."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import ibis
import pandas as pd

from hackoclock.events import store
from hackoclock.events.period import with_qualified_views
from hackoclock.sample.events import EventSpec, write_events

SMALL = EventSpec(
    events=3_000,
    viewers=500,
    videos=60,
    creators=20,
    farms=1,
    pods=0,
    like_sellers=0,
    bursts=1,
    burst_viewers=100,
)


def test_each_format_ingests_the_same_rows_by_day(tmp_path: Path) -> None:
    counts = []
    for suffix in ("parquet", "csv", "jsonl"):
        rows, _, _ = write_events(tmp_path / f"ev.{suffix}", SMALL)
        report = store.ingest([tmp_path / f"ev.{suffix}"], tmp_path / suffix)
        assert report.accepted == rows and report.quarantined == 0
        assert sorted(p.name for p in (tmp_path / suffix).glob("day=*")) == [
            f"day={d}" for d in sorted(report.days)
        ]
        counts.append(report.accepted)
    assert len(set(counts)) == 1


def test_bad_lines_are_quarantined_with_reasons_and_kept(tmp_path: Path) -> None:
    path = tmp_path / "ev.jsonl"
    write_events(path, SMALL)
    with path.open("a", encoding="utf-8") as fh:
        fh.write(
            '{"viewer_id": "x", "video_id": "v", "time": "2026-01-05T00:00:00Z", "kind": "stare"}\n'
        )
        fh.write("this is not json\n")
    report = store.ingest([path], tmp_path / "store")
    assert report.quarantined == 2 and report.quarantine_file is not None
    lines = [json.loads(x) for x in report.quarantine_file.read_text().splitlines()]
    assert any("kind must be one of" in r for r in lines[0]["reasons"])
    assert "not JSON" in lines[1]["reasons"][0] and lines[1]["record"]["line"].startswith("this")
    assert report.read == report.accepted + report.quarantined


def test_a_run_pays_qualified_views_when_events_exist_and_counts_when_not(tmp_path: Path) -> None:
    path = tmp_path / "ev.parquet"
    write_events(path, SMALL)
    root = tmp_path / "store"
    store.ingest([path], root)
    con = ibis.duckdb.connect()
    start, end = datetime(2026, 1, 5, tzinfo=UTC), datetime(2026, 1, 12, tzinfo=UTC)
    table = con.create_table(
        "p", pd.DataFrame({"video_id": ["v0000001", "zzz"], "views_total": [10**9, 7]})
    )
    out, source = with_qualified_views(con, table, root, start, end)
    got = dict(out.select("video_id", "views_total").execute().itertuples(index=False))
    assert source == "events" and got["zzz"] == 7 and got["v0000001"] < 10**9
    same, source = with_qualified_views(con, table, tmp_path / "empty", start, end)
    assert source == "counts" and same is table
