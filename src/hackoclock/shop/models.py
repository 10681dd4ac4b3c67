"""Frozen values the shop services take and return."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum, StrEnum
from typing import Final


class _Unset(Enum):
    UNSET = "UNSET"


UNSET: Final = _Unset.UNSET
"""Marks a field of ``RewardChanges`` that is left as it is (``None`` means 'clear it')."""

KINDS = ("merch", "marketing_credit", "cash", "exposure")
PERIODS = ("day", "week", "month")


class RedemptionStatus(StrEnum):
    """A redemption's lifecycle (the values stored in ``redemptions.status``)."""

    PENDING = "pending"
    FULFILLED = "fulfilled"
    CANCELLED = "cancelled"


STATUSES = tuple(RedemptionStatus)


@dataclass(frozen=True)
class RewardSpec:
    """A new reward. ``stock=None`` is unlimited; ``limit_per_period=None`` is no limit."""

    reward_id: str
    name: str
    amount: int
    exposure: str
    kind: str = "merch"
    description: str = ""
    stock: int | None = None
    limit_per_period: int | None = None
    limit_period: str = "week"
    active: bool = True
    active_from: datetime | None = None
    active_until: datetime | None = None
    exposure_minutes: int | None = None


@dataclass(frozen=True)
class RewardChanges:
    """Fields to change; leave a field UNSET to keep it, set None to clear a nullable one."""

    name: str | _Unset = UNSET
    description: str | _Unset = UNSET
    kind: str | _Unset = UNSET
    amount: int | _Unset = UNSET
    exposure: str | _Unset = UNSET
    stock: int | _Unset | None = UNSET
    limit_per_period: int | _Unset | None = UNSET
    limit_period: str | _Unset = UNSET
    active: bool | _Unset = UNSET
    active_from: datetime | _Unset | None = UNSET
    active_until: datetime | _Unset | None = UNSET
    exposure_minutes: int | _Unset | None = UNSET


@dataclass(frozen=True)
class Reward:
    reward_id: str
    name: str
    description: str
    kind: str
    amount: int
    exposure: str
    exposure_minutes: int | None
    stock: int | None
    reserved: int
    limit_per_period: int | None
    limit_period: str
    active: bool
    active_from: datetime | None
    active_until: datetime | None
    created_at: datetime
    updated_at: datetime

    @property
    def available(self) -> int | None:
        """Units that can still be reserved (None = unlimited)."""
        return None if self.stock is None else self.stock - self.reserved


@dataclass(frozen=True)
class Redemption:
    id: str
    reward_id: str
    creator_id: str
    amount: int
    exposure: str
    status: RedemptionStatus
    idempotency_key: str
    video_id: str | None
    creation_date: datetime
    updated_at: datetime


@dataclass(frozen=True)
class ExposureGrant:
    id: int
    redemption_id: str
    creator_id: str
    video_id: str | None
    minutes: int
    starts_at: datetime
    ends_at: datetime
