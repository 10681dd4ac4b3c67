"""Each page's logic through Streamlit's AppTest, against a seeded SQLite file database."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from ui_seed import REPO_ROOT, SOLD_OUT, TOO_DEAR, TOO_DEAR_PRICE, UiEnv

from hackoclock.ledger import service as ledger
from hackoclock.shop import service as shop
from hackoclock.shop.defaults import DEFAULT_CATALOGUE
from hackoclock.ui.format import points

TIMEOUT = 60
FYP = next(r.amount for r in DEFAULT_CATALOGUE if r.reward_id == "fyp-10min")
APP = REPO_ROOT / "src" / "hackoclock" / "ui" / "app.py"
DASHBOARD = REPO_ROOT / "dashboard.py"
REWARDS = REPO_ROOT / "rewards.py"


def open_app(script: Path) -> AppTest:
    return AppTest.from_file(script, default_timeout=TIMEOUT).run()


def sign_in(at: AppTest, token: str) -> AppTest:
    at.text_input(key="hk_signin_token").input(token)
    return at.button(key="FormSubmitter:hk_signin_form-Sign in").click().run()


def metric(at: AppTest, label: str) -> str:
    return next(str(m.value) for m in at.metric if m.label == label)


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    for kind in (at.success, at.error, at.warning, at.info):
        parts += [e.value for e in kind]
    return "\n".join(str(p) for p in parts)


def test_the_app_asks_for_a_token_before_showing_anything(ui_env: UiEnv) -> None:
    at = open_app(REWARDS)
    assert [t.value for t in at.title] == ["Sign in to Hackoclock"]
    assert not at.metric


def test_signing_in_with_a_creator_token_shows_that_creators_balance(ui_env: UiEnv) -> None:
    seeded = ui_env.seeded
    at = sign_in(open_app(REWARDS), ui_env.token(seeded.rich_creator, "creator"))
    assert not at.exception
    assert [t.value for t in at.title] == ["Rewards Shop"]
    assert metric(at, "Balance") == points(seeded.rich_balance)


def test_a_bad_token_is_refused_with_a_clear_message(ui_env: UiEnv) -> None:
    at = sign_in(open_app(DASHBOARD), "not-a-token")
    assert any("Could not sign you in: malformed token" in e.value for e in at.error)
    assert [t.value for t in at.title] == ["Sign in to Hackoclock"]


def test_the_dashboard_shows_balance_periods_videos_and_explanations(ui_env: UiEnv) -> None:
    seeded = ui_env.seeded
    at = sign_in(open_app(DASHBOARD), ui_env.token(seeded.rich_creator, "creator"))
    assert not at.exception
    assert [t.value for t in at.title] == ["Creator Dashboard"]
    assert metric(at, "Balance") == points(seeded.rich_balance)
    assert metric(at, "Lifetime points") == points(seeded.rich_balance)
    videos = at.dataframe[0].value
    assert list(videos.columns) == ["Video", "Points", "Est. value", "Views", "Likes", "Status"]
    assert metric(at, "Estimated earnings").startswith("$")
    assert videos["Points"].sum() == seeded.rich_balance
    assert any("points" in i.value for i in at.info)  # what would move it up
    assert any(m.value.startswith("- ") for m in at.markdown)  # explanation sentences


def test_the_dashboard_can_show_the_seed_period_beside_the_paid_one(ui_env: UiEnv) -> None:
    seeded = ui_env.seeded
    at = sign_in(open_app(DASHBOARD), ui_env.token(seeded.rich_creator, "creator"))
    period = at.selectbox(key="hk_dashboard_period")
    assert period.value == seeded.paid_run
    period.select(seeded.seed_run).run()
    assert not at.exception
    assert at.selectbox(key="hk_dashboard_period").value == seeded.seed_run
    assert "seed" in at.selectbox(key="hk_dashboard_period").format_func(seeded.seed_run)


def test_a_creator_sees_neither_operator_tools_nor_a_creator_picker(ui_env: UiEnv) -> None:
    seeded = ui_env.seeded
    at = sign_in(open_app(APP), ui_env.token(seeded.poor_creator, "creator"))
    assert [t.value for t in at.title] == ["Creator Dashboard"]
    assert "Creator" not in [s.label for s in at.selectbox]
    assert not [b for b in at.button if (b.key or "").startswith("hk_release_")]
    assert seeded.rich_creator not in texts(at)


def test_redeeming_asks_for_confirmation_and_charges_once_on_a_double_click(
    ui_env: UiEnv,
) -> None:
    seeded = ui_env.seeded
    at = sign_in(open_app(REWARDS), ui_env.token(seeded.rich_creator, "creator"))
    at.button(key="hk_redeem_fyp-10min").click().run()
    assert "Redeem 10 minutes" in texts(at) or "Your balance will be" in texts(at)
    assert metric(at, "Balance") == points(seeded.rich_balance)  # nothing charged yet
    confirm = at.button(key="hk_confirm_fyp-10min")
    confirm.click()
    confirm.click()  # a double click: the same key goes to the shop twice at most
    at.run()
    assert not at.exception
    db = ui_env.database()
    try:
        mine = shop.list_redemptions(db, creator_id=seeded.rich_creator)
        assert [r.reward_id for r in mine] == ["fyp-10min"]
        assert ledger.balance(db, seeded.rich_creator) == seeded.rich_balance - FYP
    finally:
        db.dispose()
    assert metric(at, "Balance") == points(seeded.rich_balance - FYP)
    assert any("Redeemed" in s.value for s in at.success)
    history = at.table[0].value
    assert history["Points"].iloc[0] == f"\\-{FYP:,}"  # escaped Markdown: shows as -800
    assert history["What"].iloc[0].startswith("Redeemed")


def test_a_rerun_after_redeeming_does_not_redeem_again(ui_env: UiEnv) -> None:
    seeded = ui_env.seeded
    at = sign_in(open_app(REWARDS), ui_env.token(seeded.rich_creator, "creator"))
    at.button(key="hk_redeem_tiktok-merch").click().run()
    at.button(key="hk_confirm_tiktok-merch").click().run()
    at.run()
    at.run()
    db = ui_env.database()
    try:
        assert len(shop.list_redemptions(db, creator_id=seeded.rich_creator)) == 1
    finally:
        db.dispose()


def test_cancelling_the_confirmation_redeems_nothing(ui_env: UiEnv) -> None:
    seeded = ui_env.seeded
    at = sign_in(open_app(REWARDS), ui_env.token(seeded.rich_creator, "creator"))
    at.button(key="hk_redeem_tiktok-merch").click().run()
    at.button(key="hk_cancel_tiktok-merch").click().run()
    assert metric(at, "Balance") == points(seeded.rich_balance)
    assert at.button(key="hk_redeem_tiktok-merch").label == "Redeem"


def test_a_reward_beyond_the_balance_says_how_many_points_are_missing(ui_env: UiEnv) -> None:
    seeded = ui_env.seeded
    at = sign_in(open_app(REWARDS), ui_env.token(seeded.rich_creator, "creator"))
    missing = points(TOO_DEAR_PRICE - seeded.rich_balance)
    assert f"Not enough points: you need {missing} more" in texts(at).replace("\\", "")
    assert at.button(key=f"hk_redeem_{TOO_DEAR}").disabled
    assert at.button(key=f"hk_redeem_{SOLD_OUT}").disabled
    assert "Out of stock" in texts(at).replace("\\", "")


def test_points_spent_elsewhere_before_confirming_give_a_clear_message(ui_env: UiEnv) -> None:
    seeded = ui_env.seeded
    db = ui_env.database()
    bonus = shop.get_reward(db, "cash-bonus-25").amount
    credit = shop.get_reward(db, "marketing-credit-10").amount
    assert bonus <= seeded.mid_balance < bonus + 4 * credit  # four credits bring it below
    at = sign_in(open_app(REWARDS), ui_env.token(seeded.mid_creator, "creator"))
    at.button(key="hk_redeem_cash-bonus-25").click().run()
    try:  # meanwhile, another browser tab spends points
        spent = 0
        while ledger.balance(db, seeded.mid_creator) >= bonus:
            shop.redeem(db, seeded.mid_creator, "marketing-credit-10", f"other-tab-{spent}")
            spent += 1
        at.button(key="hk_confirm_cash-bonus-25").click().run()
        assert any("Not enough points" in e.value for e in at.error)
        mine = shop.list_redemptions(db, creator_id=seeded.mid_creator)
        assert {r.reward_id for r in mine} == {"marketing-credit-10"}
    finally:
        db.dispose()


def test_demo_mode_lets_you_pick_a_creator_and_says_so_on_every_page(
    ui_env: UiEnv, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HACKOCLOCK_DEMO_MODE", "1")
    monkeypatch.delenv("HACKOCLOCK_JWT_SECRET")  # demo mode never runs beside a real key
    seeded = ui_env.seeded
    for script, title in ((DASHBOARD, "Creator Dashboard"), (REWARDS, "Rewards Shop")):
        at = open_app(script)
        assert [t.value for t in at.title] == [title]
        assert any(w.value.startswith("Demo mode") for w in at.warning)
        at.sidebar.selectbox(key="hk_demo_creator").select(seeded.rich_creator).run()
        assert metric(at, "Balance") == points(seeded.rich_balance)
    at.sidebar.radio(key="hk_demo_role").set_value("operator").run()
    assert [t.value for t in at.title] == ["Operator Console"]
    assert any(w.value.startswith("Demo mode") for w in at.warning)


def test_an_operator_releases_a_held_video_and_its_creator_gets_the_points(
    ui_env: UiEnv,
) -> None:
    db = ui_env.database()
    try:
        item = ledger.list_held(db, limit=1)[0]
        before = ledger.balance(db, item.creator_id)
        at = sign_in(open_app(APP), ui_env.token("ops-anna", "operator"))
        assert [t.value for t in at.title] == ["Operator Console"]
        at.button(key=f"hk_release_{item.run_id}_{item.video_id}").click().run()
        assert not at.exception
        assert any("released to the creator" in s.value for s in at.success)
        assert ledger.balance(db, item.creator_id) == before + item.amount
        remaining = ledger.list_held(db, limit=1000)
        assert (item.run_id, item.video_id) not in {(h.run_id, h.video_id) for h in remaining}
        assert len(remaining) == ui_env.seeded.held_count - 1
    finally:
        db.dispose()


def test_voiding_a_held_video_needs_a_reason(ui_env: UiEnv) -> None:
    db = ui_env.database()
    try:
        item = ledger.list_held(db, limit=1)[0]
        key = f"{item.run_id}_{item.video_id}"
        at = sign_in(open_app(APP), ui_env.token("ops-anna", "operator"))
        at.button(key=f"hk_void_{key}").click().run()
        assert any("Write a reason" in e.value for e in at.error)
        assert len(ledger.list_held(db, limit=1000)) == ui_env.seeded.held_count
        at.text_input(key=f"hk_void_reason_{key}").input("bought views")
        at.button(key=f"hk_void_{key}").click().run()
        assert any("voided" in s.value for s in at.success)
        assert len(ledger.list_held(db, limit=1000)) == ui_env.seeded.held_count - 1
    finally:
        db.dispose()


def test_a_creator_sees_why_a_video_is_held(ui_env: UiEnv) -> None:
    db = ui_env.database()
    try:
        item = ledger.list_held(db, limit=1)[0]
    finally:
        db.dispose()
    at = sign_in(open_app(DASHBOARD), ui_env.token(item.creator_id, "creator"))
    assert metric(at, "Held for review") != points(0)
    attention = at.dataframe[1].value
    held = attention[attention["Status"] == "held for review"]
    assert len(held) >= 1
    assert "views without engagement" in set(held["Reason"])


def test_goals_show_how_far_the_next_rewards_are(ui_env: UiEnv) -> None:
    seeded = ui_env.seeded
    at = sign_in(open_app(DASHBOARD), ui_env.token(seeded.poor_creator, "creator"))
    bars = [p for p in at.get("progress")]
    assert bars, "no goal progress bars"
    assert "TikTok sticker pack" in bars[0].proto.text  # the cheapest reward first
    assert "to go" in bars[0].proto.text


AUTH_SECRETS = {
    "redirect_uri": "http://127.0.0.1:8501/oauth2callback",
    "cookie_secret": "test-cookie-secret",
    "client_id": "hackoclock",
    "client_secret": "secret",
    "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration",
}


def oidc_app(user: dict[str, object]) -> AppTest:
    at = AppTest.from_file(DASHBOARD, default_timeout=TIMEOUT)
    at.secrets["auth"] = AUTH_SECRETS
    at.user = user
    return at.run()


def test_with_an_identity_provider_configured_the_login_button_appears(ui_env: UiEnv) -> None:
    at = oidc_app({"is_logged_in": False})
    button = at.button(key="hk_oidc_login")
    assert button.label == "Sign in with your company account"
    button.click().run()
    assert any("Authlib" in e.value for e in at.error)  # not installed here: says so


def test_an_oidc_login_naming_a_creator_opens_that_creators_dashboard(ui_env: UiEnv) -> None:
    seeded = ui_env.seeded
    at = oidc_app(
        {"is_logged_in": True, "email": "star@example.com", "hackoclock_sub": seeded.rich_creator}
    )
    assert [t.value for t in at.title] == ["Creator Dashboard"]
    assert metric(at, "Balance") == points(seeded.rich_balance)


def test_an_oidc_login_without_a_creator_id_is_refused(ui_env: UiEnv) -> None:
    at = oidc_app({"is_logged_in": True, "email": "someone@example.com", "sub": "google-1"})
    assert [t.value for t in at.title] == ["Sign in to Hackoclock"]
    assert any("hackoclock_sub" in e.value for e in at.error)
    assert not at.metric
