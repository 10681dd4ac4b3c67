"""Operator Console, Redemptions tab: fulfil or cancel what creators redeemed."""

from __future__ import annotations

import streamlit as st

from hackoclock.errors import HackoclockError
from hackoclock.shop import service as shop
from hackoclock.ui import session
from hackoclock.ui.format import plain, points, when

QUEUE_ROWS = 50
_NOTICE_KEY = "hk_page_redemptions_notice"


def render() -> None:
    """Pending redemptions, oldest first, each with Fulfil and Cancel."""
    st.subheader("Pending redemptions")
    notice = st.session_state.pop(_NOTICE_KEY, None)
    if notice:
        st.success(notice)
    db = session.database()
    pending = shop.list_redemptions(db, status="pending", limit=QUEUE_ROWS)
    if not pending:
        st.caption("Nothing to fulfil.")
        return
    for item in reversed(pending):  # the service lists newest first
        with st.container(border=True, key=f"hk_redemption_{item.id}"):
            st.markdown(
                f"**{plain(item.exposure)}** · {points(item.amount)} · "
                f"creator {plain(item.creator_id)}"
            )
            st.caption(f"Redeemed {when(item.creation_date)} · id {item.id}")
            cols = st.columns(2)
            if cols[0].button("Fulfil", key=f"hk_fulfil_{item.id}", type="primary"):
                _act(lambda rid=item.id: shop.fulfil(db, rid), "fulfilled")
            if cols[1].button("Cancel and refund", key=f"hk_refund_{item.id}"):
                _act(lambda rid=item.id: shop.cancel(db, rid), "cancelled, points returned")


def _act(action: object, verb: str) -> None:
    try:
        done = action()  # type: ignore[operator]
    except HackoclockError as exc:
        st.error(exc.message)
        return
    st.session_state[_NOTICE_KEY] = f"Redemption {done.id} {verb}."
    st.rerun()
