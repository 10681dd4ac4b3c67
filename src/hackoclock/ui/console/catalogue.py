"""Operator Console, Catalogue tab: the rewards on offer; add, edit and deactivate them."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from hackoclock.errors import HackoclockError
from hackoclock.shop import service as shop
from hackoclock.shop.models import KINDS, PERIODS
from hackoclock.ui import session

_NOTICE_KEY = "hk_page_catalogue_notice"


def render() -> None:
    """The whole catalogue (inactive included) and the forms that change it."""
    st.subheader("Catalogue")
    notice = st.session_state.pop(_NOTICE_KEY, None)
    if notice:
        st.success(notice)
    db = session.database()
    rewards = shop.list_rewards(db, include_inactive=True, limit=1000)
    if rewards:
        st.dataframe(
            pd.DataFrame([_row(r) for r in rewards]),
            hide_index=True,
            width="stretch",
            column_config={"Cost": st.column_config.NumberColumn(format="localized")},
        )
    else:
        st.caption("The catalogue is empty.")
        if st.button("Load the default catalogue", key="hk_catalogue_defaults"):
            shop.seed_default_catalogue(db)
            st.rerun()
    with st.expander("Add a reward"):
        _add_form()
    if rewards:
        with st.expander("Edit or deactivate a reward"):
            _edit_form(rewards)


def _row(reward: shop.Reward) -> dict[str, object]:
    limit = (
        f"{reward.limit_per_period} per {reward.limit_period}" if reward.limit_per_period else ""
    )
    return {
        "Reward": reward.reward_id,
        "Name": reward.name,
        "Kind": reward.kind,
        "Cost": reward.amount,
        "Stock left": "unlimited" if reward.available is None else str(reward.available),
        "Limit": limit,
        "Active": reward.active,
    }


def _optional(value: int) -> int | None:
    """Form fields use 0 for 'none' (unlimited stock, no limit, no minutes)."""
    return value if value > 0 else None


def _add_form() -> None:
    with st.form("hk_add_reward", clear_on_submit=False):
        reward_id = st.text_input("Reward id", help="Letters, digits, '.', '_' or '-'.")
        name = st.text_input("Name")
        description = st.text_input("Description")
        cols = st.columns(2)
        kind = cols[0].selectbox("Kind", KINDS)
        amount = cols[1].number_input("Cost (points)", min_value=1, value=100, step=10)
        exposure = st.text_input("What is given", help="For example '30 minutes on For You'.")
        cols3 = st.columns(3)
        stock = cols3[0].number_input("Stock (0 = unlimited)", min_value=0, value=0)
        limit = cols3[1].number_input("Limit per creator (0 = none)", min_value=0, value=0)
        period = cols3[2].selectbox("Per", PERIODS, index=1)
        minutes = st.number_input("Exposure minutes (exposure rewards)", min_value=0, value=0)
        submitted = st.form_submit_button("Add reward", type="primary")
    if not submitted:
        return
    spec = shop.RewardSpec(
        reward_id=reward_id.strip(),
        name=name,
        description=description,
        kind=str(kind),
        amount=int(amount),
        exposure=exposure or name,
        stock=_optional(int(stock)),
        limit_per_period=_optional(int(limit)),
        limit_period=str(period),
        exposure_minutes=_optional(int(minutes)),
    )
    _apply(lambda: shop.add_reward(session.database(), spec), f"Added {spec.reward_id}.")


def _edit_form(rewards: list[shop.Reward]) -> None:
    by_id = {r.reward_id: r for r in rewards}
    reward_id = st.selectbox("Reward", list(by_id), key="hk_edit_reward_id")
    current = by_id[str(reward_id)]
    with st.form(f"hk_edit_reward_{current.reward_id}"):
        cols = st.columns(2)
        amount = cols[0].number_input("Cost (points)", min_value=1, value=current.amount)
        stock = cols[1].number_input("Stock (0 = unlimited)", min_value=0, value=current.stock or 0)
        active = st.checkbox("Active", value=current.active)
        saved = st.form_submit_button("Save changes", type="primary")
    if saved:
        changes = shop.RewardChanges(
            amount=int(amount), stock=_optional(int(stock)), active=bool(active)
        )
        _apply(
            lambda: shop.edit_reward(session.database(), current.reward_id, changes),
            f"Saved {current.reward_id}.",
        )
    if current.active and st.button("Deactivate", key="hk_deactivate_reward"):
        _apply(
            lambda: shop.deactivate_reward(session.database(), current.reward_id),
            f"Deactivated {current.reward_id}: creators no longer see it.",
        )


def _apply(action: object, message: str) -> None:
    try:
        action()  # type: ignore[operator]
    except HackoclockError as exc:
        st.error(exc.message)
        return
    st.session_state[_NOTICE_KEY] = message
    st.rerun()
