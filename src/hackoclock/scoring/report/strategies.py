"""Strategy-proofness of a run, measured on its own data: what each way of gaming it would gain.

The run's period table is rebuilt from what the run stored (per-video counts, the views already
paid, the content score, the caption) and scored again with the run's own configuration, once
as it was and once per strategy:

- ``split_video``: one typical successful video (the most viewed at or under the period's 90th
  percentile) re-posted as ten parts, each with a tenth of its counts;
- ``split_account``: the creator with the most videos spreads them over ten accounts;
- ``recut_periods``: the period scored as four quarters (counts growing evenly, each quarter
  against the views paid by the quarters before it), all points added up;
- ``copies``: that typical video's counts spread over twenty copies with the same caption;
- ``pod``: ten videos of the creator with the most videos get five times their likes and
  comments (an engagement pod).

Each gain is the change in the points the strategist is paid, held points not counted (they wait
for review) and, beside it, with held points counted. Then, per creator, whether the run pays
more or less than splitting the same total pro rata to views (paid views where the method pays
views) and than ``seed`` scaled to the same total.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
from sqlalchemy import select

from hackoclock.db.engine import Database
from hackoclock.db.tables import creators, videos
from hackoclock.db.tables_scoring import video_scores
from hackoclock.scoring.config import ScoringConfig, config_from_text, load_config
from hackoclock.scoring.pipeline import score_frame
from hackoclock.scoring.report.data import RunInfo

COUNTS = ("views", "likes", "shares", "bookmarks", "comments")
TOLERANCE = 0.01  # better or worse off: more than 1% away from the comparison


def run_frame(db: Database, run_id: int) -> pd.DataFrame:
    """The run's period table as the run saw it (current content scores and captions)."""
    vs = video_scores.c
    query = (
        select(
            vs.video_id,
            vs.creator_id,
            *(vs[c] for c in COUNTS),
            vs.views_total,
            vs.views_paid_before,
            creators.c.follower_count,
            videos.c.sentiment,
            videos.c.caption,
        )
        .join(videos, videos.c.video_id == vs.video_id)
        .join(creators, creators.c.creator_id == vs.creator_id)
        .where(vs.run_id == run_id)
        .order_by(vs.video_id)
    )
    with db.read() as conn:
        rows = conn.execute(query).all()
    frame = pd.DataFrame([tuple(r) for r in rows], columns=list(query.selected_columns.keys()))
    ints = (*COUNTS, "views_total", "views_paid_before", "follower_count")
    return frame.astype({c: "Int64" for c in ints} | {"sentiment": "Float64"})


def _paid(scored: pd.DataFrame, who: Callable[[pd.DataFrame], pd.Series]) -> tuple[int, int]:
    mine = scored[who(scored)]
    return int(mine.loc[~mine["held"], "points"].sum()), int(mine["points"].sum())


def _gain(
    strategy: str,
    description: str,
    base: pd.DataFrame,
    gamed: pd.DataFrame,
    who: Callable[[pd.DataFrame], pd.Series],
    cfg: ScoringConfig,
) -> dict[str, Any]:
    before, before_all = _paid(score_frame(base, cfg).frame, who)
    after, after_all = _paid(score_frame(gamed, cfg).frame, who)
    return {
        "strategy": strategy,
        "description": description,
        "points_before": before,
        "points_after": after,
        "gain": (after - before) / before if before else None,
        "gain_counting_held": (after_all - before_all) / before_all if before_all else None,
    }


def _typical(frame: pd.DataFrame) -> pd.Series:
    cap = frame["views"].quantile(0.9)
    pool = frame[frame["views"] <= cap].sort_values(["views", "video_id"])
    return pool.iloc[-1]


def _repost(frame: pd.DataFrame, row: pd.Series, parts: int, caption: str | None) -> pd.DataFrame:
    pieces = []
    for i in range(parts):
        piece = row.copy()
        piece["video_id"] = f"{row['video_id']}~{i}"
        piece["caption"] = caption if caption is not None else f"part {i + 1}: {row['caption']}"
        for c in COUNTS:
            piece[c] = None if pd.isna(row[c]) else int(row[c]) // parts
        before = 0 if pd.isna(row["views_paid_before"]) else int(row["views_paid_before"])
        piece["views_paid_before"] = before // parts
        piece["views_total"] = piece["views_paid_before"] + int(piece["views"] or 0)
        pieces.append(piece)
    rest = frame[frame["video_id"] != row["video_id"]]
    return _typed(pd.concat([rest, pd.DataFrame(pieces)], ignore_index=True), frame)


def _typed(frame: pd.DataFrame, like: pd.DataFrame) -> pd.DataFrame:
    return frame.astype(like.dtypes.to_dict())


def _busiest(frame: pd.DataFrame) -> str:
    counts = frame.groupby("creator_id")["video_id"].count().sort_index()
    return str(counts.idxmax())


