"""Method ``rank`` beside ``seed`` and ``fair``: the fairness numbers and the time.

    .venv/bin/python bench/bench_rank.py kaggle            # the Kaggle file, lexicon content
    .venv/bin/python bench/bench_rank.py synthetic --rows 50000
    .venv/bin/python bench/bench_rank.py time --rows 1000000 --method rank

``kaggle`` imports the Kaggle file into a scratch SQLite database, scores the content with the
lexicon provider (as ``docs/fairness.md`` does), runs each method through the scoring service
and prints ``fairness_summary`` (with the outlier re-runs) side by side. ``synthetic`` scores
``synthetic_period`` in memory and computes the same metrics with ``scoring.fairness``.
``time`` scores a synthetic Parquet file to Parquet on DuckDB in this process and prints wall,
CPU (this process, all threads) and peak RSS.
"""

from __future__ import annotations

import argparse
import json
import resource
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from hackoclock.scoring.config import load_config
from hackoclock.scoring.pipeline import components_of, score_frame
from hackoclock.scoring.report import metrics as fairness

KAGGLE = Path("/work/shared/data/tiktok-trending-2020-12.json")
METHODS = ("seed", "fair", "rank")


def _load() -> str:
    return open("/proc/loadavg").read().split()[0]


def kaggle() -> None:
    from hackoclock.content.lexicon import LexiconProvider
    from hackoclock.content.service import analyze
    from hackoclock.db.engine import Database
    from hackoclock.db.migrate import upgrade
    from hackoclock.ingest.service import import_file
    from hackoclock.scoring.report.data import load_run
    from hackoclock.scoring.report.service import fairness_summary
    from hackoclock.scoring.report.summary import compare
    from hackoclock.scoring.service import run_scoring

    with tempfile.TemporaryDirectory(prefix="hk-bench-rank-") as tmp:
        db = Database(f"sqlite:///{Path(tmp) / 'kaggle.db'}")
        upgrade(db)
        import_file(db, KAGGLE)
        analyze(db, LexiconProvider())
        runs = {m: run_scoring(db, method=m) for m in METHODS}
        rows: dict[str, dict[str, Any]] = {}
        for method, run_id in runs.items():
            s = fairness_summary(db, run_id)
            sens = s["outlier_sensitivity"]
            rows[method] = {
                "gini": s["gini"],
                "top1": s["top_1pct_share"],
                "top10": s["top_10pct_share"],
                "spearman_views": s["spearman_views"],
                "spearman_followers": s["spearman_followers"],
                "variance_shares": s["variance_shares"],
                "outlier_max_pct": sens["max_change_pct"],
                "outlier_mean_pct": sens["mean_change_pct"],
                "outlier_max_points": sens.get("max_change_points"),
                "scale": sens["scale"],
                "creators": s["creators"],
                "held": s["held_videos"],
                "median_points": _median_points(db, run_id),
            }
        data = {m: load_run(db, r) for m, r in runs.items()}
        pairs = {}
        for a, b in (("fair", "seed"), ("rank", "seed"), ("rank", "fair")):
            c = compare(data[a], data[b])
            pairs[f"{a}~{b}"] = c.get("spearman_points") or c
        db.dispose()
    print(json.dumps({"methods": rows, "pairs": pairs}, indent=1, default=str))


def _median_points(db: Any, run_id: int) -> float:
    from sqlalchemy import select

    from hackoclock.db.tables_scoring import video_scores

    with db.read() as conn:
        pts = [
            p
            for (p,) in conn.execute(
                select(video_scores.c.points).where(video_scores.c.run_id == run_id)
            )
        ]
    return float(np.median(pts))


def _metrics(frame: pd.DataFrame, components: tuple[str, ...], scale: float) -> dict[str, Any]:
    creators = frame.groupby("creator_id").agg(
        points=("points", "sum"), views=("views", "sum"), followers=("follower_count", "max")
    )
    contrib = frame[[f"contrib_{c}" for c in components]].to_numpy(dtype=np.float64)
    return {
        "gini": fairness.gini(creators["points"]),
        "top1": fairness.top_share(creators["points"], 0.01),
        "top10": fairness.top_share(creators["points"], 0.10),
        "spearman_views": fairness.spearman(creators["points"], creators["views"]).rho,
        "spearman_followers": fairness.spearman(creators["points"], creators["followers"]).rho,
        "variance_shares": dict(
            zip(components, fairness.variance_shares(contrib).round(4), strict=True)
        ),
        "median_points": float(frame["points"].median()),
        "scale": scale,
    }


def synthetic(rows: int) -> None:
    from hackoclock.scoring.synthetic import synthetic_period

    data = synthetic_period(rows, seed=42).to_pandas()
    largest = data.sort_values(["views", "video_id"], ascending=[False, True]).iloc[0]["video_id"]
    out = {}
    for method in METHODS:
        cfg = load_config(method)
        scale = 1400.0  # absolute fair and rank; seed: 7 fields x 200
        started = time.perf_counter()
        frame = score_frame(data, cfg).frame
        seconds = time.perf_counter() - started
        m = _metrics(frame, components_of(method), scale)
        without = score_frame(data[data["video_id"] != largest], cfg).frame
        before = frame.set_index("video_id")["points"].drop(largest)
        after = without.set_index("video_id")["points"].loc[before.index]
        moved = fairness.point_changes(before.to_numpy(), after.to_numpy(), scale)
        m.update(outlier_max_pct=moved.max_pct, outlier_mean_pct=moved.mean_pct, seconds=seconds)
        out[method] = m
    print(json.dumps(out, indent=1, default=float))


def timed(rows: int, method: str, workdir: Path) -> None:
    import pyarrow.parquet as pq

    from hackoclock.scoring.engines import connect
    from hackoclock.scoring.inputs import parquet_table
    from hackoclock.scoring.pipeline import score_to_parquet
    from hackoclock.scoring.synthetic import synthetic_period

    workdir.mkdir(parents=True, exist_ok=True)
    source = workdir / f"rank-bench-{rows}.parquet"
    if not source.exists():
        pq.write_table(synthetic_period(rows, seed=100), source)
    cfg = load_config(method)
    load_before = _load()
    usage0 = resource.getrusage(resource.RUSAGE_SELF)
    started = time.perf_counter()
    con = connect("duckdb", cfg.spark_master)
    score_to_parquet(con, parquet_table(con, source, None, None), cfg, workdir / f"{method}.out")
    wall = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    cpu = usage.ru_utime + usage.ru_stime - usage0.ru_utime - usage0.ru_stime
    print(
        json.dumps(
            {
                "method": method,
                "rows": rows,
                "wall_s": round(wall, 2),
                "cpu_s": round(cpu, 2),
                "peak_rss_mib": round(usage.ru_maxrss / 1024),
                "rows_per_s": round(rows / wall),
                "load_before": load_before,
                "load_after": _load(),
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("part", choices=("kaggle", "synthetic", "time"))
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--method", default="rank", choices=METHODS)
    parser.add_argument("--dir", default="/tmp/hackoclock-bench")
    args = parser.parse_args()
    if args.part == "kaggle":
        kaggle()
    elif args.part == "synthetic":
        synthetic(args.rows)
    else:
        timed(args.rows, args.method, Path(args.dir))


if __name__ == "__main__":
    main()
