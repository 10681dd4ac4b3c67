"""Demo mode (``HACKOCLOCK_DEMO_MODE=1``): pick any creator, or the operator, without a token.

For showing the app on sample data only. Every page says it is in demo mode, because anyone
can pick anyone here. It is refused beside a real JWT key (an environment variable left over
from a demo must not open a production app) and for visitors from another machine
(``serve ui --demo`` binds loopback only; this covers an app started some other way).
"""

from __future__ import annotations

import streamlit as st

from hackoclock import creators as directory
from hackoclock.auth import Principal
from hackoclock.auth.demo import DemoModeRefused, check_demo_keys, is_loopback
from hackoclock.settings import Settings
from hackoclock.ui import session
from hackoclock.ui.format import plain
from hackoclock.ui.identity import Identity

DEMO_OPERATOR = "demo-operator"
_ROLE_LABELS = {"creator": "Creator", "operator": "Operator"}


def refusal(settings: Settings) -> str | None:
    """Why demo mode may not run for this visitor, or None when it may."""
    try:
        check_demo_keys(settings)
    except DemoModeRefused as exc:
        return exc.message
    peer = st.context.ip_address  # None for a loopback visitor (or no known peer)
    if isinstance(peer, str) and peer and not is_loopback(peer):
        return "Demo mode answers only visitors on this machine (loopback)."
    return None


def render_picker() -> None:
    """Sidebar widgets that choose who you are; signs that person in for this session."""
    st.sidebar.subheader("Demo mode")
    role = st.sidebar.radio(
        "View as",
        options=list(_ROLE_LABELS),
        format_func=_ROLE_LABELS.__getitem__,
        key="hk_demo_role",
        horizontal=True,
    )
    if role == "operator":
        _adopt(Principal(sub=DEMO_OPERATOR, role="operator"))
        return
    entries = directory.list_creators(session.database())
    if not entries:
        st.sidebar.info("No creators yet: load data in the Operator Console.")
        session.sign_out()
        return
    by_id = {entry.creator_id: entry for entry in entries}
    chosen = st.sidebar.selectbox(
        "Creator",
        options=list(by_id),
        format_func=lambda cid: by_id[cid].handle,
        key="hk_demo_creator",
    )
    _adopt(Principal(sub=str(chosen), role="creator"))


def _adopt(principal: Principal) -> None:
    current = session.identity()
    if current is None or current.principal != principal:
        session.sign_in(Identity(principal=principal, via="demo"))


def render_banner() -> None:
    """The notice every page shows in demo mode."""
    who = session.identity()
    name = plain(who.principal.sub) if who else "nobody"
    st.warning(
        f"Demo mode: you are viewing as {name}, picked in the sidebar without signing in. "
        "Never enable demo mode in production.",
        icon=":material/science:",
    )
