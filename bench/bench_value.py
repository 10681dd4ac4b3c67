"""Benchmark: the default method ``value`` against ``fair`` on the same video-periods (issue 14).

    .venv/bin/python bench/bench_value.py [--rows 10000000] [--rounds 2]

The Parquet file of synthetic periods is made as in ``bench_scoring.py`` (not timed). Each
method scores it from Parquet to Parquet on DuckDB in a child process of its own (so each peak
RSS and CPU time is its own), alternating ``fair`` and ``value`` for ``--rounds`` rounds so both
see the same machine load; the figure is the ratio value / fair of the best wall time and of
the best CPU time. Goal: value within 1.5x of fair.
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

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_scoring import generate

METHODS = ("fair", "value")


def child(method: str, source: Path) -> None:
    from hackoclock.scoring.service import score_to_file

    started = time.perf_counter()
    score_to_file(None, source.with_suffix(f".{method}-out.parquet"), source=source, method=method)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(
        json.dumps(
            {
                "seconds": time.perf_counter() - started,
                "cpu_seconds": usage.ru_utime + usage.ru_stime,
                "peak_rss_mib": usage.ru_maxrss / 1024,
            }
        )
    )


def phase(method: str, source: Path) -> dict[str, float]:
    cmd = [sys.executable, __file__, "--phase", method, "--source", str(source)]
    done = subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=3600)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--dir", default="/tmp/hackoclock-bench")
    parser.add_argument("--phase", choices=METHODS)
    parser.add_argument("--source")
    args = parser.parse_args()
    if args.phase:
        child(args.phase, Path(args.source))
        return
    folder = Path(args.dir)
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / f"periods-{args.rows}.parquet"
    if not source.exists():
        generate(source, args.rows)
    load_before = os.getloadavg()[0]
    runs: dict[str, list[dict[str, float]]] = {m: [] for m in METHODS}
    for _ in range(args.rounds):
        for method in METHODS:
            runs[method].append(phase(method, source))
    best = {m: {k: min(r[k] for r in runs[m]) for k in runs[m][0]} for m in METHODS}
    print(
        json.dumps(
            {
                "rows": args.rows,
                "load_average_1min_before_after": [load_before, os.getloadavg()[0]],
                "runs": runs,
                "best": best,
                "ratio_wall": best["value"]["seconds"] / best["fair"]["seconds"],
                "ratio_cpu": best["value"]["cpu_seconds"] / best["fair"]["cpu_seconds"],
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
