"""Shop domain errors, each with the HTTP status the API maps it to."""

from __future__ import annotations

from hackoclock.errors import HackoclockError, InvalidInput, InvalidTransition, NotFound

__all__ = [
    "IdempotencyKeyReused",
    "InsufficientPoints",
    "InvalidInput",
    "InvalidTransition",
    "LimitReached",
    "NotFound",
    "OutOfStock",
    "RewardInactive",
]


class InsufficientPoints(HackoclockError):
    status = 402
    code = "insufficient_points"


class OutOfStock(HackoclockError):
    status = 409
    code = "out_of_stock"


class LimitReached(HackoclockError):
    status = 409
    code = "limit_reached"


class RewardInactive(HackoclockError):
    status = 409
    code = "reward_inactive"


class IdempotencyKeyReused(HackoclockError):
    """The same idempotency key was used before for a different reward."""

    status = 409
    code = "idempotency_key_reused"
