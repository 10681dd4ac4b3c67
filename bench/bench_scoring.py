"""Benchmark: score synthetic video-periods from Parquet (issue 4).

    .venv/bin/python bench/bench_scoring.py [--rows 10000000] [--spark-rows 1000000]

Phases run in child processes so each peak RSS is its own: ``generate`` writes the Parquet
files with NumPy (not timed), ``duckdb`` scores with method ``fair`` (absolute points) from
Parquet to Parquet, ``numpy`` computes the same math with plain NumPy on the same data (the
ratio is the figure), ``spark`` scores the smaller file in Spark local mode.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

CHUNK = 1_000_000


def generate(path: Path, rows: int) -> None:
    from hackoclock.scoring.synthetic import synthetic_period

    writer = None
    for i, start in enumerate(range(0, rows, CHUNK)):
        chunk = synthetic_period(min(CHUNK, rows - start), seed=100 + i)
        ids = pa.array([f"v{j:010d}" for j in range(start, start + len(chunk))])
        chunk = chunk.set_column(0, "video_id", ids)
        if writer is None:
            writer = pq.ParquetWriter(path, chunk.schema)
        writer.write_table(chunk)
    assert writer is not None
    writer.close()


def run_engine(engine: str, source: Path, target: Path) -> dict[str, float]:
    from hackoclock.scoring.config import load_config
    from hackoclock.scoring.engines import connect
    from hackoclock.scoring.inputs import parquet_table
    from hackoclock.scoring.pipeline import score_to_parquet

    cfg = load_config("fair")
    started = time.perf_counter()
    con = connect(engine, cfg.spark_master)
    connected = time.perf_counter()
    score_to_parquet(con, parquet_table(con, source, None, None), cfg, target)
    return {"seconds": time.perf_counter() - connected, "startup": connected - started}


def _robust_z(x: np.ndarray) -> np.ndarray:
    ok = ~np.isnan(x)
    med = np.median(x[ok])
    mad = np.median(np.abs(x[ok] - med)) * 1.4826
    return np.zeros_like(x) if mad == 0 else (x - med) / mad


def run_numpy(source: Path, scale: float = 1400.0) -> dict[str, float]:
    """The `fair` math (absolute points, default configuration) in plain NumPy."""
    started = time.perf_counter()
    t = pq.read_table(
        source, columns=["views", "likes", "shares", "comments", "bookmarks", "sentiment"]
    )
    v = t["views"].to_numpy().astype(np.float64)
    lv = np.log(v + 1)
    eng = sum(
        t[k].to_numpy().astype(np.float64) for k in ("likes", "shares", "comments", "bookmarks")
    )
    zs = []
    for k in ("likes", "shares", "comments", "bookmarks"):
        c = t[k].to_numpy().astype(np.float64)
        p = np.minimum(np.where(v > 0, c / np.where(v > 0, v, 1), np.nan), 1.0)
        m, var = np.nanmean(p), np.nanvar(p)
        s = float(np.clip(m * (1 - m) / var - 1, 1.0, 1e6))
        post = np.minimum((c + m * s) / (v + s), 1.0)
        lower = np.maximum(post - 1.2816 * np.sqrt(post * (1 - post) / (v + s + 1)), m * 0.01)
        zs.append(np.clip(_robust_z(np.where(v > 0, np.log(lower), np.nan)), -3, 3))
    quality = (np.nanmean(np.vstack(zs), axis=0) + 3) / 6
    reach = (np.clip(_robust_z(lv), -3, 3) + 3) / 6
    _robust_z(np.where(v > 0, np.log((eng + 1) / (v + 1)), np.nan))  # the flags' z (as fair)
    content = t["sentiment"].to_numpy(zero_copy_only=False).astype(np.float64)
    has_content = ~np.isnan(content)
    w = np.where(has_content, 1.0, 0.75)
    score = (0.35 * reach + 0.40 * quality + 0.25 * np.nan_to_num(content)) / w
    points = np.where(v >= 100, np.round(score * scale), 0).astype(np.int64)
    elapsed = time.perf_counter() - started
    np.save(source.with_suffix(".numpy-points.npy"), points)
    return {"seconds": elapsed}


def child(args: argparse.Namespace) -> None:
    source = Path(args.source)
    if args.phase == "generate":
        generate(source, args.rows)
        out: dict[str, float] = {}
    elif args.phase == "numpy":
        out = run_numpy(source)
    else:
        out = run_engine(args.phase, source, source.with_suffix(f".{args.phase}-out.parquet"))
    usage = resource.getrusage(resource.RUSAGE_SELF)
    out["peak_rss_mib"] = usage.ru_maxrss / 1024
    out["cpu_seconds"] = usage.ru_utime + usage.ru_stime  # this process, all threads (no JVM)
    print(json.dumps(out))


def phase(name: str, source: Path, rows: int) -> dict[str, float]:
    cmd = [sys.executable, __file__, "--phase", name, "--source", str(source), "--rows", str(rows)]
    done = subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=3600)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def agreement(source: Path) -> float:
    ours = pq.read_table(source.with_suffix(".duckdb-out.parquet"), columns=["points"])
    ref = np.load(source.with_suffix(".numpy-points.npy"))
    return float(np.mean(ours["points"].to_numpy() == ref))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--spark-rows", type=int, default=1_000_000)
    parser.add_argument("--dir", default="/tmp/hackoclock-bench")
    parser.add_argument("--phase")
    parser.add_argument("--source")
    parser.add_argument("--skip-spark", action="store_true")
    args = parser.parse_args()
    if args.phase:
        child(args)
        return
    folder = Path(args.dir)
    folder.mkdir(parents=True, exist_ok=True)
    big, small = (
        folder / f"periods-{args.rows}.parquet",
        folder / f"periods-{args.spark_rows}.parquet",
    )
    for path, rows in ((big, args.rows), (small, args.spark_rows)):
        if not path.exists():
            phase("generate", path, rows)
    load_before = os.getloadavg()
    duck = phase("duckdb", big, args.rows)
    ref = phase("numpy", big, args.rows)
    report = {
        "rows": args.rows,
        "load_average_1min_before_after": [load_before[0], os.getloadavg()[0]],
        "duckdb": duck,
        "numpy": ref,
        "ratio_duckdb_to_numpy": duck["seconds"] / ref["seconds"],
        "points_equal_to_numpy": agreement(big),
    }
    if not args.skip_spark:
        report["spark_rows"] = args.spark_rows
        report["spark"] = phase("spark", small, args.spark_rows)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
