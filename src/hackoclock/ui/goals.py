"""Goals: how far a creator's balance is from the rewards they cannot afford yet (pure)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Goal:
    """Progress toward one reward: ``points_to_go`` more points make it affordable."""

    reward_id: str
    name: str
    cost: int
    balance: int

    @property
    def points_to_go(self) -> int:
        return max(0, self.cost - self.balance)

    @property
    def progress(self) -> float:
        """0..1 for a progress bar (1 when affordable)."""
        return 1.0 if self.cost <= 0 else min(1.0, max(0, self.balance) / self.cost)


def goals(balance: int, rewards: Iterable[tuple[str, str, int]], *, count: int = 3) -> list[Goal]:
    """The ``count`` cheapest rewards (id, name, cost) the balance does not cover yet, cheapest
    first: the next things to aim for."""
    out_of_reach = sorted(
        (cost, name, reward_id) for reward_id, name, cost in rewards if cost > balance
    )
    return [Goal(rid, name, cost, balance) for cost, name, rid in out_of_reach[:count]]


def affordable(balance: int, rewards: Iterable[tuple[str, str, int]]) -> int:
    """How many of the rewards the balance already covers."""
    return sum(1 for _rid, _name, cost in rewards if cost <= balance)
