"""Everything the Creator Dashboard shows, gathered through the services in one call.

Kept apart from the page so the benchmark can time the data loading on its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from hackoclock import creators as directory
from hackoclock.creators import CreatorEntry
from hackoclock.db.engine import Database
from hackoclock.errors import NotFound
from hackoclock.ledger import service as ledger
from hackoclock.scoring import queries as scoring
from hackoclock.scoring.methods.registry import DEFAULT_METHOD
from hackoclock.shop import service as shop

MAX_VIDEOS = 1000
MAX_REWARDS = 100
MAX_REDEMPTIONS = 100


@dataclass(frozen=True)
class DashboardData:
    """One creator's dashboard: the numbers, the periods, one run's videos, the shop's rewards."""

    creator: CreatorEntry
    balance: int
    lifetime_points: int
    periods: list[dict[str, Any]]
    run_id: int | None
    videos: list[dict[str, Any]]
    rewards: list[shop.Reward]
    redemptions: list[shop.Redemption]

    @property
    def run(self) -> dict[str, Any] | None:
        """The period row of the run shown (None before the creator's first scoring run)."""
        return next((p for p in self.periods if p["run_id"] == self.run_id), None)

    @property
    def attention(self) -> list[dict[str, Any]]:
        """Videos that are held, flagged or not eligible: the ones that need explaining."""
        return [v for v in self.videos if v["held"] or v["flags"] or not v["eligible"]]


def default_run(periods: list[dict[str, Any]]) -> int | None:
    """The run a dashboard opens on: the newest run of the default method (what is paid), else
    the newest run of any method."""
    paid = [p for p in periods if p["method"] == DEFAULT_METHOD]
    chosen = (paid or periods)[-1:] if periods else []
    return int(chosen[0]["run_id"]) if chosen else None


def load(db: Database, creator_id: str, *, run_id: int | None = None) -> DashboardData:
    """The dashboard of ``creator_id`` for ``run_id`` (default: see ``default_run``).

    Raises NotFound for an unknown creator (the services do).
    """
    creator = directory.get_creator(db, creator_id)
    if creator is None:
        raise NotFound(f"creator {creator_id} does not exist")
    periods = scoring.creator_points_by_period(db, creator_id)
    known = {int(p["run_id"]) for p in periods}
    chosen = run_id if run_id in known else default_run(periods)
    videos = (
        scoring.creator_videos(db, creator_id, run_id=chosen, limit=MAX_VIDEOS)
        if chosen is not None
        else []
    )
    return DashboardData(
        creator=creator,
        balance=ledger.balance(db, creator_id),
        lifetime_points=ledger.lifetime_points(db, creator_id),
        periods=periods,
        run_id=chosen,
        videos=videos,
        rewards=shop.list_rewards(db, limit=MAX_REWARDS),
        redemptions=shop.list_redemptions(db, creator_id=creator_id, limit=MAX_REDEMPTIONS),
    )
