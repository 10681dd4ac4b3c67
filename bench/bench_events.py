"""Viewer events at scale: qualified views + lockstep detection on DuckDB, against the floor of a
bare ``GROUP BY viewer_id, video_id`` over the same Parquet, measured in the same run.

    PYTHONPATH=src .venv/bin/python bench/bench_events.py --events 10000000 --out /tmp/evbench

Data goes under /tmp (never the repo); DuckDB spills to /tmp/evbench/spill.
"""

from __future__ import annotations

import argparse
import resource
import time
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import ibis
import pyarrow.parquet as pq

from hackoclock.events.lockstep import flagged_viewers
from hackoclock.events.qualify import qualified_views
from hackoclock.sample.events import EventSpec, generate


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--events", type=int, default=10_000_000)
    ap.add_argument("--out", type=Path, default=Path("/tmp/evbench"))
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / f"events-{args.events}.parquet"
    if not path.exists():
        t = time.perf_counter()
        spec = EventSpec(
            events=args.events,
            viewers=args.events // 10,
            videos=args.events // 100,
            creators=args.events // 1000,
            days=7,
            burst_viewers=5_000,
        )
        table, _, _ = generate(spec)
        pq.write_table(table, path, compression="zstd", row_group_size=1_000_000)
        print(f"generated {table.num_rows:,} events in {time.perf_counter() - t:.1f} s")
    rows = pq.ParquetFile(path).metadata.num_rows
    raw = duckdb.connect()
    raw.execute(f"SET temp_directory='{args.out / 'spill'}'")
    t = time.perf_counter()
    raw.execute(
        f"SELECT count(*) FROM (SELECT viewer_id, video_id, count(*) FROM '{path}' GROUP BY 1, 2)"
    ).fetchall()
    floor = time.perf_counter() - t
    con = ibis.duckdb.connect()
    con.raw_sql(f"SET temp_directory='{args.out / 'spill'}'")
    con.raw_sql("SET memory_limit='6GB'")
    ev = con.read_parquet(str(path))
    t = time.perf_counter()
    flagged = con.create_table("flagged", flagged_viewers(ev))
    detect = time.perf_counter() - t
    q = qualified_views(
        ev, datetime(2026, 1, 5, tzinfo=UTC), datetime(2026, 1, 12, tzinfo=UTC), flagged
    )
    n = int(q.count().execute())  # force the aggregate
    total = time.perf_counter() - t
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"events {rows:,}: floor GROUP BY {floor:.1f} s; detection {detect:.1f} s; "
        f"detection + qualified views {total:.1f} s ({n:,} videos, {flagged.count().execute():,} "
        f"flagged); ratio {total / floor:.2f}x; peak RSS {peak:,.0f} MB"
    )


if __name__ == "__main__":
    main()
