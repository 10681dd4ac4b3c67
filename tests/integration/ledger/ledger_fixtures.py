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
) -> int:
    with db.write() as conn:
        run_id = conn.execute(
            insert(scoring_runs)
            .values(
                method="fair",
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
