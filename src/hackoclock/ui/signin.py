"""Sign-in widgets: a bearer token, OIDC through ``st.login`` when configured, or demo mode."""

from __future__ import annotations

import importlib.util

import streamlit as st

from hackoclock.auth import verify_token
from hackoclock.errors import HackoclockError
from hackoclock.ui import session
from hackoclock.ui.identity import Identity, principal_from_claims


def oidc_configured() -> bool:
    """True when ``.streamlit/secrets.toml`` has an ``[auth]`` section for ``st.login``."""
    try:
        return "auth" in st.secrets
    except (FileNotFoundError, KeyError, st.errors.StreamlitSecretNotFoundError):
        return False


def adopt_oidc_login() -> None:
    """Turn a finished OIDC login (``st.user``) into this session's Identity."""
    if session.identity() is not None or not oidc_configured() or not st.user.is_logged_in:
        return
    try:
        principal = principal_from_claims(st.user.to_dict())
    except HackoclockError as exc:
        st.error(exc.message)
        return
    session.sign_in(Identity(principal=principal, via="oidc"))


def render_sign_in() -> None:
    """The sign-in screen: a token form, and an OIDC button when an identity provider is set."""
    st.title("Sign in to Hackoclock")
    st.write("Creators see their points and spend them; operators run scoring periods.")
    with st.form("hk_signin_form", clear_on_submit=True):
        token = st.text_input(
            "Access token",
            type="password",
            key="hk_signin_token",
            help="Ask an operator for one: hackoclock token create --sub <id> --role creator",
        )
        submitted = st.form_submit_button("Sign in", type="primary")
    if submitted:
        _sign_in_with_token(token.strip())
    if oidc_configured():
        st.divider()
        if st.button("Sign in with your company account", key="hk_oidc_login"):
            _start_oidc_login()


def _sign_in_with_token(token: str) -> None:
    if not token:
        st.error("Paste your access token first.")
        return
    try:
        principal = verify_token(session.settings(), token)
    except HackoclockError as exc:
        st.error(f"Could not sign you in: {exc.message}")
        return
    session.sign_in(Identity(principal=principal, via="token"))
    st.rerun()


def _start_oidc_login() -> None:
    if importlib.util.find_spec("authlib") is None:
        st.error("OIDC sign-in needs the Authlib package on the server (pip install Authlib).")
        return
    st.login()


def render_sign_out() -> None:
    """A sidebar button that forgets the session's identity (and ends an OIDC login)."""
    who = session.identity()
    if who is None or who.is_demo:
        return
    if st.sidebar.button("Sign out", key="hk_sign_out"):
        session.sign_out()
        if who.via == "oidc":
            st.logout()
        st.rerun()
