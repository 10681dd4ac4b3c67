"""Operator Console: held queue, data, scoring, fairness, catalogue, redemptions, ledger."""

from __future__ import annotations

import streamlit as st

from hackoclock.ui.console import catalogue, fairness, imports, ledger, redemptions, review, scoring
from hackoclock.ui.guards import require_role

TABS = ("Review", "Data", "Scoring", "Fairness", "Catalogue", "Redemptions", "Ledger")


def render() -> None:
    """All operator tools, one tab each (the held-video queue first: it needs people)."""
    who = require_role("operator")
    st.title("Operator Console")
    tabs = dict(zip(TABS, st.tabs(list(TABS)), strict=True))
    with tabs["Review"]:
        review.render(operator=who.principal.sub)
    with tabs["Data"]:
        imports.render()
    with tabs["Scoring"]:
        scoring.render()
    with tabs["Fairness"]:
        fairness.render()
    with tabs["Catalogue"]:
        catalogue.render()
    with tabs["Redemptions"]:
        redemptions.render()
    with tabs["Ledger"]:
        ledger.render()
