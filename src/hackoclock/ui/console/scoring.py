"""Operator Console, Scoring tab: run a scoring period (method, period, engine) with progress,
then credit it to the ledger."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

import pandas as pd
import streamlit as st

from hackoclock.errors import HackoclockError
from hackoclock.ledger import service as ledger
from hackoclock.scoring import ENGINES
from hackoclock.scoring import service as scoring
from hackoclock.scoring.methods.registry import NAMES as METHODS
from hackoclock.ui import session
from hackoclock.ui.format import number, when

RUN_ROWS = 20
# Rough share of the work done when each progress message arrives (the service names steps).
_STEPS = (("reading", 0.1), ("scoring", 0.3), ("writing", 0.8), ("finished", 1.0))


def render() -> None:
    """The run form and the list of recent runs (with a Credit button for uncredited ones)."""
    st.subheader("Run scoring")
    with st.form("hk_scoring_form"):
        cols = st.columns(2)
        method = cols[0].selectbox("Method", METHODS, key="hk_scoring_method")
        engine = cols[1].selectbox("Engine", ENGINES, key="hk_scoring_engine")
        all_time = st.checkbox("All data so far", value=True, key="hk_scoring_all")
        cols = st.columns(2)
        start = cols[0].date_input("Period start (UTC)", value=date(2020, 12, 1))
        end = cols[1].date_input("Period end (UTC, exclusive)", value=date.today())
        go = st.form_submit_button("Run scoring", type="primary")
    if go:
        period = (None, None) if all_time else (_midnight(start), _midnight(end))
        _run(method, engine, *period)
    _runs()


def _midnight(day: object) -> datetime | None:
    return datetime.combine(day, time(0), tzinfo=UTC) if isinstance(day, date) else None


def progress_fraction(message: str) -> float:
    """How far along a run is, judged by the service's progress message."""
    for word, fraction in _STEPS:
        if word in message:
            return fraction
    return 0.05


def _run(method: str, engine: str, start: datetime | None, end: datetime | None) -> None:
    bar = st.progress(0.0, text="Starting…")
    try:
        run_id = scoring.run_scoring(
            session.database(),
            period_start=start,
            period_end=end,
            method=method,
            engine=engine,
            progress=lambda msg: _show(bar, progress_fraction(msg), msg),
        )
    except HackoclockError as exc:
        st.error(f"Scoring failed: {exc.message}")
        return
    except Exception as exc:  # the service marked the run failed; show why
        st.error(f"Scoring failed: {type(exc).__name__}: {exc}")
        return
    run = scoring.get_run(session.database(), run_id)
    st.success(
        f"Run {run_id} finished: {number(run['videos_scored'])} videos, "
        f"{number(run['points_total'])} points. Credit it below to pay creators."
    )


def _runs() -> None:
    st.subheader("Recent runs")
    db = session.database()
    runs = scoring.list_runs(db, limit=RUN_ROWS)
    if not runs:
        st.caption("No runs yet.")
        return
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Run": r["id"],
                    "Method": r["method"],
                    "Engine": r["engine"],
                    "Period": f"{when(r['period_start'])} to {when(r['period_end'])}",
                    "Status": r["status"],
                    "Videos": r["videos_scored"],
                    "Points": r["points_total"],
                }
                for r in runs
            ]
        ),
        hide_index=True,
        width="stretch",
        column_config={"Points": st.column_config.NumberColumn(format="localized")},
    )
    cols = st.columns([2, 1])
    run_id = cols[0].selectbox("Run to credit", [r["id"] for r in runs], key="hk_credit_run")
    if cols[1].button("Credit to creators", key="hk_credit_go"):
        _credit(int(run_id))


def _credit(run_id: int) -> None:
    try:
        report = ledger.credit_run(session.database(), run_id)
    except HackoclockError as exc:
        st.error(exc.message)
        return
    if report.already_credited:
        st.info(f"Run {run_id} was already credited; nothing changed.")
        return
    st.success(
        f"Run {run_id} credited: {number(report.points_to_creators)} points to creators, "
        f"{number(report.points_held)} held for review."
    )


def _show(bar: Any, fraction: float, text: str) -> None:
    bar.progress(fraction, text=text)
