"""Rewards Shop: the balance card, the rewards grid with a confirmed redeem, the history."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from hackoclock.errors import HackoclockError
from hackoclock.ledger import service as ledger
from hackoclock.shop import service as shop
from hackoclock.shop.errors import InsufficientPoints, LimitReached, OutOfStock
from hackoclock.ui import redeem_flow, session
from hackoclock.ui.format import number, plain, points
from hackoclock.ui.guards import require_role

GRID_COLUMNS = 3
HISTORY_ROWS = 20
_NOTICE_KEY = "hk_page_shop_notice"
TRANSFER_LABELS = {
    "accrual": "Points earned",
    "release": "Points released after review",
    "settle": "Debt settled",
    "clawback": "Points taken back after a correction",
    "reserve": "Redeemed",
    "unreserve": "Redemption cancelled, points returned",
}


def render() -> None:
    """The signed-in creator's shop: only their own balance, limits and history."""
    who = require_role("creator")
    creator_id = who.principal.sub
    db = session.database()
    st.title("Rewards Shop")
    try:
        balance = ledger.balance(db, creator_id)
        rewards = shop.list_rewards(db)
        pending = shop.list_redemptions(db, creator_id=creator_id, status="pending", limit=1000)
    except HackoclockError as exc:
        st.error(exc.message)
        return
    _notice()
    _balance_card(balance, pending)
    st.subheader("Rewards")
    if not rewards:
        st.info("Nothing on offer right now; check back soon.")
    for start in range(0, len(rewards), GRID_COLUMNS):
        cols = st.columns(GRID_COLUMNS)
        for col, reward in zip(cols, rewards[start : start + GRID_COLUMNS], strict=False):
            with col:
                _reward_card(creator_id, balance, reward)
    _history(creator_id)


def _notice() -> None:
    """The outcome of the last redeem, kept across the rerun that follows it."""
    notice = st.session_state.pop(_NOTICE_KEY, None)
    if notice is not None:
        kind, text = notice
        (st.success if kind == "ok" else st.error)(text)


def _balance_card(balance: int, pending: list[shop.Redemption]) -> None:
    with st.container(border=True):
        cols = st.columns(2)
        cols[0].metric("Balance", points(balance), help="Points you can spend now.")
        reserved = sum(r.amount for r in pending)
        cols[1].metric(
            "Reserved", points(reserved), help="Points held by redemptions not yet fulfilled."
        )


def _reward_card(creator_id: str, balance: int, reward: shop.Reward) -> None:
    with st.container(border=True, key=f"hk_reward_{reward.reward_id}"):
        st.markdown(f"**{plain(reward.name)}**")
        if reward.description:
            st.caption(plain(reward.description))
        st.markdown(f"{points(reward.amount)} · {_stock_text(reward)}")
        used = (
            shop.creator_usage(session.database(), creator_id, reward.reward_id)
            if reward.limit_per_period is not None
            else None
        )
        if used is not None:
            st.caption(
                f"Limit {reward.limit_per_period} per {reward.limit_period}; you have used {used}."
            )
        problem = why_not(balance, reward, used)
        if problem:
            st.caption(f":red[{plain(problem)}]")
        current = redeem_flow.pending(st.session_state, creator_id)
        if current is not None and current.reward_id == reward.reward_id:
            _confirmation(creator_id, balance, reward, current)
        elif st.button(
            "Redeem",
            key=f"hk_redeem_{reward.reward_id}",
            type="primary",
            disabled=problem is not None,
            width="stretch",
        ):
            redeem_flow.begin(st.session_state, creator_id, reward.reward_id)
            st.rerun()


def _stock_text(reward: shop.Reward) -> str:
    left = reward.available
    if left is None:
        return "in stock"
    return f"{number(max(left, 0))} left"


def why_not(balance: int, reward: shop.Reward, used: int | None) -> str | None:
    """Why this reward cannot be redeemed right now, or None. The shop checks again on redeem."""
    if reward.available is not None and reward.available <= 0:
        return "Out of stock."
    limit = reward.limit_per_period
    if used is not None and limit is not None and used >= limit:
        return f"You have reached the limit for this {reward.limit_period}."
    if balance < reward.amount:
        return f"Not enough points: you need {points(reward.amount - balance)} more."
    return None


def _confirmation(
    creator_id: str, balance: int, reward: shop.Reward, current: redeem_flow.PendingRedemption
) -> None:
    st.warning(
        f"Redeem {plain(reward.name)} for {points(reward.amount)}? "
        f"Your balance will be {points(balance - reward.amount)}."
    )
    confirm_col, cancel_col = st.columns(2)
    if confirm_col.button(
        "Confirm", key=f"hk_confirm_{reward.reward_id}", type="primary", width="stretch"
    ):
        _redeem(creator_id, reward, current)
        st.rerun()
    if cancel_col.button("Cancel", key=f"hk_cancel_{reward.reward_id}", width="stretch"):
        redeem_flow.close(st.session_state)
        st.rerun()


def _redeem(creator_id: str, reward: shop.Reward, current: redeem_flow.PendingRedemption) -> None:
    """Redeem with the confirmation's key: a repeated call returns the same redemption."""
    try:
        done = shop.redeem(
            session.database(), creator_id, reward.reward_id, current.idempotency_key
        )
    except InsufficientPoints:
        st.session_state[_NOTICE_KEY] = ("error", "Not enough points for this reward any more.")
    except OutOfStock:
        st.session_state[_NOTICE_KEY] = ("error", f"Sorry, {plain(reward.name)} just sold out.")
    except LimitReached as exc:
        st.session_state[_NOTICE_KEY] = ("error", plain(exc.message))
    except HackoclockError as exc:
        st.session_state[_NOTICE_KEY] = ("error", f"Could not redeem: {plain(exc.message)}")
    else:
        st.session_state[_NOTICE_KEY] = (
            "ok",
            f"Redeemed {plain(reward.name)} for {points(done.amount)}. "
            "An operator will fulfil it soon.",
        )
    redeem_flow.close(st.session_state)


def _history(creator_id: str) -> None:
    st.subheader("Transaction history")
    db = session.database()
    rows = ledger.history(db, creator_id, limit=HISTORY_ROWS)
    if not rows:
        st.caption("No transactions yet.")
        return
    # st.table renders Markdown in cells, so every cell is escaped text.
    st.table(
        pd.DataFrame(
            [
                {
                    "When": plain(f"{t.created_at:%Y-%m-%d %H:%M}"),
                    "What": plain(_describe(t.kind, t.ref)),
                    "Points": plain(signed(t.amount)),
                }
                for t in rows
            ]
        ),
        hide_index=True,
    )


def signed(amount: int) -> str:
    """+1,234 for points in, -500 for points out."""
    return f"{amount:+,}"


def _describe(kind: str, ref: str) -> str:
    """'Points earned · run 1, video 690…' from a transfer's kind and reference."""
    label = TRANSFER_LABELS.get(kind, kind.replace("_", " ").capitalize())
    return f"{label} · {describe_ref(ref)}"


def describe_ref(ref: str) -> str:
    """A transfer reference in words: 'accrual:1:v9' -> 'run 1, video v9'."""
    parts = ref.split(":")
    if parts[0] == "accrual" and len(parts) == 3:
        return f"run {parts[1]}, video {parts[2]}"
    if parts[0] == "redemption" and len(parts) == 2:
        return f"redemption {parts[1][:8]}"
    return ref
