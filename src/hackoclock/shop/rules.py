"""Pure shop rules: validating rewards, limit periods, active windows, lifecycle transitions."""

from __future__ import annotations

import re
from dataclasses import fields, replace
from datetime import UTC, datetime, timedelta

from hackoclock.errors import InvalidInput, InvalidTransition
from hackoclock.shop.models import (
    KINDS,
    PERIODS,
    UNSET,
    RedemptionStatus,
    RewardChanges,
    RewardSpec,
)

REWARD_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
MAX_KEY = 128
EXPOSURE_WINDOW = timedelta(days=7)

# status -> statuses it may move to
TRANSITIONS: dict[str, tuple[RedemptionStatus, ...]] = {
    RedemptionStatus.PENDING: (RedemptionStatus.FULFILLED, RedemptionStatus.CANCELLED),
    RedemptionStatus.FULFILLED: (),
    RedemptionStatus.CANCELLED: (),
}


def _aware(value: datetime | None, name: str) -> datetime | None:
    if value is not None and value.tzinfo is None:
        raise InvalidInput(f"{name} must carry a timezone")
    return value


def validate_spec(spec: RewardSpec) -> RewardSpec:
    """Return the spec with trimmed text, or raise InvalidInput naming the first bad field."""
    if not REWARD_ID.match(spec.reward_id):
        raise InvalidInput(
            "reward_id must be 1-64 letters, digits, '.', '_' or '-', "
            "starting with a letter or digit"
        )
    if not spec.name.strip():
        raise InvalidInput("name must not be empty")
    if not spec.exposure.strip():
        raise InvalidInput("exposure (what is given) must not be empty")
    if spec.kind not in KINDS:
        raise InvalidInput(f"kind must be one of {', '.join(KINDS)}, got {spec.kind!r}")
    if isinstance(spec.amount, bool) or not isinstance(spec.amount, int) or spec.amount <= 0:
        raise InvalidInput(f"amount must be a whole number of points above 0, got {spec.amount!r}")
    if spec.stock is not None and (not isinstance(spec.stock, int) or spec.stock < 0):
        raise InvalidInput(f"stock must be 0 or more (or empty for unlimited), got {spec.stock!r}")
    if spec.limit_per_period is not None and spec.limit_per_period <= 0:
        raise InvalidInput("limit_per_period must be above 0 (or empty for no limit)")
    if spec.limit_period not in PERIODS:
        raise InvalidInput(f"limit_period must be one of {', '.join(PERIODS)}")
    _aware(spec.active_from, "active_from")
    _aware(spec.active_until, "active_until")
    if spec.active_from and spec.active_until and spec.active_until <= spec.active_from:
        raise InvalidInput("active_until must be after active_from")
    if spec.kind == "exposure" and not spec.exposure_minutes:
        raise InvalidInput("an exposure reward needs exposure_minutes above 0")
    if spec.exposure_minutes is not None and spec.exposure_minutes <= 0:
        raise InvalidInput("exposure_minutes must be above 0")
    return replace(spec, name=spec.name.strip(), exposure=spec.exposure.strip())


def apply_changes(current: RewardSpec, changes: RewardChanges) -> RewardSpec:
    """The spec after the changes (validated); unset fields keep their values."""
    updates = {
        f.name: getattr(changes, f.name)
        for f in fields(changes)
        if getattr(changes, f.name) is not UNSET
    }
    if not updates:
        raise InvalidInput("no changes given")
    return validate_spec(replace(current, **updates))


def period_start(now: datetime, period: str) -> datetime:
    """Start (UTC) of the calendar period containing ``now``: day, ISO week (Monday) or month."""
    day = now.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    if period == "day":
        return day
    if period == "week":
        return day - timedelta(days=day.weekday())
    if period == "month":
        return day.replace(day=1)
    raise InvalidInput(f"unknown limit period {period!r}")


def is_active(
    active: bool, active_from: datetime | None, active_until: datetime | None, now: datetime
) -> bool:
    """Active flag set and ``now`` inside [active_from, active_until)."""
    if not active:
        return False
    if active_from is not None and now < active_from:
        return False
    return not (active_until is not None and now >= active_until)


def check_transition(redemption_id: str, current: str, target: str) -> bool:
    """True if the move is needed, False if already there (idempotent); raise if not allowed."""
    if current == target:
        return False
    if target not in TRANSITIONS.get(current, ()):
        verb = {"fulfilled": "fulfil", "cancelled": "cancel"}.get(target, target)
        raise InvalidTransition(f"cannot {verb} redemption {redemption_id}: it is {current}")
    return True


def check_key(key: str) -> str:
    key = key.strip()
    if not key:
        raise InvalidInput("an idempotency key is required")
    if len(key) > MAX_KEY:
        raise InvalidInput(f"the idempotency key must be at most {MAX_KEY} characters")
    return key
