"""Redemption lifecycle, catalogue, limits, active windows and exposure grants."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta

import pytest
from ledger_fixtures import add_creators, add_videos, fund, reward

from hackoclock.db.engine import Database
from hackoclock.errors import Conflict, InvalidInput, NotFound
from hackoclock.ledger.clock import utcnow
from hackoclock.ledger.service import balance, verify
from hackoclock.shop.errors import (
    IdempotencyKeyReused,
    InsufficientPoints,
    InvalidTransition,
    LimitReached,
    OutOfStock,
    RewardInactive,
)
from hackoclock.shop.service import (
    RewardChanges,
    cancel,
    creator_usage,
    deactivate_reward,
    edit_reward,
    export_exposure,
    fulfil,
    get_reward,
    list_redemptions,
    list_rewards,
    redeem,
    seed_default_catalogue,
)


def test_redeeming_reserves_points_and_stock_until_fulfilled(db: Database) -> None:
    fund(db, {"alice": 500})
    reward(db, stock=3)
    r = redeem(db, "alice", "merch", "k1")
    assert r.status == "pending" and r.amount == 100 and r.exposure == "merch given"
    assert balance(db, "alice") == 400
    assert (get_reward(db, "merch").reserved, get_reward(db, "merch").stock) == (1, 3)
    done = fulfil(db, r.id)
    assert done.status == "fulfilled"
    assert (get_reward(db, "merch").reserved, get_reward(db, "merch").stock) == (0, 2)
    assert balance(db, "alice") == 400
    assert verify(db).ok, verify(db).problems


def test_cancelling_gives_back_points_and_stock(db: Database) -> None:
    fund(db, {"alice": 500})
    reward(db, stock=3)
    r = redeem(db, "alice", "merch", "k1")
    assert cancel(db, r.id).status == "cancelled"
    assert balance(db, "alice") == 500 and get_reward(db, "merch").available == 3
    assert verify(db).ok, verify(db).problems


def test_fulfilling_a_cancelled_redemption_is_an_invalid_transition(db: Database) -> None:
    fund(db, {"alice": 500})
    reward(db)
    r = redeem(db, "alice", "merch", "k1")
    cancel(db, r.id)
    with pytest.raises(InvalidTransition):
        fulfil(db, r.id)
    r2 = redeem(db, "alice", "merch", "k2")
    fulfil(db, r2.id)
    with pytest.raises(InvalidTransition):
        cancel(db, r2.id)
    assert fulfil(db, r2.id).status == "fulfilled"  # a retried fulfil changes nothing
    assert balance(db, "alice") == 400 and verify(db).ok


def test_a_creator_can_cancel_only_their_own_redemption(db: Database) -> None:
    fund(db, {"alice": 500, "bob": 500})
    reward(db)
    r = redeem(db, "alice", "merch", "k1")
    with pytest.raises(NotFound):
        cancel(db, r.id, creator_id="bob")
    assert cancel(db, r.id, creator_id="alice").status == "cancelled"
    with pytest.raises(NotFound):
        fulfil(db, "no-such-id")


def test_the_same_key_returns_the_same_redemption_and_charges_once(db: Database) -> None:
    fund(db, {"alice": 500})
    reward(db)
    reward(db, "other")
    first = redeem(db, "alice", "merch", "k1")
    again = redeem(db, "alice", "merch", "k1")
    assert again.id == first.id and balance(db, "alice") == 400
    with pytest.raises(IdempotencyKeyReused):
        redeem(db, "alice", "other", "k1")
    with pytest.raises(InvalidInput):
        redeem(db, "alice", "merch", "  ")


def test_redeeming_more_than_the_balance_is_refused_and_loses_nothing(db: Database) -> None:
    fund(db, {"alice": 99})
    reward(db, stock=1)
    with pytest.raises(InsufficientPoints) as err:
        redeem(db, "alice", "merch", "k1")
    assert err.value.status == 402
    assert balance(db, "alice") == 99 and get_reward(db, "merch").reserved == 0
    assert list_redemptions(db) == []


def test_an_empty_stock_is_out_of_stock(db: Database) -> None:
    fund(db, {"alice": 500})
    reward(db, stock=1)
    redeem(db, "alice", "merch", "k1")
    with pytest.raises(OutOfStock):
        redeem(db, "alice", "merch", "k2")
    assert balance(db, "alice") == 400


def test_the_limit_per_period_counts_pending_and_fulfilled_but_not_cancelled(db: Database) -> None:
    fund(db, {"alice": 1000})
    reward(db, limit_per_period=2, limit_period="week")
    fulfil(db, redeem(db, "alice", "merch", "k1").id)
    r2 = redeem(db, "alice", "merch", "k2")
    assert creator_usage(db, "alice", "merch") == 2
    with pytest.raises(LimitReached):
        redeem(db, "alice", "merch", "k3")
    cancel(db, r2.id)
    assert creator_usage(db, "alice", "merch") == 1
    redeem(db, "alice", "merch", "k4")
    assert balance(db, "alice") == 800


def test_inactive_or_out_of_window_rewards_cannot_be_redeemed(db: Database) -> None:
    fund(db, {"alice": 1000})
    now = utcnow()
    reward(db, "future", active_from=now + timedelta(days=1))
    reward(db, "past", active_until=now - timedelta(seconds=1))
    reward(db, "off")
    deactivate_reward(db, "off")
    for rid in ("future", "past", "off"):
        with pytest.raises(RewardInactive):
            redeem(db, "alice", rid, f"k-{rid}")
    assert list_rewards(db) == []
    assert len(list_rewards(db, include_inactive=True)) == 3
    with pytest.raises(NotFound):
        redeem(db, "alice", "missing", "k")
    assert balance(db, "alice") == 1000


def test_operators_add_edit_and_deactivate_rewards(db: Database) -> None:
    reward(db, stock=5)
    with pytest.raises(Conflict):
        reward(db)
    edited = edit_reward(db, "merch", RewardChanges(amount=250, stock=None, name="Hoodie"))
    assert (edited.amount, edited.stock, edited.name) == (250, None, "Hoodie")
    with pytest.raises(InvalidInput):
        edit_reward(db, "merch", RewardChanges(amount=0))
    with pytest.raises(InvalidInput):
        edit_reward(db, "merch", RewardChanges())
    with pytest.raises(NotFound):
        edit_reward(db, "nope", RewardChanges(amount=5))
    assert deactivate_reward(db, "merch").active is False


def test_stock_cannot_drop_below_what_pending_redemptions_reserved(db: Database) -> None:
    fund(db, {"alice": 500})
    reward(db, stock=3)
    redeem(db, "alice", "merch", "k1")
    redeem(db, "alice", "merch", "k2")
    with pytest.raises(InvalidInput):
        edit_reward(db, "merch", RewardChanges(stock=1))
    with pytest.raises(InvalidInput):
        edit_reward(db, "merch", RewardChanges(stock=None))
    assert edit_reward(db, "merch", RewardChanges(stock=2)).available == 0


def test_pending_redemptions_keep_their_price_after_an_edit(db: Database) -> None:
    fund(db, {"alice": 500})
    reward(db)
    r = redeem(db, "alice", "merch", "k1")
    edit_reward(db, "merch", RewardChanges(amount=300))
    cancel(db, r.id)
    assert balance(db, "alice") == 500 and verify(db).ok


def test_seeding_the_default_catalogue_is_idempotent(db: Database) -> None:
    first = seed_default_catalogue(db)
    second = seed_default_catalogue(db)
    assert [r.reward_id for r in first] == [r.reward_id for r in second]
    merch = get_reward(db, "tiktok-merch")
    assert merch.amount == 2500 and merch.kind == "merch"  # $25 at 100 points a dollar
    kinds = {r.kind for r in list_rewards(db)}
    assert kinds == {"merch", "marketing_credit", "cash", "exposure"}
    assert get_reward(db, "fyp-10min").exposure_minutes == 10


def test_a_fulfilled_exposure_redemption_creates_an_exported_grant(db: Database) -> None:
    fund(db, {"alice": 2000})
    add_videos(db, [("clip", "alice")])
    seed_default_catalogue(db)
    r = redeem(db, "alice", "fyp-10min", "k1", video_id="clip")
    assert json.loads(export_exposure(db, "json")) == []
    fulfil(db, r.id)
    grants = json.loads(export_exposure(db, "json"))
    assert [(g["creator_id"], g["video_id"], g["minutes"]) for g in grants] == [
        ("alice", "clip", 10)
    ]
    rows = list(csv.DictReader(io.StringIO(export_exposure(db, "csv"))))
    assert rows[0]["redemption_id"] == r.id and rows[0]["minutes"] == "10"
    with pytest.raises(InvalidInput):
        export_exposure(db, "xml")


def test_only_the_creators_own_video_can_get_exposure(db: Database) -> None:
    fund(db, {"alice": 2000, "bob": 10})
    add_videos(db, [("bobclip", "bob")])
    seed_default_catalogue(db)
    with pytest.raises(InvalidInput):
        redeem(db, "alice", "fyp-10min", "k1", video_id="bobclip")
    with pytest.raises(InvalidInput):
        redeem(db, "alice", "tiktok-merch", "k2", video_id="bobclip")
    assert balance(db, "alice") == 2000


def test_redemptions_are_listed_by_creator_and_status(db: Database) -> None:
    fund(db, {"alice": 500, "bob": 500})
    reward(db)
    a = redeem(db, "alice", "merch", "k1")
    redeem(db, "bob", "merch", "k1")
    fulfil(db, a.id)
    assert [r.id for r in list_redemptions(db, creator_id="alice")] == [a.id]
    assert [r.creator_id for r in list_redemptions(db, status="pending")] == ["bob"]
    with pytest.raises(InvalidInput):
        list_redemptions(db, status="lost")


def test_a_creator_without_points_cannot_redeem(db: Database) -> None:
    add_creators(db, ["carol"])
    reward(db)
    with pytest.raises(InsufficientPoints):
        redeem(db, "carol", "merch", "k")
    with pytest.raises(NotFound):
        redeem(db, "ghost", "merch", "k")
