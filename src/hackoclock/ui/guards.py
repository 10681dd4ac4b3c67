"""Page guards: a page runs only for the role it is made for."""

from __future__ import annotations

import streamlit as st

from hackoclock.ui import session
from hackoclock.ui.identity import Identity


def require_role(role: str) -> Identity:
    """The signed-in Identity if it has ``role``; otherwise say so and stop the page."""
    who = session.identity()
    if who is None:
        st.error("Please sign in first.")
        st.stop()
    if who.principal.role != role:
        st.error(f"This page is for {role}s; you are signed in as {who.principal.role}.")
        st.stop()
    return who
