"""Benchmark the synthetic sample generator: records per second and peak memory.

Usage: .venv/bin/python bench/bench_sample.py [--videos N] [--generate-videos N] [--case C]

Cases (each in its own process, so the peak RSS is its own): ``jsonl`` writes N videos as a
JSONL history with one snapshot, ``scraper`` as a tiktok-scraper export (both with N/10
creators), ``generate`` streams ``generate`` over --generate-videos videos without writing.
Prints one line per case: wall and CPU seconds, records per wall second and per CPU second,
output size, peak RSS.
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from hackoclock.sample.generate import generate, write_jsonl_history, write_scraper_json

CASES = ("jsonl", "scraper", "generate")


def run_case(case: str, videos: int, generate_videos: int, out: Path | None) -> None:
    n = generate_videos if case == "generate" else videos
    wall, cpu = time.perf_counter(), time.process_time()
    with tempfile.TemporaryDirectory(dir=out) as tmp:
        if case == "jsonl":
            size = write_jsonl_history(Path(tmp) / "s.jsonl", n // 10, n, 1, snapshots=1).bytes
        elif case == "scraper":
            size = write_scraper_json(Path(tmp) / "s.json", n // 10, n, 1).bytes
        else:
            size = sum(batch.nbytes for batch in generate(n // 10, n, 1))
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{case:<9} {n:>11,} videos  wall {wall:6.1f} s ({n / wall:>9,.0f}/s)  "
        f"cpu {cpu:6.1f} s ({n / cpu:>9,.0f}/s)  {size / 1e6:8.1f} MB  peak RSS {rss:6.0f} MB",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--videos", type=int, default=1_000_000)
    parser.add_argument("--generate-videos", type=int, default=10_000_000)
    parser.add_argument("--case", choices=(*CASES, "all"), default="all")
    parser.add_argument("--out", type=Path, default=None, help="folder for the temporary files")
    args = parser.parse_args()
    if args.case != "all":
        run_case(args.case, args.videos, args.generate_videos, args.out)
        return
    for case in CASES:
        command = [sys.executable, __file__, "--case", case, "--videos", str(args.videos)]
        command += ["--generate-videos", str(args.generate_videos)]
        if args.out:
            command += ["--out", str(args.out)]
        subprocess.run(command, check=True)


if __name__ == "__main__":
    main()
