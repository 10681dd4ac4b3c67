"""The world both redemption benchmarks start from: creators with credited points and one reward.

A synthetic finished scoring run gives every creator one video with ``points_of(index)`` points;
crediting it through the real ledger makes the balances.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy import insert

from hackoclock.db.engine import Database
from hackoclock.db.migrate import upgrade
from hackoclock.db.tables import creators, videos
from hackoclock.db.tables_scoring import RUN_FINISHED, scoring_runs, video_scores
from hackoclock.ledger.service import credit_run
from hackoclock.shop.service import RewardSpec, add_reward


def seed_credited_world(
    url: str, ids: list[str], points_of: Callable[[int], int], *, reward_id: str, cost: int
) -> None:
    """Migrate ``url``, credit ``points_of(i)`` points to creator ``ids[i]``, add one reward."""
    db = Database(url)
    upgrade(db)
    now = datetime.now(UTC)
    with db.write() as conn:
        conn.execute(
            insert(creators),
            [
                {"creator_id": c, "total_points": 0, "first_seen_at": now, "updated_at": now}
                for c in ids
            ],
        )
        conn.execute(
            insert(videos),
            [
                {"video_id": f"v-{c}", "creator_id": c, "observed_at": now, "updated_at": now}
                for c in ids
            ],
        )
        run = conn.execute(
            insert(scoring_runs)
            .values(
                method="bench",
                engine="none",
                period_start=now - timedelta(days=7),
                period_end=now,
                config_toml="",
                config_hash="0" * 64,
                status=RUN_FINISHED,
                created_at=now,
            )
            .returning(scoring_runs.c.id)
        ).scalar_one()
        conn.execute(
            insert(video_scores),
            [
                {
                    "run_id": run,
                    "video_id": f"v-{c}",
                    "creator_id": c,
                    "score": 1.0,
                    "points": points_of(i),
                    "components": {},
                    "contributions": {},
                    "eligible": True,
                    "held": False,
                }
                for i, c in enumerate(ids)
            ],
        )
    credit_run(db, run)
    add_reward(db, RewardSpec(reward_id=reward_id, name="bench", amount=cost, exposure="bench"))
    db.dispose()
