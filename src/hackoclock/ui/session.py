"""Per-browser-session state: the settings, the cached Database and who is signed in.

The Database is cached process-wide with ``st.cache_resource`` (one engine per URL, shared by
every session); the signed-in Identity lives in ``st.session_state`` and so belongs to one
browser tab only.
"""

from __future__ import annotations

import streamlit as st

from hackoclock.bootstrap import open_database
from hackoclock.db.engine import Database
from hackoclock.settings import Settings
from hackoclock.ui.identity import Identity

_IDENTITY_KEY = "hk_identity"


def settings() -> Settings:
    """The settings, read from the environment on every rerun (cheap, and tests can change it)."""
    return Settings()


@st.cache_resource(show_spinner=False)
def _database(url: str) -> Database:
    return open_database(Settings(database_url=url))


def database() -> Database:
    """The application's Database, one per URL for the whole server process."""
    return _database(settings().resolved_database_url)


def identity() -> Identity | None:
    """Who is signed in in this browser session, if anybody."""
    value = st.session_state.get(_IDENTITY_KEY)
    return value if isinstance(value, Identity) else None


def sign_in(who: Identity) -> None:
    """Remember ``who`` for this browser session (and forget any pending page state)."""
    forget_page_state()
    st.session_state[_IDENTITY_KEY] = who


def sign_out() -> None:
    """Forget who is signed in, and everything they had pending."""
    forget_page_state()
    st.session_state.pop(_IDENTITY_KEY, None)


def forget_page_state() -> None:
    """Drop page state (pending redemptions, last results) so nothing leaks across identities."""
    for key in list(st.session_state.keys()):
        if isinstance(key, str) and key.startswith("hk_page_"):
            del st.session_state[key]
