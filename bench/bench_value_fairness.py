"""Figures of issue 14 on every shared data file: `fair` (per upload) against `value`.

    .venv/bin/python bench/bench_value_fairness.py [--shared ../shared/data] [--out FILE.json]

Each file is imported with the real importer into a scratch SQLite database, given the fixed
hash content scores the tests use, and scored as one period with each method. Per method:
Spearman of creator points with views delivered and with upload count; the share of videos
held and of videos flagged `views_without_engagement` and `engagement_outlier`; how many "top
N%" sentences are false against the exact rank of views; what a ten-part split of the typical
video and twenty copies of it gain (held points left out). Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd
from scipy.stats import spearmanr

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "integration" / "scoring"))

from scoring_fixtures import load_shared  # noqa: E402  (the tests' own loader)

from hackoclock.bootstrap import open_database  # noqa: E402
from hackoclock.db.migrate import upgrade  # noqa: E402
from hackoclock.scoring import queries  # noqa: E402
from hackoclock.scoring.config import config_from_text  # noqa: E402
from hackoclock.scoring.report.strategies import run_frame, strategy_gains  # noqa: E402
from hackoclock.scoring.service import get_run, run_scoring  # noqa: E402
from hackoclock.settings import Settings  # noqa: E402

FILES = (
    "tiktok-trending-2020-12.json",
    "tiktokapi-itemlist-2022.json",
    "tiktokapi-trending-2024-2026.jsonl",
    "santaclara-2021",
)
TOP = re.compile(r"in the top (\d+)%")


def _false_top_sentences(db: Any, run_id: int, frame: pd.DataFrame) -> tuple[int, int]:
    """(false, all) "top N%" sentences about views, against the exact share of videos with
    more views (paid views for value)."""
    rows = queries.run_videos(db, run_id, limit=100_000)
    column = "paid_views" if rows and rows[0].get("paid_views") is not None else "views"
    counts = pd.Series([r.get(column) or 0 for r in rows], dtype="float64")
    false = total = 0
    for r in rows:
        for sentence in r["explanation"]:
            found = TOP.search(sentence)
            if found and "views" in sentence:
                total += 1
                above = float((counts > float(r.get(column) or 0)).mean())
                false += above * 100 > int(found.group(1))
    return false, total


def _share(flags: pd.Series, name: str) -> float:
    return float(flags.apply(lambda f: name in f).mean())


def measure(db: Any, method: str) -> dict[str, Any]:
    run_id = run_scoring(db, method=method)
    frame = run_frame(db, run_id)
    rows = pd.DataFrame(queries.run_videos(db, run_id, limit=100_000))
    per = rows.groupby("creator_id").agg(
        points=("points", "sum"), views=("views", "sum"), uploads=("video_id", "count")
    )
    flags = rows["flags"].apply(lambda fs: set(fs or []))
    false, total = _false_top_sentences(db, run_id, frame)
    run = get_run(db, run_id)
    gains = {
        g["strategy"]: g["gain"]
        for g in strategy_gains(frame, config_from_text(method, run["config_toml"]))
        if g["strategy"] in ("split_video", "copies")
    }
    return {
        "run": run_id,
        "videos": len(rows),
        "creators": len(per),
        "spearman_views": float(spearmanr(per["points"], per["views"]).statistic)
        if len(per) > 2
        else None,
        "spearman_uploads": float(spearmanr(per["points"], per["uploads"]).statistic)
        if len(per) > 2 and per["uploads"].nunique() > 1
        else None,
        "held_share": float(rows["held"].mean()),
        "views_without_engagement_share": float(
            flags.apply(lambda f: "views_without_engagement" in f).mean()
        ),
        "engagement_outlier_share": float(flags.apply(lambda f: "engagement_outlier" in f).mean()),
        "false_top_sentences": false,
        "top_sentences": total,
        "gain_split_in_ten": gains.get("split_video"),
        "gain_twenty_copies": gains.get("copies"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--shared", default=str(ROOT.parent / "shared" / "data"))
    parser.add_argument("--out")
    args = parser.parse_args()
    report: dict[str, Any] = {}
    for name in FILES:
        with tempfile.TemporaryDirectory() as tmp:
            db = open_database(Settings(database_url=f"sqlite:///{tmp}/bench.db"))
            upgrade(db)
            path = Path(args.shared) / name
            for f in sorted(path.glob("*.csv")) if path.is_dir() else [path]:
                load_shared(db, f)
            report[name] = {m: measure(db, m) for m in ("fair", "value")}
            db.dispose()
    text = json.dumps(report, indent=2)
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
