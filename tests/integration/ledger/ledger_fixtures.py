"""Helpers for ledger/shop tests: creators, videos and scoring runs written with SQLAlchemy Core."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import insert

from hackoclock.db.engine import Database
from hackoclock.db.tables import creators, videos
from hackoclock.db.tables_scoring import RUN_FINISHED, scoring_runs, video_scores
from hackoclock.ledger.service import credit_run
from hackoclock.shop.service import RewardSpec, add_reward

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
PERIOD = (datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 11, 8, tzinfo=UTC))


@dataclass(frozen=True)
class Score:
    video_id: str
    creator_id: str
    points: int
    held: bool = False
    eligible: bool = True


def add_creators(db: Database, creator_ids: Iterable[str]) -> None:
    rows = [
        {"creator_id": c, "username": c, "total_points": 0, "first_seen_at": NOW, "updated_at": NOW}
        for c in creator_ids
    ]
    with db.write() as conn:
        conn.execute(insert(creators), rows)


def add_videos(db: Database, pairs: Iterable[tuple[str, str]]) -> None:
    """(video_id, creator_id) pairs."""
    rows = [
        {"video_id": v, "creator_id": c, "observed_at": NOW, "updated_at": NOW} for v, c in pairs
    ]
    with db.write() as conn:
        conn.execute(insert(videos), rows)


def add_run(
    db: Database,
    scores: list[Score],
    *,
    period: tuple[datetime, datetime] = PERIOD,
    status: str = RUN_FINISHED,
    method: str = "fair",
) -> int:
    with db.write() as conn:
        run_id = conn.execute(
            insert(scoring_runs)
            .values(
                method=method,
                engine="duckdb",
                period_start=period[0],
                period_end=period[1],
                config_toml="",
                config_hash="0" * 64,
                status=status,
                created_at=NOW,
                videos_scored=len(scores),
                points_total=sum(s.points for s in scores),
            )
            .returning(scoring_runs.c.id)
        ).scalar_one()
        if scores:
            conn.execute(
                insert(video_scores),
                [
                    {
                        "run_id": run_id,
                        "video_id": s.video_id,
                        "creator_id": s.creator_id,
                        "score": 0.5,
                        "points": s.points,
                        "components": {},
                        "contributions": {},
                        "eligible": s.eligible,
                        "held": s.held,
                        "flags": ["spike"] if s.held else [],
                    }
                    for s in scores
                ],
            )
    return int(run_id)


def fund(db: Database, balances: dict[str, int], *, prefix: str = "fund") -> int:
    """Create the creators (one video each) and credit a run giving each the points."""
    add_creators(db, balances)
    add_videos(db, [(f"{prefix}-{c}", c) for c in balances])
    run = add_run(db, [Score(f"{prefix}-{c}", c, p) for c, p in balances.items()])
    credit_run(db, run)
    return run


def reward(db: Database, reward_id: str = "merch", **kwargs: object) -> str:
    spec = {"name": reward_id, "amount": 100, "exposure": f"{reward_id} given", **kwargs}
    add_reward(db, RewardSpec(reward_id=reward_id, **spec))  # type: ignore[arg-type]
    return reward_id


VALUE_RATE = 3  # points per 1,000 paid views in the value runs the tests write
MIN_PAID_VIEWS = 1_000


@dataclass(frozen=True)
class Views:
    """A video's cumulative views at a value run's period end (and, optionally, a hold)."""

    video_id: str
    creator_id: str
    views_total: int
    held: bool = False
    eligible: bool | None = None  # None: eligible when at least MIN_PAID_VIEWS are new


def value_points(paid_views: int) -> int:
    return paid_views * VALUE_RATE // 1000


def add_value_run(
    db: Database,
    views: list[Views],
    *,
    period: tuple[datetime, datetime] = PERIOD,
    marks: dict[str, int] | None = None,
) -> int:
    """A finished ``value`` run, scored as the scoring service does: each video's
    ``views_paid_before`` is its paid-views mark now (``read_marks``; or ``marks`` given)."""
    from hackoclock.ledger.marks import read_marks

    with db.write() as conn:
        standing = read_marks(conn, [v.video_id for v in views]) if marks is None else marks
        rows = []
        for v in views:
            before = standing.get(v.video_id, 0)
            new = max(0, v.views_total - before)
            eligible = new >= MIN_PAID_VIEWS if v.eligible is None else v.eligible
            paid = new if eligible else 0
            rows.append(
                {
                    "video_id": v.video_id,
                    "creator_id": v.creator_id,
                    "score": 0.5,
                    "points": value_points(paid),
                    "components": {},
                    "contributions": {},
                    "eligible": eligible,
                    "held": v.held,
                    "flags": ["spike"] if v.held else [],
                    "views_total": v.views_total,
                    "views_paid_before": before,
                    "paid_views": paid,
                }
            )
        run_id = conn.execute(
            insert(scoring_runs)
            .values(
                method="value",
                engine="duckdb",
                period_start=period[0],
                period_end=period[1],
                config_toml="",
                config_hash="0" * 64,
                status=RUN_FINISHED,
                created_at=NOW,
                videos_scored=len(rows),
                points_total=sum(r["points"] for r in rows),
            )
            .returning(scoring_runs.c.id)
        ).scalar_one()
        if rows:
            conn.execute(insert(video_scores), [{"run_id": run_id, **r} for r in rows])
    return int(run_id)
