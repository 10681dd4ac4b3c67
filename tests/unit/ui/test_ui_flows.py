from __future__ import annotations

from typing import Any

import pytest

from hackoclock.auth import AuthError, Principal
from hackoclock.ui import redeem_flow
from hackoclock.ui.goals import affordable, goals
from hackoclock.ui.identity import Identity, principal_from_claims

REWARDS = [("cap", "Cap", 300), ("tee", "T-shirt", 800), ("fyp", "30 min For You", 5000)]


def test_reopening_the_same_reward_keeps_its_idempotency_key() -> None:
    state: dict[str, Any] = {}
    first = redeem_flow.begin(state, "c1", "cap")
    again = redeem_flow.begin(state, "c1", "cap")
    assert again.idempotency_key == first.idempotency_key


def test_a_new_confirmation_after_closing_gets_a_new_key() -> None:
    state: dict[str, Any] = {}
    first = redeem_flow.begin(state, "c1", "cap")
    redeem_flow.close(state)
    assert redeem_flow.pending(state, "c1") is None
    second = redeem_flow.begin(state, "c1", "cap")
    assert second.idempotency_key != first.idempotency_key


def test_switching_reward_replaces_the_pending_confirmation() -> None:
    state: dict[str, Any] = {}
    redeem_flow.begin(state, "c1", "cap")
    tee = redeem_flow.begin(state, "c1", "tee")
    assert redeem_flow.pending(state, "c1") == tee


def test_another_creators_pending_confirmation_is_invisible() -> None:
    state: dict[str, Any] = {}
    redeem_flow.begin(state, "c1", "cap")
    assert redeem_flow.pending(state, "c2") is None


def test_goals_list_the_cheapest_rewards_not_yet_affordable() -> None:
    found = goals(500, REWARDS)
    assert [g.reward_id for g in found] == ["tee", "fyp"]
    assert found[0].points_to_go == 300
    assert found[0].progress == pytest.approx(500 / 800)
    assert affordable(500, REWARDS) == 1


def test_a_negative_balance_shows_no_progress() -> None:
    assert goals(-50, REWARDS, count=1)[0].progress == 0.0


def test_oidc_claims_name_the_creator_through_hackoclock_sub() -> None:
    principal = principal_from_claims({"sub": "google-123", "hackoclock_sub": "c42"})
    assert principal == Principal(sub="c42", role="creator")
    operator = principal_from_claims({"hackoclock_sub": "ops", "hackoclock_role": "operator"})
    assert operator.is_operator


def test_oidc_claims_without_a_creator_id_are_refused() -> None:
    with pytest.raises(AuthError, match="hackoclock_sub"):
        principal_from_claims({"sub": "google-123", "email": "x@example.com"})
    with pytest.raises(AuthError, match="operator"):
        principal_from_claims({"hackoclock_sub": "c1", "hackoclock_role": "admin"})


def test_identity_label_names_role_subject_and_method() -> None:
    who = Identity(Principal(sub="c1", role="creator"), via="token")
    assert who.label == "creator c1 (token)"
    assert not who.is_demo
