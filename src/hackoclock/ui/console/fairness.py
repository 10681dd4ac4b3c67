"""Operator Console, Fairness tab: Gini, top shares and Lorenz curves, ``seed`` beside the
default method."""

from __future__ import annotations

from typing import Any

import streamlit as st

from hackoclock.errors import HackoclockError
from hackoclock.scoring import service as scoring
from hackoclock.scoring.methods.registry import DEFAULT_METHOD
from hackoclock.scoring.report import service as report
from hackoclock.ui import charts, session
from hackoclock.ui.format import number, percent, when

RUN_CHOICES = 50
NONE = 0  # selectbox value for "no run"


def latest_of(runs: list[dict[str, Any]], method: str) -> int:
    """The newest finished run of ``method`` (runs come newest first), or NONE."""
    return next((int(r["id"]) for r in runs if r["method"] == method), NONE)


def render() -> None:
    """Pick a run of the default method and a seed run (newest by default) and compare their
    spread of points."""
    st.subheader("Fairness report")
    db = session.database()
    runs = [r for r in scoring.list_runs(db, limit=RUN_CHOICES) if r["status"] == "finished"]
    if not runs:
        st.info("No finished scoring runs yet: run one in the Scoring tab.")
        return
    labels = {NONE: "none"} | {
        int(r["id"]): f"run {r['id']} · {r['method']} · to {when(r['period_end'])}" for r in runs
    }
    cols = st.columns(2)
    left = cols[0].selectbox(
        "Run", list(labels), index=list(labels).index(latest_of(runs, DEFAULT_METHOD)),
        format_func=labels.__getitem__, key="hk_fair_left",
    )  # fmt: skip
    right = cols[1].selectbox(
        "Beside it", list(labels), index=list(labels).index(latest_of(runs, "seed")),
        format_func=labels.__getitem__, key="hk_fair_right",
    )  # fmt: skip
    chosen = [rid for rid in (left, right) if rid != NONE]
    try:
        summaries = {rid: report.fairness_summary(db, rid, sensitivity=False) for rid in chosen}
        curves = {
            _name(summaries[rid]): report.lorenz_points(db, rid)
            for rid in chosen
            if summaries[rid].get("points_total")  # no curve when nothing was given
        }
    except HackoclockError as exc:
        st.error(exc.message)
        return
    if not chosen:
        st.caption("Pick at least one run.")
        return
    metric_cols = st.columns(len(chosen))
    for col, rid in zip(metric_cols, chosen, strict=True):
        with col:
            _metrics(summaries[rid])
    if curves:
        st.altair_chart(charts.lorenz(curves), width="stretch")
    st.caption(
        "The further a curve sags below the dashed line, the more the points concentrate on "
        "few creators. Gini 0 means everyone got the same."
    )


def _name(summary: dict[str, Any]) -> str:
    run = summary["run"]
    return f"{run['method']} (run {run['id']})"


def _metrics(summary: dict[str, Any]) -> None:
    with st.container(border=True):
        st.markdown(f"**{_name(summary)}**")
        gini = summary.get("gini")
        if not summary.get("points_total"):
            st.caption("This run gave no points, so there is nothing to spread.")
            gini = None
        st.metric("Gini", "—" if gini is None else f"{gini:.3f}")
        st.metric("Top 1% of creators get", percent(summary.get("top_1pct_share"), digits=1))
        st.metric("Top 10% of creators get", percent(summary.get("top_10pct_share"), digits=1))
        st.caption(
            f"{number(summary.get('creators'))} creators · {number(summary.get('videos'))} "
            f"videos · {number(summary.get('points_total'))} points · "
            f"{number(summary.get('held_videos'))} held"
        )
