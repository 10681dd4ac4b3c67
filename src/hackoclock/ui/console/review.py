"""Operator Console, Review tab: videos whose points are held for suspected manipulation."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from hackoclock.errors import HackoclockError
from hackoclock.ledger import service as ledger
from hackoclock.ui import session
from hackoclock.ui.format import plain, points, span

QUEUE_ROWS = 200
CARDS = 5  # the oldest items get full cards; the rest of the queue is a table below
_NOTICE_KEY = "hk_page_review_notice"


def render(operator: str) -> None:
    """The held queue, oldest first; each item can be released to the creator or voided."""
    st.subheader("Held videos")
    notice = st.session_state.pop(_NOTICE_KEY, None)
    if notice:
        st.success(notice)
    try:
        items = ledger.list_held(session.database(), limit=QUEUE_ROWS)
    except HackoclockError as exc:
        st.error(exc.message)
        return
    if not items:
        st.caption("Nothing is held: the queue is empty.")
        return
    more = "+" if len(items) == QUEUE_ROWS else ""
    st.caption(f"{len(items)}{more} held, oldest first. Release pays the creator; void never does.")
    for item in items[:CARDS]:
        _item(item, operator)
    if len(items) > CARDS:
        st.markdown("**Next in the queue**")
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "Run": i.run_id,
                        "Video": i.video_id,
                        "Creator": i.creator_id,
                        "Points": i.amount,
                        "Why": flag_text(i.flags),
                    }
                    for i in items[CARDS:]
                ]
            ),
            hide_index=True,
            width="stretch",
            column_config={"Points": st.column_config.NumberColumn(format="localized")},
        )


def flag_text(flags: object) -> str:
    """Human words for the flags a held video carries."""
    if isinstance(flags, list | tuple) and flags:
        return ", ".join(str(f).replace("_", " ") for f in flags)
    return "held for review"


def _item(item: ledger.HeldItem, operator: str) -> None:
    key = f"{item.run_id}_{item.video_id}"
    with st.container(border=True, key=f"hk_held_{key}"):
        st.markdown(
            f"**{points(item.amount)}** · video {plain(item.video_id)} · "
            f"creator {plain(item.creator_id)}"
        )
        st.caption(
            f"Why: {plain(flag_text(item.flags))} · run {item.run_id}, "
            f"{span(item.period_start, item.period_end)}"
        )
        reason = st.text_input("Reason to void", key=f"hk_void_reason_{key}")
        cols = st.columns(2)
        if cols[0].button("Release", key=f"hk_release_{key}", type="primary", width="stretch"):
            _resolve(item, operator, release=True, reason="")
        if cols[1].button("Void", key=f"hk_void_{key}", width="stretch"):
            _resolve(item, operator, release=False, reason=reason)


def _resolve(item: ledger.HeldItem, operator: str, *, release: bool, reason: str) -> None:
    db = session.database()
    try:
        if release:
            done = ledger.release_held(db, item.run_id, item.video_id, operator=operator)
        else:
            if not reason.strip():
                st.error("Write a reason before voiding.")
                return
            done = ledger.void_held(
                db, item.run_id, item.video_id, operator=operator, reason=reason.strip()
            )
    except HackoclockError as exc:
        st.error(exc.message)
        return
    verb = "released to the creator" if release else "voided"
    st.session_state[_NOTICE_KEY] = f"{points(done.amount)} of video {plain(done.video_id)} {verb}."
    st.rerun()
