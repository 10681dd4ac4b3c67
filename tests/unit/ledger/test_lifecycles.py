"""One status enum per lifecycle, with the values already stored (so old rows stay valid)."""

from __future__ import annotations

import re

from sqlalchemy import CheckConstraint

from hackoclock.db.tables_scoring import RUN_FAILED, RUN_FINISHED, RUN_RUNNING, RunStatus
from hackoclock.db.tables_shop import redemptions
from hackoclock.ledger.models import AccrualState
from hackoclock.ledger.verify import _ACCRUAL_TRANSFERS, _REDEMPTION_TRANSFERS
from hackoclock.shop.models import STATUSES, RedemptionStatus
from hackoclock.shop.rules import TRANSITIONS


def test_redemption_statuses_are_the_stored_values_and_the_check_constraints() -> None:
    assert [s.value for s in RedemptionStatus] == ["pending", "fulfilled", "cancelled"]
    assert tuple(RedemptionStatus) == STATUSES
    (check,) = [
        c
        for c in redemptions.constraints
        if isinstance(c, CheckConstraint) and "status" in str(c.sqltext)
    ]
    assert set(re.findall(r"'(\w+)'", str(check.sqltext))) == set(RedemptionStatus)
    assert set(TRANSITIONS) == set(_REDEMPTION_TRANSFERS) == set(RedemptionStatus)


def test_accrual_states_are_the_ones_verify_knows() -> None:
    assert set(AccrualState) == set(_ACCRUAL_TRANSFERS)
    assert AccrualState.HELD == "held" and f"{AccrualState.SUPERSEDED}" == "superseded"


def test_scoring_run_statuses_keep_their_values_and_plain_string_names() -> None:
    assert [s.value for s in RunStatus] == ["running", "finished", "failed"]
    assert tuple(RunStatus) == (RUN_RUNNING, RUN_FINISHED, RUN_FAILED)
    assert type(RUN_FINISHED) is str  # messages that show it with !r stay as they were
