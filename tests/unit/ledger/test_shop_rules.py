"""Pure shop rules: reward validation, limit periods, active windows, transitions."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from hackoclock.errors import InvalidInput
from hackoclock.shop.errors import InvalidTransition
from hackoclock.shop.models import RewardChanges, RewardSpec
from hackoclock.shop.rules import (
    apply_changes,
    check_key,
    check_transition,
    is_active,
    period_start,
    validate_spec,
)

BASE = RewardSpec(reward_id="merch", name=" Hoodie ", amount=200, exposure="a hoodie")


def test_a_valid_spec_is_returned_trimmed() -> None:
    assert validate_spec(BASE).name == "Hoodie"


@pytest.mark.parametrize(
    "changes",
    [
        {"amount": 0},
        {"amount": -5},
        {"amount": True},
        {"reward_id": "bad id!"},
        {"name": "  "},
        {"exposure": ""},
        {"kind": "crypto"},
        {"stock": -1},
        {"limit_per_period": 0},
        {"limit_period": "year"},
        {"kind": "exposure"},
        {"active_from": datetime(2026, 1, 1)},
        {
            "active_from": datetime(2026, 2, 1, tzinfo=UTC),
            "active_until": datetime(2026, 1, 1, tzinfo=UTC),
        },
    ],
)
def test_a_bad_reward_is_refused_with_a_clear_error(changes: dict[str, object]) -> None:
    from dataclasses import replace

    with pytest.raises(InvalidInput):
        validate_spec(replace(BASE, **changes))  # type: ignore[arg-type]


def test_changes_keep_unset_fields_and_clear_none_fields() -> None:
    spec = validate_spec(BASE)
    limited = apply_changes(spec, RewardChanges(stock=5))
    assert limited.stock == 5 and limited.amount == 200
    assert apply_changes(limited, RewardChanges(stock=None)).stock is None
    with pytest.raises(InvalidInput):
        apply_changes(spec, RewardChanges())


def test_limit_periods_start_at_the_calendar_day_week_and_month() -> None:
    now = datetime(2026, 11, 28, 15, 30, tzinfo=UTC)  # a Saturday
    assert period_start(now, "day") == datetime(2026, 11, 28, tzinfo=UTC)
    assert period_start(now, "week") == datetime(2026, 11, 23, tzinfo=UTC)
    assert period_start(now, "month") == datetime(2026, 11, 1, tzinfo=UTC)
    with pytest.raises(InvalidInput):
        period_start(now, "decade")


def test_a_reward_is_active_only_inside_its_window() -> None:
    now = datetime(2026, 11, 28, tzinfo=UTC)
    hour = timedelta(hours=1)
    assert is_active(True, None, None, now)
    assert not is_active(False, None, None, now)
    assert not is_active(True, now + hour, None, now)
    assert is_active(True, now - hour, now + hour, now)
    assert not is_active(True, None, now, now)


def test_only_pending_redemptions_move_and_repeats_are_no_ops() -> None:
    assert check_transition("r", "pending", "fulfilled") is True
    assert check_transition("r", "pending", "cancelled") is True
    assert check_transition("r", "fulfilled", "fulfilled") is False
    with pytest.raises(InvalidTransition, match="cannot fulfil"):
        check_transition("r", "cancelled", "fulfilled")
    with pytest.raises(InvalidTransition, match="cannot cancel"):
        check_transition("r", "fulfilled", "cancelled")


def test_idempotency_keys_must_be_present_and_short() -> None:
    assert check_key(" abc ") == "abc"
    with pytest.raises(InvalidInput):
        check_key("")
    with pytest.raises(InvalidInput):
        check_key("x" * 129)
