"""Read one scoring run from the database into arrays for the fairness metrics."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import numpy as np
import numpy.typing as npt
from sqlalchemy import Connection, select

from hackoclock.db.engine import Database
from hackoclock.db.tables import creators, videos
from hackoclock.db.tables_scoring import scoring_runs, video_scores
from hackoclock.errors import InvalidInput, NotFound


def as_utc(value: datetime | None) -> datetime | None:
    """A timezone-aware UTC datetime (SQLite hands back naive values that were stored as UTC)."""
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


@dataclass(frozen=True)
class RunInfo:
    """The ``scoring_runs`` row of a run."""

    id: int
    method: str
    engine: str
    period_start: datetime
    period_end: datetime
    status: str
    created_at: datetime
    config_toml: str
    config_hash: str
    videos_scored: int
    points_total: int
    parameters: dict[str, Any]


@dataclass(frozen=True)
class VideoRows:
    """Per-video arrays of a run, ordered by video_id (the same order in every array)."""

    video_ids: list[str]
    creator_ids: list[str]
    captions: list[str | None]
    views: npt.NDArray[np.float64]  # nan where the run has no view count
    points: npt.NDArray[np.int64]
    components: list[str]  # sorted names of every component that contributed in the run
    contributions: npt.NDArray[np.int64]  # videos x components; a missing component is 0
    held: npt.NDArray[np.bool_]
    eligible: npt.NDArray[np.bool_]


@dataclass(frozen=True)
class CreatorRows:
    """Per-creator totals of a run, ordered by creator_id."""

    creator_ids: list[str]
    usernames: list[str | None]
    points: npt.NDArray[np.int64]
    views: npt.NDArray[np.float64]  # sum of known period views; nan when none is known
    followers: npt.NDArray[np.float64]  # nan when unknown


@dataclass(frozen=True)
class RunData:
    """Everything the report needs about one run."""

    run: RunInfo
    videos: VideoRows
    creators: CreatorRows


def load_run_info(conn: Connection, run_id: int) -> RunInfo:
    """The run's row, or ``NotFound``."""
    row = conn.execute(select(scoring_runs).where(scoring_runs.c.id == run_id)).mappings().first()
    if row is None:
        raise NotFound(f"scoring run {run_id} does not exist")
    params = row["parameters"]
    return RunInfo(
        id=int(row["id"]),
        method=str(row["method"]),
        engine=str(row["engine"]),
        period_start=as_utc(row["period_start"]),  # type: ignore[arg-type]
        period_end=as_utc(row["period_end"]),  # type: ignore[arg-type]
        status=str(row["status"]),
        created_at=as_utc(row["created_at"]),  # type: ignore[arg-type]
        config_toml=str(row["config_toml"]),
        config_hash=str(row["config_hash"]),
        videos_scored=int(row["videos_scored"] or 0),
        points_total=int(row["points_total"] or 0),
        parameters=dict(params) if isinstance(params, dict) else {},
    )


def _int_or_zero(value: Any, video_id: str) -> int:
    if value is None:
        return 0
    whole = isinstance(value, int) or (isinstance(value, float) and value.is_integer())
    if isinstance(value, bool) or not whole:
        raise InvalidInput(f"video {video_id}: contribution {value!r} is not whole points")
    return int(value)


def _video_rows(conn: Connection, run_id: int) -> VideoRows:
    query = (
        select(
            video_scores.c.video_id,
            video_scores.c.creator_id,
            video_scores.c.views,
            video_scores.c.points,
            video_scores.c.contributions,
            video_scores.c.held,
            video_scores.c.eligible,
            videos.c.caption,
        )
        .select_from(video_scores.outerjoin(videos, videos.c.video_id == video_scores.c.video_id))
        .where(video_scores.c.run_id == run_id)
        .order_by(video_scores.c.video_id)
    )
    rows = conn.execute(query).all()
    names = sorted({k for r in rows for k in (r.contributions or {})})
    col = {name: j for j, name in enumerate(names)}
    contrib = np.zeros((len(rows), len(names)), dtype=np.int64)
    for i, r in enumerate(rows):
        for name, value in (r.contributions or {}).items():
            contrib[i, col[name]] = _int_or_zero(value, str(r.video_id))
    view_list = [math.nan if r.views is None else float(r.views) for r in rows]
    return VideoRows(
        video_ids=[str(r.video_id) for r in rows],
        creator_ids=[str(r.creator_id) for r in rows],
        captions=[r.caption for r in rows],
        views=np.array(view_list, dtype=np.float64),
        points=np.array([int(r.points) for r in rows], dtype=np.int64),
        components=names,
        contributions=contrib,
        held=np.array([bool(r.held) for r in rows], dtype=np.bool_),
        eligible=np.array([bool(r.eligible) for r in rows], dtype=np.bool_),
    )


def _creator_rows(conn: Connection, vids: VideoRows) -> CreatorRows:
    ids = sorted(set(vids.creator_ids))
    index = {cid: i for i, cid in enumerate(ids)}
    where = np.array([index[c] for c in vids.creator_ids], dtype=np.int64)
    points = np.zeros(len(ids), dtype=np.int64)
    np.add.at(points, where, vids.points)
    known = ~np.isnan(vids.views)
    views = np.zeros(len(ids), dtype=np.float64)
    np.add.at(views, where[known], vids.views[known])
    any_known = np.zeros(len(ids), dtype=np.bool_)
    any_known[where[known]] = True
    views[~any_known] = math.nan
    usernames: list[str | None] = [None] * len(ids)
    followers = np.full(len(ids), math.nan)
    query = select(creators.c.creator_id, creators.c.username, creators.c.follower_count)
    if len(ids) <= 1000:  # stay well under bound-parameter limits; else read the table
        query = query.where(creators.c.creator_id.in_(ids))
    for row in conn.execute(query):
        i = index.get(str(row.creator_id))
        if i is None:
            continue
        usernames[i] = row.username
        if row.follower_count is not None:
            followers[i] = float(row.follower_count)
    return CreatorRows(ids, usernames, points, views, followers)


def load_run(db: Database, run_id: int) -> RunData:
    """The run, its per-video rows and per-creator totals; ``NotFound`` for an unknown run."""
    with db.read() as conn:
        run = load_run_info(conn, run_id)
        vids = _video_rows(conn, run_id)
        if (negative := int((vids.points < 0).sum())) > 0:
            raise InvalidInput(f"run {run_id} has negative points on {negative} videos")
        crs = _creator_rows(conn, vids)
    return RunData(run, vids, crs)
