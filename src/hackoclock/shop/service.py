"""The shop's service functions (front ends call these; all take the Database first)."""

from __future__ import annotations

from hackoclock.shop.catalogue import (
    add_reward,
    deactivate_reward,
    edit_reward,
    get_reward,
    list_rewards,
    seed_default_catalogue,
)
from hackoclock.shop.exposure import export_exposure, list_grants
from hackoclock.shop.models import (
    UNSET,
    ExposureGrant,
    Redemption,
    Reward,
    RewardChanges,
    RewardSpec,
)
from hackoclock.shop.redemption import (
    cancel,
    creator_usage,
    fulfil,
    get_redemption,
    list_redemptions,
    redeem,
)

__all__ = [
    "UNSET",
    "ExposureGrant",
    "Redemption",
    "Reward",
    "RewardChanges",
    "RewardSpec",
    "add_reward",
    "cancel",
    "creator_usage",
    "deactivate_reward",
    "edit_reward",
    "export_exposure",
    "fulfil",
    "get_redemption",
    "get_reward",
    "list_grants",
    "list_redemptions",
    "list_rewards",
    "redeem",
    "seed_default_catalogue",
]
