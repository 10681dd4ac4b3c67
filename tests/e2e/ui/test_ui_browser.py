"""The app in a real headless Chromium: a creator redeems, an operator releases a held video.

Starts ``streamlit run rewards.py`` on a free 127.0.0.1 port against a private copy of the
seeded database and saves screenshots at 1280 px and 375 px to ``artifacts/screenshots/``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright
from ui_seed import REPO_ROOT, UiEnv
from ui_server import streamlit_server

from hackoclock.ledger import service as ledger
from hackoclock.shop.defaults import DEFAULT_CATALOGUE
from hackoclock.ui.format import points

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
FYP = next(r.amount for r in DEFAULT_CATALOGUE if r.reward_id == "fyp-10min")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SHOTS = REPO_ROOT / "artifacts" / "screenshots"
WAIT_MS = 30_000
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
expect.set_options(timeout=WAIT_MS)


@pytest.fixture
def app_url(ui_env: UiEnv, tmp_path: Path) -> Iterator[str]:
    with streamlit_server("rewards.py", ui_env.env, tmp_path) as url:
        yield url


@pytest.fixture
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def open_page(browser: Browser, url: str, viewport: dict[str, int]) -> Page:
    page = browser.new_context(viewport=viewport).new_page()  # type: ignore[arg-type]
    page.set_default_timeout(WAIT_MS)
    page.goto(url)
    expect(page.get_by_test_id("stApp")).to_be_visible()
    settle(page)
    return page


def settle(page: Page) -> None:
    """Wait until Streamlit has finished the current rerun."""
    page.wait_for_timeout(300)
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=WAIT_MS)


def sign_in(page: Page, token: str, *, screenshot: str | None = None) -> None:
    expect(page.get_by_role("heading", name="Sign in to Hackoclock")).to_be_visible()
    if screenshot:
        shot(page, screenshot)
    page.get_by_label("Access token", exact=True).fill(token)
    page.get_by_role("button", name="Sign in").click()
    settle(page)


def metric_value(page: Page, label: str) -> str:
    card = page.get_by_test_id("stMetric").filter(has_text=label).first
    return card.get_by_test_id("stMetricValue").inner_text().strip()


def shot(page: Page, name: str) -> None:
    """A screenshot of the whole page: the viewport grows to the content's height for it
    (Streamlit scrolls inside its main container, so full_page alone shows one screen)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(1500)  # charts and lazy widgets finish drawing
    size = page.viewport_size or DESKTOP
    height = page.evaluate(
        "Math.max(...[...document.querySelectorAll('[data-testid=stMain] > div')]"
        ".map(e => e.scrollHeight), window.innerHeight)"
    )
    page.set_viewport_size({"width": size["width"], "height": min(int(height) + 80, 8000)})
    page.wait_for_timeout(1000)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
    page.set_viewport_size(size)


def test_a_creator_redeems_a_reward_and_sees_the_balance_drop(
    ui_env: UiEnv, app_url: str, browser: Browser
) -> None:
    seeded = ui_env.seeded
    page = open_page(browser, app_url, DESKTOP)
    sign_in(page, ui_env.token(seeded.rich_creator, "creator"), screenshot="signin-1280")
    expect(page.get_by_role("heading", name="Rewards Shop")).to_be_visible()
    assert metric_value(page, "Balance") == points(seeded.rich_balance)
    shot(page, "shop-1280")

    page.locator(".st-key-hk_redeem_fyp-10min button").click()
    settle(page)
    expect(page.get_by_text("Your balance will be")).to_be_visible()
    page.locator(".st-key-hk_confirm_fyp-10min button").click()
    settle(page)
    expect(page.get_by_text("Redeemed 10 minutes")).to_be_visible()
    assert metric_value(page, "Balance") == points(seeded.rich_balance - FYP)
    first_row = page.get_by_test_id("stTable").locator("tbody tr").first
    expect(first_row).to_contain_text("Redeemed")
    expect(first_row).to_contain_text(f"-{FYP}")
    shot(page, "shop-redeemed-1280")

    page.get_by_role("link", name="Creator Dashboard").click()
    settle(page)
    expect(page.get_by_role("heading", name="Creator Dashboard")).to_be_visible()
    assert metric_value(page, "Balance") == points(seeded.rich_balance - FYP)
    shot(page, "dashboard-1280")


def test_an_operator_releases_a_held_video(ui_env: UiEnv, app_url: str, browser: Browser) -> None:
    db = ui_env.database()
    try:
        item = ledger.list_held(db, limit=1)[0]
        before = ledger.balance(db, item.creator_id)
        page = open_page(browser, app_url, DESKTOP)
        sign_in(page, ui_env.token("ops-anna", "operator"))
        expect(page.get_by_role("heading", name="Operator Console")).to_be_visible()
        shot(page, "operator-1280")
        page.locator(f".st-key-hk_release_{item.run_id}_{item.video_id} button").click()
        settle(page)
        expect(page.get_by_text("released to the creator")).to_be_visible()
        assert ledger.balance(db, item.creator_id) == before + item.amount
        expect(page.locator(f".st-key-hk_release_{item.run_id}_{item.video_id}")).to_have_count(0)
        page.get_by_role("tab", name="Fairness").click()
        expect(page.get_by_test_id("stVegaLiteChart").first).to_be_visible()
        expect(page.get_by_test_id("stMetric").filter(has_text="Gini")).to_have_count(2)
        shot(page, "operator-fairness-1280")
    finally:
        db.dispose()


def test_the_pages_fit_a_phone_screen(ui_env: UiEnv, app_url: str, browser: Browser) -> None:
    seeded = ui_env.seeded
    page = open_page(browser, app_url, PHONE)
    sign_in(page, ui_env.token(seeded.rich_creator, "creator"), screenshot="signin-375")
    expect(page.get_by_role("heading", name="Rewards Shop")).to_be_visible()
    assert metric_value(page, "Balance") == points(seeded.rich_balance)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the shop scrolls sideways at 375 px ({width} px wide)"
    shot(page, "shop-375")
    page.get_by_test_id("stExpandSidebarButton").click()
    page.get_by_role("link", name="Creator Dashboard").click()
    settle(page)
    if page.get_by_test_id("stSidebarCollapseButton").is_visible():
        page.get_by_test_id("stSidebarCollapseButton").locator("button").click()
    expect(page.get_by_role("heading", name="Creator Dashboard")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the dashboard scrolls sideways at 375 px ({width} px)"
    shot(page, "dashboard-375")
    operator = open_page(browser, app_url, PHONE)
    sign_in(operator, ui_env.token("ops-anna", "operator"))
    expect(operator.get_by_role("heading", name="Operator Console")).to_be_visible()
    shot(operator, "operator-375")
