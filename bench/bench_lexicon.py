"""Benchmark: lexicon content scores for 100,000 captions (goal: 10,000 captions/s or more).

Captions are built from the real captions in ../shared/data (every file), two real captions
glued per synthetic caption with a seeded RNG, so nearly all 100,000 are distinct and the
provider's cache cannot help. A second figure repeats the real captions as they are (duplicates
hit the cache), and ``--db`` also times ``analyze`` end to end on a SQLite file.

    .venv/bin/python bench/bench_lexicon.py [--n 100000] [--db]
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from hackoclock.content.lexicon import LexiconProvider
from hackoclock.content.model import VideoInput

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
if not DATA.exists():
    DATA = Path("/work/shared/data")


def real_captions() -> list[str]:
    captions = [
        v["text"]
        for v in json.loads((DATA / "tiktok-trending-2020-12.json").read_text("utf-8"))["collector"]
    ]
    for path in sorted((DATA / "santaclara-2021").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            captions += [row.get("video_desc") or "" for row in csv.DictReader(f)]
    items = json.loads((DATA / "tiktokapi-itemlist-2022.json").read_text("utf-8"))
    if isinstance(items, dict):
        captions += [i.get("desc", "") for i in items.get("itemList", [])]
    return captions


def realistic(captions: list[str], n: int, seed: int = 7) -> list[str]:
    """A real caption plus one word from another real caption: real length, nearly all
    distinct (so the cache cannot help)."""
    rng = random.Random(seed)
    words = [w for c in captions for w in c.split()]
    return [f"{rng.choice(captions)} {rng.choice(words)}" for _ in range(n)]


def synthetic(captions: list[str], n: int, seed: int = 7) -> list[str]:
    """Two real captions glued: twice the real length (a harder case)."""
    rng = random.Random(seed)
    return [f"{rng.choice(captions)} {rng.choice(captions)}" for _ in range(n)]


def time_scoring(captions: list[str]) -> tuple[float, float, float]:
    """(wall seconds, captions per wall second, captions per CPU second)."""
    provider = LexiconProvider()  # fresh cache
    videos = [VideoInput(str(i), c) for i, c in enumerate(captions)]
    start, cpu = time.perf_counter(), time.process_time()
    for video in videos:
        provider.score(video)
    elapsed, cpu_elapsed = time.perf_counter() - start, time.process_time() - cpu
    return elapsed, len(captions) / elapsed, len(captions) / cpu_elapsed


def time_analyze(captions: list[str]) -> tuple[float, float]:
    from sqlalchemy import insert

    from hackoclock.content.service import analyze
    from hackoclock.db.engine import Database
    from hackoclock.db.migrate import upgrade
    from hackoclock.db.tables import creators, videos

    with tempfile.TemporaryDirectory() as folder:
        db = Database(f"sqlite:///{folder}/bench.db")
        upgrade(db)
        now = datetime.now(UTC)
        with db.write() as conn:
            conn.execute(
                insert(creators), [{"creator_id": "c", "first_seen_at": now, "updated_at": now}]
            )
            conn.execute(
                insert(videos),
                [
                    {
                        "video_id": f"{i:08d}",
                        "creator_id": "c",
                        "caption": c,
                        "hashtags": [],
                        "observed_at": now,
                        "updated_at": now,
                    }
                    for i, c in enumerate(captions)
                ],
            )
        start = time.perf_counter()
        report = analyze(db, LexiconProvider())
        elapsed = time.perf_counter() - start
        db.dispose()
    assert report.scored == len(captions)
    return elapsed, len(captions) / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--db", action="store_true", help="also time analyze() on SQLite")
    args = parser.parse_args()
    print(f"load average before: {os.getloadavg()[0]:.1f} (2 cores)")

    real = real_captions()
    print(f"real captions: {len(real)}, mean {sum(map(len, real)) / len(real):.0f} chars")
    captions = realistic(real, args.n)
    variants = {
        "real length, distinct": captions,
        "double length, distinct": synthetic(real, args.n),
        "real captions repeated": (real * (args.n // len(real) + 1))[: args.n],
    }
    for name, texts in variants.items():
        elapsed, rate, cpu_rate = time_scoring(texts)
        print(
            f"{name:26s}: {len(texts):,} captions ({len(set(texts)):,} distinct)"
            f"  {elapsed:6.2f} s wall  {rate:9,.0f}/s wall  {cpu_rate:9,.0f}/s CPU"
        )
    if args.db:
        elapsed, rate = time_analyze(captions)
        label = "analyze() on SQLite"
        print(f"{label:26s}: {len(captions):,} videos  {elapsed:6.2f} s  {rate:9,.0f} videos/s")


if __name__ == "__main__":
    main()
