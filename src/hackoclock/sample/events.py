"""Synthetic viewer events with planted fraud, and the manifest of what was planted.

Honest traffic: viewers and videos both heavy-tailed (Zipf-like weights), times spread over the
window with a daily cycle, watch time a mix of quick swipes (exponential, mean 2 s) and real
watches (Beta(2, 2) of the video's length, some loops), likes/comments/shares on a few percent of
views, 2% of views from paid promotion. Planted:

- **view farms**: many new accounts each watching the same target videos within a two-minute
  window per target, just past the minimum watch (5-8 s), in lockstep;
- **engagement pods**: creators viewing and liking each other's videos within minutes;
- **bought likes**: a pool of accounts liking customers' videos in bursts, without views;
- **honest viral bursts** (must NOT be flagged): thousands of ordinary viewers watching one
  video within an hour, each once.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from hackoclock.errors import InvalidInput

START = datetime(2026, 1, 5, tzinfo=UTC)
KINDS = np.array(["view", "like", "comment", "share", "follow"])


@dataclass(frozen=True, slots=True)
class EventSpec:
    """How much to generate and what to plant."""

    events: int = 200_000
    viewers: int = 20_000
    videos: int = 2_000
    creators: int = 300
    days: int = 7
    seed: int = 2026
    farms: int = 3
    farm_accounts: int = 60
    farm_targets: int = 5
    pods: int = 2
    pod_size: int = 15
    like_sellers: int = 1
    like_accounts: int = 40
    like_targets: int = 6
    bursts: int = 3
    burst_viewers: int = 1_500


def _check(spec: EventSpec) -> None:
    for name in ("events", "viewers", "videos", "creators", "days"):
        if getattr(spec, name) < 1:
            raise InvalidInput(f"{name} must be at least 1")
    if spec.videos < spec.creators:
        raise InvalidInput("videos must be at least creators (every creator posts one)")
    if spec.burst_viewers > spec.viewers:
        raise InvalidInput("burst_viewers must not exceed viewers")


def _zipf_weights(n: int, a: float, rng: np.random.Generator) -> np.ndarray:
    w = 1.0 / np.arange(1, n + 1) ** a
    rng.shuffle(w)
    return w / w.sum()


class _Out:
    def __init__(self) -> None:
        self.parts: list[dict[str, np.ndarray]] = []

    def add(
        self,
        viewer: np.ndarray,
        video: np.ndarray,
        secs: np.ndarray,
        watch: np.ndarray,
        length: np.ndarray,
        source: np.ndarray,
        kind: np.ndarray,
    ) -> None:
        self.parts.append(
            dict(
                viewer_id=viewer,
                video_id=video,
                secs=secs,
                watch_seconds=watch,
                video_seconds=length,
                source=source,
                kind=kind,
            )
        )

    def table(self) -> pa.Table:
        cols = {k: np.concatenate([p[k] for p in self.parts]) for k in self.parts[0]}
        order = np.argsort(cols["secs"], kind="stable")
        t0 = int(START.timestamp() * 1_000_000)
        micros = t0 + (cols.pop("secs")[order] * 1_000_000).astype("int64")
        data: dict[str, Any] = {
            "viewer_id": pa.array(cols["viewer_id"][order].astype(str)),
            "video_id": pa.array(cols["video_id"][order].astype(str)),
            "time": pa.array(micros, pa.timestamp("us", tz="UTC")),
            "watch_seconds": pa.array(np.round(cols["watch_seconds"][order], 2)),
            "video_seconds": pa.array(cols["video_seconds"][order]),
            "source": pa.array(cols["source"][order].astype(str)),
            "kind": pa.array(cols["kind"][order].astype(str)),
        }
        return pa.table(data)


def generate(spec: EventSpec) -> tuple[pa.Table, dict[str, Any], pa.Table]:
    """(events, manifest, videos: video_id, creator_id, video_seconds)."""
    _check(spec)
    rng = np.random.default_rng(spec.seed)
    span = spec.days * 86_400.0
    vid = np.array([f"v{i:07d}" for i in range(spec.videos)])
    creator = np.concatenate(
        [np.arange(spec.creators), rng.integers(0, spec.creators, spec.videos - spec.creators)]
    )
    cid = np.array([f"c{c:05d}" for c in creator])
    length = np.clip(np.round(rng.lognormal(3.0, 0.6, spec.videos)), 6, 600)
    viewers = np.array([f"u{i:08d}" for i in range(spec.viewers)])
    out = _Out()
    manifest: dict[str, Any] = {"spec": asdict(spec), "attacks": [], "bursts": []}

    def views(
        who: np.ndarray,
        which: np.ndarray,
        secs: np.ndarray,
        watch: np.ndarray,
        source: str = "foryou",
    ) -> None:
        out.add(
            who,
            vid[which],
            secs,
            watch,
            length[which],
            np.full(len(who), source),
            np.full(len(who), "view"),
        )

    # honest traffic
    n = spec.events
    who = rng.choice(spec.viewers, n, p=_zipf_weights(spec.viewers, 0.8, rng))
    which = rng.choice(spec.videos, n, p=_zipf_weights(spec.videos, 1.0, rng))
    day = rng.integers(0, spec.days, n) * 86_400.0
    hour = (rng.normal(20, 4, n) % 24) * 3600.0
    secs = np.clip(day + hour + rng.uniform(0, 3600, n), 0, span - 1)
    swipe = rng.random(n) < 0.3
    watch = np.where(
        swipe,
        rng.exponential(2.0, n),
        length[which] * rng.beta(2, 2, n) * rng.choice([1, 1, 1, 2], n),
    )
    source = np.where(
        rng.random(n) < 0.02,
        "paid",
        rng.choice(["foryou", "following", "search"], n, p=[0.8, 0.15, 0.05]),
    )
    views(viewers[who], which, secs, watch, "foryou")
    out.parts[-1]["source"] = source
    engaged = (~swipe) & (rng.random(n) < 0.08)
    k = rng.choice(KINDS[1:], engaged.sum(), p=[0.7, 0.15, 0.1, 0.05])
    m = int(engaged.sum())
    out.add(
        viewers[who[engaged]],
        vid[which[engaged]],
        secs[engaged] + watch[engaged],
        np.full(m, np.nan),
        length[which[engaged]],
        np.full(m, "foryou"),
        k,
    )

    # honest viral bursts: many ordinary viewers, one video, one hour
    for _b in range(spec.bursts):
        target = int(rng.integers(0, spec.videos))
        crowd = rng.choice(spec.viewers, spec.burst_viewers, replace=False)
        t0 = rng.uniform(0, span - 3600)
        views(
            viewers[crowd],
            np.full(len(crowd), target),
            t0 + rng.exponential(900, len(crowd)) % 3600,
            length[target] * rng.beta(2, 2, len(crowd)),
        )
        manifest["bursts"].append(
            {"video_id": str(vid[target]), "viewers": [str(v) for v in viewers[crowd]]}
        )

    def lockstep(
        name: str,
        accounts: np.ndarray,
        targets: np.ndarray,
        kind: str,
        spread: float,
        watch_lo: float,
    ) -> None:
        for t in targets:
            t0 = rng.uniform(0, span - 600)
            a = len(accounts)
            secs_ = t0 + rng.uniform(0, spread, a)
            if kind == "view" or kind == "pod":
                views(accounts, np.full(a, t), secs_, rng.uniform(watch_lo, watch_lo + 3, a))
            if kind in ("like", "pod"):
                out.add(
                    accounts,
                    np.full(a, vid[t]),
                    secs_ + rng.uniform(1, 30, a),
                    np.full(a, np.nan),
                    np.full(a, length[t]),
                    np.full(a, "foryou"),
                    np.full(a, "like"),
                )
        manifest["attacks"].append(
            {
                "kind": name,
                "viewers": [str(x) for x in accounts],
                "videos": [str(vid[t]) for t in targets],
                "creators": sorted({str(cid[t]) for t in targets}),
            }
        )

    for f in range(spec.farms):
        accounts = np.array([f"farm{f}-{i:04d}" for i in range(spec.farm_accounts)])
        lockstep(
            "view_farm",
            accounts,
            rng.choice(spec.videos, spec.farm_targets, replace=False),
            "view",
            120,
            5.0,
        )
    for p in range(spec.pods):
        members = rng.choice(spec.creators, spec.pod_size, replace=False)
        own = np.array([int(np.flatnonzero(creator == c)[0]) for c in members])
        accounts = np.array([f"pod{p}-c{c:05d}" for c in members])
        lockstep("engagement_pod", accounts, own[: min(10, len(own))], "pod", 600, 8.0)
    for s in range(spec.like_sellers):
        accounts = np.array([f"likes{s}-{i:04d}" for i in range(spec.like_accounts)])
        lockstep(
            "bought_likes",
            accounts,
            rng.choice(spec.videos, spec.like_targets, replace=False),
            "like",
            300,
            0.0,
        )
    videos = pa.table({"video_id": vid, "creator_id": cid, "video_seconds": length})
    return out.table(), manifest, videos


def write_events(path: Path, spec: EventSpec) -> tuple[int, Path, Path]:
    """Write events (.parquet, .csv or .jsonl by suffix), ``<path>.manifest.json`` and
    ``<path>.videos.csv``; returns (rows, manifest path, videos path)."""
    table, manifest, videos = generate(spec)
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        pq.write_table(table, path, compression="zstd")
    elif suffix == ".csv":
        import pyarrow.csv as pcsv

        pcsv.write_csv(table, path)
    elif suffix in (".jsonl", ".ndjson"):
        with path.open("w", encoding="utf-8") as fh:
            for row in table.to_pylist():
                row["time"] = row["time"].isoformat()
                fh.write(json.dumps(row) + "\n")
    else:
        raise InvalidInput(f"{path}: write events as .parquet, .csv or .jsonl")
    mpath = path.with_name(path.name + ".manifest.json")
    mpath.write_text(json.dumps(manifest), encoding="utf-8")
    vpath = path.with_name(path.name + ".videos.csv")
    import pyarrow.csv as pcsv

    pcsv.write_csv(videos, vpath)
    return table.num_rows, mpath, vpath
