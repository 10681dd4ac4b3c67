"""Benchmark of the fairness report.

1. The pure metrics (Gini, Lorenz, top shares, Spearman, variance shares) on N creators / videos.
2. ``fairness_summary`` + ``write_fairness_report`` (no re-run) on a synthetic run of V videos
   inserted into a SQLite database.
3. Outlier sensitivity (two re-runs through the scoring service) on the Kaggle file, if the
   importer, the lexicon provider and the scoring service are installed.

Usage: .venv/bin/python bench/bench_fairness.py [--metrics-n 10000000] [--videos 100000]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import psutil
from sqlalchemy import insert

from hackoclock.db.engine import Database
from hackoclock.db.migrate import upgrade
from hackoclock.db.tables import creators, videos
from hackoclock.db.tables_scoring import scoring_runs, video_scores
from hackoclock.scoring.report import metrics as fairness
from hackoclock.scoring.report.service import fairness_summary, write_fairness_report

KAGGLE = Path("/work/shared/data/tiktok-trending-2020-12.json")
NOW = datetime(2026, 11, 28, tzinfo=UTC)


def timed(label: str, fn: Callable[[], Any]) -> Any:
    started = time.perf_counter()
    result = fn()
    rss = psutil.Process().memory_info().rss / 2**20
    print(f"{label:<48} {time.perf_counter() - started:8.3f} s   RSS {rss:8.0f} MiB")
    return result


def bench_metrics(n: int) -> None:
    rng = np.random.default_rng(7)
    points = rng.pareto(1.5, n) * 100
    followers = rng.lognormal(8, 2, n)
    contrib = rng.integers(0, 500, size=(n, 3))
    timed(f"gini, {n:,} creators", lambda: fairness.gini(points))
    timed(f"lorenz_curve, {n:,} creators", lambda: fairness.lorenz_curve(points))
    timed(
        f"top_share 1% + 10%, {n:,}", lambda: [fairness.top_share(points, p) for p in (0.01, 0.1)]
    )
    timed(f"spearman, {n:,} pairs", lambda: fairness.spearman(points, followers))
    timed(f"variance_shares, {n:,} videos x 3", lambda: fairness.variance_shares(contrib))


def _synthetic_run(db: Database, n_videos: int) -> int:
    rng = np.random.default_rng(11)
    n_creators = max(n_videos // 5, 1)
    views = rng.lognormal(10, 2, n_videos).astype(np.int64) + 1
    parts = rng.integers(0, 400, size=(n_videos, 3))
    with db.write() as conn:
        conn.execute(
            insert(creators),
            [
                {
                    "creator_id": f"c{i}",
                    "username": f"u{i}",
                    "follower_count": int(i * 37 % 9973),
                    "first_seen_at": NOW,
                    "updated_at": NOW,
                }
                for i in range(n_creators)
            ],
        )
        conn.execute(
            insert(videos),
            [
                {
                    "video_id": f"v{i}",
                    "creator_id": f"c{i % n_creators}",
                    "caption": f"video {i}",
                    "observed_at": NOW,
                    "updated_at": NOW,
                }
                for i in range(n_videos)
            ],
        )
        run_id = conn.execute(
            insert(scoring_runs).returning(scoring_runs.c.id),
            {
                "method": "synthetic",
                "engine": "duckdb",
                "period_start": NOW,
                "period_end": NOW,
                "config_toml": "[points]\nscale = 1400\n",
                "config_hash": "0" * 64,
                "status": "finished",
                "created_at": NOW,
            },
        ).scalar_one()
        rows = [
            {
                "run_id": run_id,
                "video_id": f"v{i}",
                "creator_id": f"c{i % n_creators}",
                "views": int(views[i]),
                "score": 0.5,
                "points": int(parts[i].sum()),
                "components": {},
                "eligible": True,
                "held": False,
                "contributions": {
                    "reach": int(parts[i, 0]),
                    "quality": int(parts[i, 1]),
                    "content": int(parts[i, 2]),
                },
            }
            for i in range(n_videos)
        ]
        for start in range(0, n_videos, 5000):
            conn.execute(insert(video_scores), rows[start : start + 5000])
    return int(run_id)


def bench_report(n_videos: int, tmp: Path) -> None:
    db = Database(f"sqlite:///{tmp / 'bench.db'}")
    upgrade(db)
    run_id = timed(
        f"insert synthetic run, {n_videos:,} videos", lambda: _synthetic_run(db, n_videos)
    )
    timed(
        f"fairness_summary (no re-run), {n_videos:,}",
        lambda: fairness_summary(db, run_id, sensitivity=False),
    )
    timed(
        f"write_fairness_report (no re-run), {n_videos:,}",
        lambda: write_fairness_report(db, run_id, tmp / "report", sensitivity=False),
    )
    db.dispose()


def bench_sensitivity(tmp: Path) -> None:
    try:
        from hackoclock.content.lexicon import LexiconProvider
        from hackoclock.content.service import analyze
        from hackoclock.ingest.service import import_file
        from hackoclock.scoring.service import run_scoring
    except ImportError as exc:
        print(f"outlier sensitivity skipped: {exc}")
        return
    db = Database(f"sqlite:///{tmp / 'kaggle.db'}")
    upgrade(db)
    import_file(db, KAGGLE)
    analyze(db, LexiconProvider())
    for method in ("fair", "seed"):
        run_id = run_scoring(db, method=method)
        summary = timed(
            f"fairness_summary with re-run, Kaggle, {method}",
            lambda r=run_id: fairness_summary(db, r),
        )
        s = summary["outlier_sensitivity"]
        print(
            f"    max change {s['max_change_pct']:.3f}% mean {s['mean_change_pct']:.3f}% "
            f"of {s['scale']:.0f}; gini {summary['gini']:.3f}"
        )
    db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--metrics-n", type=int, default=10_000_000)
    parser.add_argument("--videos", type=int, default=100_000)
    parser.add_argument("--skip-sensitivity", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="hk-bench-fairness-") as tmp:
        bench_metrics(args.metrics_n)
        bench_report(args.videos, Path(tmp))
        if not args.skip_sensitivity:
            bench_sensitivity(Path(tmp))
    peak = psutil.Process().memory_info()
    print(f"final RSS {peak.rss / 2**20:.0f} MiB")


if __name__ == "__main__":
    main()