def _recut(frame: pd.DataFrame, cfg: ScoringConfig, quarters: int = 4) -> dict[str, Any]:
    whole = score_frame(frame, cfg).frame
    marks = frame["views_paid_before"].fillna(0).astype("int64").to_numpy()
    total = 0
    for q in range(1, quarters + 1):
        part = frame.copy()
        for c in COUNTS:
            full = frame[c].fillna(0).astype("int64")
            part[c] = ((full * q) // quarters - (full * (q - 1)) // quarters).astype("Int64")
        start = frame["views_paid_before"].fillna(0).astype("int64")
        part["views_total"] = start + (frame["views"].fillna(0).astype("int64") * q) // quarters
        part["views_paid_before"] = marks
        scored = score_frame(_typed(part, frame), cfg).frame.set_index("video_id")
        scored = scored.loc[part["video_id"]]
        total += int(scored.loc[~scored["held"], "points"].sum())
        paid = scored["eligible"].to_numpy()
        marks = np.where(paid, part["views_total"].fillna(0).to_numpy(dtype="int64"), marks)
    once = int(whole.loc[~whole["held"], "points"].sum())
    return {
        "strategy": "recut_periods",
        "description": f"the period scored as {quarters} shorter periods, all points added up",
        "points_before": once,
        "points_after": total,
        "gain": (total - once) / once if once else None,
        "gain_counting_held": None,
    }


def strategy_gains(frame: pd.DataFrame, cfg: ScoringConfig) -> list[dict[str, Any]]:
    """What each strategy gains on this period table (see the module docstring)."""
    if frame.empty:
        return []
    typical = _typical(frame)
    owner = str(typical["creator_id"])
    busiest = _busiest(frame)

    def of_owner(f: pd.DataFrame) -> pd.Series:
        return f["creator_id"] == owner

    def of_busiest(f: pd.DataFrame) -> pd.Series:
        return f["creator_id"].str.startswith(busiest)

    spread = frame.copy()
    mine = spread["creator_id"] == busiest
    spread.loc[mine, "creator_id"] = [f"{busiest}~{i % 10}" for i in range(int(mine.sum()))]
    pod = frame.copy()
    ten = pod.index[pod["creator_id"] == busiest][:10]
    for c in ("likes", "comments"):
        pod.loc[ten, c] = pod.loc[ten, c] * 5
    copies = _repost(frame, typical, 20, caption=str(typical["caption"] or ""))
    return [
        _gain(
            "split_video",
            "one video as ten parts",
            frame,
            _repost(frame, typical, 10, None),
            of_owner,
            cfg,
        ),
        _gain(
            "split_account",
            "one creator's videos over ten accounts",
            frame,
            spread,
            of_busiest,
            cfg,
        ),
        _recut(frame, cfg),
        _gain(
            "copies",
            "one video's views over twenty same-caption copies",
            frame,
            copies,
            of_owner,
            cfg,
        ),
        _gain(
            "pod",
            "x5 likes and comments on ten of one creator's videos",
            frame,
            pod,
            of_busiest,
            cfg,
        ),
    ]


def better_or_worse(frame: pd.DataFrame, scored: pd.DataFrame, pays_views: bool) -> dict[str, Any]:
    """Shares of creators paid more or less (by over 1%) than pro rata to views and than
    ``seed`` scaled to the run's total."""
    by = scored.groupby("creator_id")
    points = by["points"].sum().astype("float64")
    weight = by["paid_views" if pays_views else "views"].sum().astype("float64")
    total = float(points.sum())
    out: dict[str, Any] = {"creators": len(points)}
    if total <= 0 or weight.sum() <= 0:
        return out | {"pro_rata_views": None, "seed": None}
    out["pro_rata_views"] = _compare(points, total * weight / weight.sum())
    seed = score_frame(frame, load_config("seed")).frame.groupby("creator_id")["points"].sum()
    seed = seed.reindex(points.index).fillna(0).astype("float64")
    out["seed"] = _compare(points, total * seed / seed.sum()) if seed.sum() > 0 else None
    return out


def _compare(points: pd.Series, reference: pd.Series) -> dict[str, float]:
    better = points > reference * (1 + TOLERANCE)
    worse = points < reference * (1 - TOLERANCE)
    n = len(points)
    return {"better_off": float(better.sum()) / n, "worse_off": float(worse.sum()) / n}


def strategies_section(db: Database, run: RunInfo, pays_views: bool) -> dict[str, Any]:
    """The report's strategy-proofness section of a run."""
    frame = run_frame(db, run.id)
    cfg = config_from_text(run.method, run.config_toml)
    scored = score_frame(frame, cfg).frame if not frame.empty else frame
    return {
        "available": not frame.empty,
        "strategies": strategy_gains(frame, cfg),
        "versus": better_or_worse(frame, scored, pays_views) if not frame.empty else {},
    }
