"""The app shell: sign-in, the navigation between the three pages, the demo-mode notice.

Creators see the Creator Dashboard and the Rewards Shop (their own data only); operators see
the Operator Console. The entry scripts (``ui/app.py``, ``dashboard.py``, ``rewards.py``) only
call ``run_app`` with the page to open on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from hackoclock.ui import demo, session, signin
from hackoclock.ui.format import plain
from hackoclock.ui.identity import Identity
from hackoclock.ui.views import dashboard, operator, shop


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str
    icon: str
    render: Callable[[], None]
    roles: frozenset[str]


PAGES: tuple[PageSpec, ...] = (
    PageSpec(
        "dashboard",
        "Creator Dashboard",
        ":material/insights:",
        dashboard.render,
        frozenset({"creator"}),
    ),
    PageSpec("rewards", "Rewards Shop", ":material/redeem:", shop.render, frozenset({"creator"})),
    PageSpec(
        "operator", "Operator Console", ":material/tune:", operator.render, frozenset({"operator"})
    ),
)


def allowed_keys(who: Identity | None) -> list[str]:
    """The pages a visitor may use: every page before sign-in (each shows the sign-in form),
    afterwards only the pages of their role."""
    if who is None:
        return [spec.key for spec in PAGES]
    return [spec.key for spec in PAGES if who.principal.role in spec.roles]


def run_app(default: str = "dashboard") -> None:
    """Build the navigation, sign the visitor in, and run the chosen page."""
    st.set_page_config(page_title="Hackoclock", page_icon=":material/bolt:", layout="wide")
    settings = session.settings()
    if settings.demo_mode and (refused := demo.refusal(settings)) is not None:
        st.error(f"Demo mode refused: {refused}")
        st.stop()
    signin.adopt_oidc_login()
    if settings.demo_mode:
        demo.render_picker()
    who = session.identity()
    allowed = allowed_keys(who)
    start = default if default in allowed else allowed[0]
    pages = {
        spec.key: st.Page(
            spec.render,
            title=spec.title,
            icon=spec.icon,
            url_path=spec.key,
            default=spec.key == start,
            visibility="visible" if spec.key in allowed else "hidden",
        )
        for spec in PAGES
    }
    current = st.navigation(list(pages.values()))
    if settings.demo_mode:
        demo.render_banner()
    if who is None:
        signin.render_sign_in()
        return
    current_key = next((k for k, page in pages.items() if page.title == current.title), start)
    st.sidebar.caption(f"Signed in as {plain(who.label)}")
    signin.render_sign_out()
    # A page of another role (an operator who signed in on the dashboard's URL) shows the
    # role's first page instead. Not st.switch_page: its rerun drops the widget change that
    # switched the role in demo mode.
    if current_key in allowed:
        current.run()
    else:
        next(spec for spec in PAGES if spec.key == start).render()
