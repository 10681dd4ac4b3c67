"""Read-only views of scoring results for the API and UI: a creator's videos and periods, and
videos held for review."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, func, select

from hackoclock.db.engine import Database
from hackoclock.db.tables import creators, videos
from hackoclock.db.tables_scoring import RUN_FINISHED, scoring_runs, video_scores
from hackoclock.errors import InvalidInput, NotFound
from hackoclock.scoring.explain import explain, what_would_move_you_up
from hackoclock.scoring.timeutil import aware_row

SCORE_COLUMNS = (
    video_scores.c.run_id,
    video_scores.c.video_id,
    video_scores.c.creator_id,
    video_scores.c.views,
    video_scores.c.likes,
    video_scores.c.shares,
    video_scores.c.bookmarks,
    video_scores.c.comments,
    video_scores.c.score,
    video_scores.c.points,
    video_scores.c.components,
    video_scores.c.contributions,
    video_scores.c.missing,
    video_scores.c.eligible,
    video_scores.c.ineligible_reason,
    video_scores.c.flags,
    video_scores.c.held,
    video_scores.c.views_total,
    video_scores.c.views_paid_before,
    video_scores.c.paid_views,
)
RUN_COLUMNS = (
    scoring_runs.c.method,
    scoring_runs.c.period_start,
    scoring_runs.c.period_end,
    scoring_runs.c.parameters,
)


def _page(limit: int, offset: int) -> None:
    if limit < 1 or offset < 0:
        raise InvalidInput("limit must be at least 1 and offset at least 0")


def _require_creator(db: Database, creator_id: str) -> None:
    with db.read() as conn:
        found = conn.execute(
            select(creators.c.creator_id).where(creators.c.creator_id == creator_id)
        ).first()
    if found is None:
        raise NotFound(f"creator {creator_id} does not exist")


def _latest_run_of(db: Database, creator_id: str) -> int | None:
    query = (
        select(func.max(video_scores.c.run_id))
        .join(scoring_runs, scoring_runs.c.id == video_scores.c.run_id)
        .where(video_scores.c.creator_id == creator_id, scoring_runs.c.status == RUN_FINISHED)
    )
    with db.read() as conn:
        value = conn.execute(query).scalar()
    return None if value is None else int(value)


def with_explanations(row: dict[str, Any]) -> dict[str, Any]:
    params = dict(row.pop("parameters") or {})
    params.setdefault("method", row.get("method"))
    row["explanation"] = explain(row, params)
    row["move_up"] = what_would_move_you_up(row, params)
    return row


def scores_query() -> Select[Any]:
    return (
        select(*SCORE_COLUMNS, *RUN_COLUMNS, videos.c.caption, videos.c.url)
        .join(scoring_runs, scoring_runs.c.id == video_scores.c.run_id)
        .join(videos, videos.c.video_id == video_scores.c.video_id)
    )


def creator_videos(
    db: Database, creator_id: str, run_id: int | None = None, limit: int = 50, offset: int = 0
) -> list[dict[str, Any]]:
    """A creator's videos in one run (the latest finished run by default), most points first,
    each with points, contributions, flags, held, eligibility and explanation sentences."""
    _page(limit, offset)
    _require_creator(db, creator_id)
    if run_id is None:
        run_id = _latest_run_of(db, creator_id)
        if run_id is None:
            return []
    condition = and_(video_scores.c.creator_id == creator_id, video_scores.c.run_id == run_id)
    return _explained_page(db, condition, limit, offset)


def creator_points_by_period(db: Database, creator_id: str) -> list[dict[str, Any]]:
    """One row per finished run the creator has videos in: period, method, points, held points."""
    _require_creator(db, creator_id)
    query = (
        select(
            scoring_runs.c.id.label("run_id"),
            scoring_runs.c.method,
            scoring_runs.c.engine,
            scoring_runs.c.period_start,
            scoring_runs.c.period_end,
            func.count().label("videos"),
            func.sum(video_scores.c.points).label("points"),
            func.sum(case((video_scores.c.held, video_scores.c.points), else_=0)).label(
                "held_points"
            ),
        )
        .join(scoring_runs, scoring_runs.c.id == video_scores.c.run_id)
        .where(video_scores.c.creator_id == creator_id, scoring_runs.c.status == RUN_FINISHED)
        .group_by(
            scoring_runs.c.id,
            scoring_runs.c.method,
            scoring_runs.c.engine,
            scoring_runs.c.period_start,
            scoring_runs.c.period_end,
        )
        .order_by(scoring_runs.c.period_start, scoring_runs.c.id)
    )
    with db.read() as conn:
        rows = [aware_row(dict(r._mapping)) for r in conn.execute(query)]
    for row in rows:
        row["points"] = int(row["points"] or 0)
        row["held_points"] = int(row["held_points"] or 0)
        row["videos"] = int(row["videos"])
    return rows


def held_videos(db: Database, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
    """Scores held for review (flagged as likely manipulation), newest run first."""
    _page(limit, offset)
    query = (
        scores_query()
        .where(video_scores.c.held.is_(True))
        .order_by(
            video_scores.c.run_id.desc(), video_scores.c.points.desc(), video_scores.c.video_id
        )
        .limit(limit)
        .offset(offset)
    )
    with db.read() as conn:
        rows = [aware_row(dict(r._mapping)) for r in conn.execute(query)]
    return [with_explanations(r) for r in rows]


def run_videos(db: Database, run_id: int, limit: int = 10, offset: int = 0) -> list[dict[str, Any]]:
    """A run's videos, most points first, with explanation sentences (``NotFound`` if no run)."""
    _page(limit, offset)
    with db.read() as conn:
        exists = conn.execute(select(scoring_runs.c.id).where(scoring_runs.c.id == run_id)).first()
    if exists is None:
        raise NotFound(f"scoring run {run_id} does not exist")
    return _explained_page(db, video_scores.c.run_id == run_id, limit, offset)


def _explained_page(
    db: Database, condition: ColumnElement[bool], limit: int, offset: int
) -> list[dict[str, Any]]:
    """The scores matching ``condition``, most points first, with explanation sentences."""
    query = (
        scores_query()
        .where(condition)
        .order_by(video_scores.c.points.desc(), video_scores.c.video_id)
        .limit(limit)
        .offset(offset)
    )
    with db.read() as conn:
        rows = [aware_row(dict(r._mapping)) for r in conn.execute(query)]
    return [with_explanations(r) for r in rows]
