"""Content scores on every shared file: unknowns, stuffing resistance, speed (issue 17).

    .venv/bin/python bench/bench_content.py quality   # per file: unknown counts, 0.5 counts,
                                                       # change when praise is appended
    .venv/bin/python bench/bench_content.py speed [--n 100000]
    .venv/bin/python bench/bench_content.py fair      # Kaggle: variance share of content in
                                                       # fair points, points change when stuffed

Run it with the code to measure on PYTHONPATH (``bench/`` imports ``hackoclock`` only), so the
same script measures the code before and after a change.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import time
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from hackoclock.content.lexicon import LexiconProvider
from hackoclock.content.model import VideoInput

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
if not DATA.exists():
    DATA = Path("/work/shared/data")
STUFFING = "love amazing best happy 😍"


def shared_captions() -> dict[str, list[dict[str, Any]]]:
    """Per shared file, its videos (latest line per id for the history file)."""
    out: dict[str, list[dict[str, Any]]] = {}
    kaggle = json.loads((DATA / "tiktok-trending-2020-12.json").read_text("utf-8"))
    out["tiktok-trending-2020-12.json"] = [
        {"video_id": i["id"], "caption": i["text"], "raw": i} for i in kaggle["collector"]
    ]
    items = json.loads((DATA / "tiktokapi-itemlist-2022.json").read_text("utf-8"))["itemList"]
    out["tiktokapi-itemlist-2022.json"] = [
        {"video_id": i["id"], "caption": i["desc"]} for i in items
    ]
    latest: dict[str, str] = {}
    for line in (DATA / "tiktokapi-trending-2024-2026.jsonl").read_text("utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            latest[row["video_id"]] = row.get("desc") or ""
    out["tiktokapi-trending-2024-2026.jsonl"] = [
        {"video_id": k, "caption": v} for k, v in latest.items()
    ]
    for path in sorted((DATA / "santaclara-2021").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            out[f"santaclara-2021/{path.name}"] = [
                {"video_id": r["video_id"], "caption": r.get("video_desc") or ""}
                for r in csv.DictReader(f)
            ]
    return out


def _score(provider: LexiconProvider, caption: str) -> tuple[float | None, str | None]:
    result = provider.score(VideoInput("x", caption))
    return result.score, getattr(result, "unknown_reason", None)


def quality() -> None:
    provider = LexiconProvider()
    rows = {}
    for name, videos in shared_captions().items():
        reasons: Counter[str] = Counter()
        half = 0
        deltas: list[float] = []
        flips = 0
        for v in videos:
            before, reason = _score(provider, v["caption"])
            after, _ = _score(provider, f"{v['caption']} {STUFFING}")
            if before is None:
                reasons[reason or "?"] += 1
            elif before == 0.5:
                half += 1
            if (before is None) != (after is None):
                flips += 1
            elif before is not None and after is not None:
                deltas.append(after - before)
        d = np.abs(np.array(deltas)) if deltas else np.zeros(1)
        rows[name] = {
            "videos": len(videos),
            "unknown": dict(reasons),
            "unknown_total": sum(reasons.values()),
            "exactly_0.5": half,
            "stuffing_known_both": len(deltas),
            "stuffing_median_abs_change": round(float(np.median(d)), 4),
            "stuffing_p90_abs_change": round(float(np.quantile(d, 0.9)), 4),
            "stuffing_max_abs_change": round(float(d.max()), 4),
            "stuffing_known_unknown_flips": flips,
        }
    example = _score(provider, "Deze tips helpen echt😱😱")
    print(json.dumps({"files": rows, "Deze tips helpen echt😱😱": example}, indent=1))


def speed(n: int) -> None:
    captions = [v["caption"] for vs in shared_captions().values() for v in vs]
    rng = random.Random(7)
    words = [w for c in captions for w in c.split()]
    variants = {
        "real length, distinct": [f"{rng.choice(captions)} {rng.choice(words)}" for _ in range(n)],
        "real captions repeated": (captions * (n // len(captions) + 1))[:n],
    }
    print(f"load average before: {os.getloadavg()[0]:.1f} (2 cores)")
    for label, texts in variants.items():
        provider = LexiconProvider()
        videos = [VideoInput(str(i), c) for i, c in enumerate(texts)]
        start, cpu = time.perf_counter(), time.process_time()
        for video in videos:
            provider.score(video)
        wall, cpu_s = time.perf_counter() - start, time.process_time() - cpu
        print(
            f"{label:24s} {len(texts):,} captions ({len(set(texts)):,} distinct):"
            f" {len(texts) / wall:9,.0f}/s wall {len(texts) / cpu_s:9,.0f}/s CPU"
        )
    print(f"load average after: {os.getloadavg()[0]:.1f}")


def fair() -> None:
    import pandas as pd

    from hackoclock.scoring.config import load_config
    from hackoclock.scoring.pipeline import components_of, score_frame
    from hackoclock.scoring.report import metrics as fairness

    provider = LexiconProvider()
    items = [v["raw"] for v in shared_captions()["tiktok-trending-2020-12.json"]]
    base = pd.DataFrame(
        {
            "video_id": [i["id"] for i in items],
            "creator_id": [i["authorMeta"]["id"] for i in items],
            "views": [i["playCount"] for i in items],
            "likes": [i["diggCount"] for i in items],
            "shares": [i["shareCount"] for i in items],
            "comments": [i["commentCount"] for i in items],
            "caption": [i["text"] for i in items],
        }
    )
    cfg = load_config("fair")
    frames = {}
    for label, suffix in (("as posted", ""), ("stuffed", f" {STUFFING}")):
        data = base.assign(
            sentiment=[_score(provider, c + suffix)[0] for c in base["caption"]]
        ).astype({"sentiment": "Float64"})
        frames[label] = score_frame(data, cfg).frame.set_index("video_id")
    posted, stuffed = frames["as posted"], frames["stuffed"]
    comps = components_of("fair")
    contrib = posted[[f"contrib_{c}" for c in comps]].to_numpy(dtype=np.float64)
    shares = dict(
        zip(comps, fairness.variance_shares(np.nan_to_num(contrib)).round(4), strict=True)
    )
    gain = (stuffed["points"] - posted["points"]) / posted["points"].where(posted["points"] > 0)
    print(
        json.dumps(
            {
                "variance_shares": {k: float(v) for k, v in shares.items()},
                "content_missing": int(posted["comp_content"].isna().sum()),
                "stuffing_points_change_median_pct": round(float(gain.median() * 100), 2),
                "stuffing_points_change_max_pct": round(float(gain.max() * 100), 2),
            },
            indent=1,
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("part", choices=("quality", "speed", "fair"))
    parser.add_argument("--n", type=int, default=100_000)
    args = parser.parse_args()
    {"quality": quality, "speed": lambda: speed(args.n), "fair": fair}[args.part]()


if __name__ == "__main__":
    main()
