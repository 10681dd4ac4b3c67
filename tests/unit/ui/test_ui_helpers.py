from __future__ import annotations

from datetime import UTC, datetime

from hackoclock.auth import Principal
from hackoclock.shop.models import Reward
from hackoclock.ui.console.fairness import NONE, latest_of
from hackoclock.ui.console.imports import safe_file_name
from hackoclock.ui.console.review import flag_text
from hackoclock.ui.console.scoring import progress_fraction
from hackoclock.ui.dashboard_data import default_run
from hackoclock.ui.identity import Identity
from hackoclock.ui.shell import allowed_keys
from hackoclock.ui.views.dashboard import period_span
from hackoclock.ui.views.shop import describe_ref, signed, why_not


def _who(role: str) -> Identity:
    return Identity(Principal(sub="x", role=role), via="token")  # type: ignore[arg-type]


def test_before_sign_in_every_page_is_reachable_to_show_the_sign_in_form() -> None:
    assert allowed_keys(None) == ["dashboard", "rewards", "operator"]


def test_creators_get_dashboard_and_shop_and_operators_only_the_console() -> None:
    assert allowed_keys(_who("creator")) == ["dashboard", "rewards"]
    assert allowed_keys(_who("operator")) == ["operator"]


def test_the_dashboard_opens_on_the_newest_run_of_the_default_method() -> None:
    periods = [
        {"run_id": 1, "method": "value"},
        {"run_id": 2, "method": "value"},
        {"run_id": 3, "method": "fair"},
        {"run_id": 4, "method": "seed"},
    ]
    assert default_run(periods) == 2
    assert default_run([{"run_id": 5, "method": "seed"}]) == 5
    assert default_run([]) is None


def test_a_period_from_the_epoch_reads_as_all_time() -> None:
    epoch = {
        "period_start": datetime(1970, 1, 1, tzinfo=UTC),
        "period_end": datetime(2026, 11, 28, tzinfo=UTC),
    }
    week = {
        "period_start": datetime(2020, 12, 1, tzinfo=UTC),
        "period_end": datetime(2020, 12, 8, tzinfo=UTC),
    }
    assert period_span(epoch) == "all time to 2026-11-28"
    assert period_span(week) == "2020-12-01 to 2020-12-08"


def test_transfer_references_are_put_in_words() -> None:
    assert describe_ref("accrual:3:v9") == "run 3, video v9"
    assert describe_ref("redemption:0123456789abcdef") == "redemption 01234567"
    assert describe_ref("something-else") == "something-else"
    assert signed(1234) == "+1,234"
    assert signed(-500) == "-500"


def test_uploaded_file_names_are_reduced_to_safe_characters() -> None:
    assert safe_file_name("../../etc/passwd") == "passwd"
    assert safe_file_name("my data (1).csv") == "my_data_1_.csv"
    assert safe_file_name("...") == "upload"


def test_scoring_progress_follows_the_service_messages() -> None:
    assert progress_fraction("reading snapshots") < progress_fraction("scoring 10 videos")
    assert progress_fraction("writing results") < progress_fraction("run 4 finished") == 1.0
    assert progress_fraction("something new") > 0


def test_held_reasons_are_words_not_codes() -> None:
    assert flag_text(["views_without_engagement"]) == "views without engagement"
    assert flag_text(None) == "held for review"


def test_the_fairness_tab_picks_the_newest_run_of_each_method() -> None:
    runs = [{"id": 9, "method": "seed"}, {"id": 8, "method": "fair"}, {"id": 7, "method": "fair"}]
    assert latest_of(runs, "fair") == 8
    assert latest_of(runs, "seed") == 9
    assert latest_of([], "fair") == NONE


def _reward(**changes: object) -> Reward:
    now = datetime(2026, 11, 28, tzinfo=UTC)
    values: dict[str, object] = {
        "reward_id": "cap", "name": "Cap", "description": "", "kind": "merch", "amount": 300,
        "exposure": "Cap", "exposure_minutes": None, "stock": None, "reserved": 0,
        "limit_per_period": None, "limit_period": "week", "active": True, "active_from": None,
        "active_until": None, "created_at": now, "updated_at": now,
    }  # fmt: skip
    values.update(changes)
    return Reward(**values)  # type: ignore[arg-type]


def test_the_shop_card_says_why_a_reward_cannot_be_redeemed() -> None:
    assert why_not(1000, _reward(), None) is None
    assert why_not(1000, _reward(stock=2, reserved=2), None) == "Out of stock."
    assert (
        why_not(1000, _reward(limit_per_period=1), 1) == "You have reached the limit for this week."
    )
    assert why_not(1000, _reward(limit_per_period=2), 1) is None
    assert why_not(250, _reward(), None) == "Not enough points: you need 50 pts more."
