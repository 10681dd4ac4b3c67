"""Operator Console, Ledger tab: check every ledger invariant."""

from __future__ import annotations

import streamlit as st

from hackoclock.ledger import service as ledger
from hackoclock.ui import session
from hackoclock.ui.format import number

MAX_PROBLEMS_SHOWN = 100


def render() -> None:
    """A button that runs ``ledger verify`` and shows what it found."""
    st.subheader("Ledger verification")
    st.caption("Checks that every transfer balances, checksums match and cached balances agree.")
    if not st.button("Verify the ledger", key="hk_ledger_verify", type="primary"):
        return
    with st.spinner("Verifying…"):
        report = ledger.verify(session.database())
    counts = (
        f"{number(report.transfers_checked)} transfers, "
        f"{number(report.accounts_checked)} accounts checked"
    )
    if report.ok:
        st.success(f"The ledger is consistent: {counts}.")
        return
    st.error(f"The ledger has {number(len(report.problems))} problem(s): {counts}.")
    st.dataframe([{"Problem": p} for p in report.problems[:MAX_PROBLEMS_SHOWN]], hide_index=True)
