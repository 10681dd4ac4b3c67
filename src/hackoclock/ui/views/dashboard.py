"""Creator Dashboard: balance, points per period, every video and why it earned what it did."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from hackoclock.errors import HackoclockError
from hackoclock.money import PointValue
from hackoclock.ui import charts, session
from hackoclock.ui.dashboard_data import DashboardData, load
from hackoclock.ui.format import compact, plain, points, span, when
from hackoclock.ui.goals import affordable, goals
from hackoclock.ui.guards import require_role

CAPTION_CHARS = 80


def render() -> None:
    """The signed-in creator's own dashboard (the creator id comes from the sign-in only)."""
    who = require_role("creator")
    st.title("Creator Dashboard")
    run_id = st.session_state.get("hk_page_dashboard_run")
    try:
        data = load(session.database(), who.principal.sub, run_id=run_id)
    except HackoclockError as exc:
        st.error(exc.message)
        return
    st.caption(_creator_line(data))
    _metrics(data)
    _periods(data)
    _goals(data)
    _videos(data)
    _attention(data)
    _redemptions(data)


def _creator_line(data: DashboardData) -> str:
    parts = [plain(data.creator.handle)]
    if data.creator.follower_count is not None:
        parts.append(f"{compact(data.creator.follower_count)} followers")
    return " · ".join(parts)


def _metrics(data: DashboardData) -> None:
    run = data.run
    money = session.settings().money
    cols = st.columns(2)
    cols[0].metric(
        "Balance",
        points(data.balance),
        border=True,
        help=f"Points you can spend now, worth {money.text(data.balance)}.",
    )
    cols[1].metric(
        "Lifetime points", points(data.lifetime_points), border=True, help="Everything earned."
    )
    row = st.columns(3)
    row[0].metric("This period", points(run["points"]) if run else "—", border=True)
    row[2].metric(
        "Estimated earnings",
        money.text(run["points"]) if run else "—",
        border=True,
        help=(
            f"This period's points at {money.text(100)} per 100 points; an estimate until "
            "held points are reviewed (views that TikTok removes are clawed back)."
        ),
    )
    row[1].metric(
        "Held for review",
        points(run["held_points"]) if run else "—",
        border=True,
        help="Points waiting for an operator to check the video.",
    )


def _periods(data: DashboardData) -> None:
    st.subheader("Points per period")
    if not data.periods:
        st.info("No scoring period includes your videos yet.")
        return
    labels = {int(p["run_id"]): _period_label(p) for p in data.periods}
    options = list(reversed(list(labels)))
    picked = st.selectbox(
        "Period",
        options=options,
        index=options.index(data.run_id) if data.run_id in options else 0,
        format_func=labels.__getitem__,
        key="hk_dashboard_period",
    )
    if picked != data.run_id:
        st.session_state["hk_page_dashboard_run"] = picked
        st.rerun()
    method = data.run["method"] if data.run else "fair"
    rows = [(period_span(p), p["points"]) for p in data.periods if p["method"] == method]
    st.altair_chart(charts.points_per_period(rows), width="stretch")


def period_span(period: dict[str, Any]) -> str:
    """'2020-12-01 to 2020-12-08', or 'all time to 2026-11-28' for a run from the epoch."""
    return span(period["period_start"], period["period_end"])


def _period_label(period: dict[str, Any]) -> str:
    return (
        f"{period_span(period)} · {period['method']} · {points(period['points'])} "
        f"(run {period['run_id']})"
    )


def _goals(data: DashboardData) -> None:
    st.subheader("Goals")
    catalogue = [
        (r.reward_id, r.name, r.amount)
        for r in data.rewards
        if r.available is None or r.available > 0  # nothing to aim for when sold out
    ]
    if not catalogue:
        st.caption("The Rewards Shop has nothing on offer right now.")
        return
    count = affordable(data.balance, catalogue)
    if count:
        things = "reward" if count == 1 else "rewards"
        st.success(f"You can afford {count} {things} in the Rewards Shop now.")
    for goal in goals(data.balance, catalogue):
        st.progress(
            goal.progress,
            text=f"{plain(goal.name)}: {points(goal.points_to_go)} to go ({points(goal.cost)})",
        )


def _videos(data: DashboardData) -> None:
    st.subheader(f"Your videos ({len(data.videos)})")
    if not data.videos:
        st.info("No scored videos in this period.")
        return
    st.dataframe(
        pd.DataFrame([_video_row(v, session.settings().money) for v in data.videos]),
        hide_index=True,
        width="stretch",
        column_config={
            "Points": st.column_config.NumberColumn(format="localized"),
            "Views": st.column_config.NumberColumn(format="compact"),
            "Likes": st.column_config.NumberColumn(format="compact"),
        },
    )
    by_id = {v["video_id"]: v for v in data.videos}
    chosen = st.selectbox(
        "Why did this video earn its points?",
        options=list(by_id),
        format_func=lambda vid: f"{points(by_id[vid]['points'])} · {_short(by_id[vid])}",
        key="hk_dashboard_video",
    )
    _video_detail(by_id[chosen])


def _video_row(video: dict[str, Any], money: PointValue) -> dict[str, Any]:
    return {
        "Video": _short(video),
        "Points": video["points"],
        "Est. value": money.text(video["points"]),
        "Views": video["views"],
        "Likes": video["likes"],
        "Status": _status(video),
    }


def _short(video: dict[str, Any]) -> str:
    caption = (video.get("caption") or "").strip() or f"video {video['video_id']}"
    return caption if len(caption) <= CAPTION_CHARS else caption[: CAPTION_CHARS - 1] + "…"


def _status(video: dict[str, Any]) -> str:
    if not video["eligible"]:
        return "not eligible"
    if video["held"]:
        return "held for review"
    if video["flags"]:
        return "flagged"
    return "credited"


def _video_detail(video: dict[str, Any]) -> None:
    with st.container(border=True):
        st.markdown(f"**{points(video['points'])}** · {plain(_short(video))}")
        parts = {k: int(v) for k, v in (video.get("contributions") or {}).items()}
        if any(parts.values()):
            st.altair_chart(charts.contributions(parts), width="stretch")
        for sentence in video.get("explanation") or []:
            st.markdown(f"- {plain(sentence)}")
        if video.get("move_up"):
            st.info(plain(video["move_up"]), icon=":material/trending_up:")


def _attention(data: DashboardData) -> None:
    st.subheader("Held or flagged videos")
    rows = data.attention
    if not rows:
        st.caption("None: every video in this period was credited normally.")
        return
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "Video": _short(v),
                    "Points": v["points"],
                    "Status": _status(v),
                    "Reason": _reason(v),
                }
                for v in rows
            ]
        ),
        hide_index=True,
        width="stretch",
    )


def _reason(video: dict[str, Any]) -> str:
    if not video["eligible"]:
        return str(video.get("ineligible_reason") or "not eligible")
    flags = [str(f).replace("_", " ") for f in video.get("flags") or []]
    return "; ".join(flags) or "held for review"


def _redemptions(data: DashboardData) -> None:
    st.subheader("Redemption history")
    if not data.redemptions:
        st.caption("No redemptions yet: spend your points in the Rewards Shop.")
        return
    names = {r.reward_id: r.name for r in data.rewards}
    st.dataframe(
        pd.DataFrame(
            [
                {
                    "When": when(r.creation_date),
                    "Reward": names.get(r.reward_id, r.reward_id),
                    "Points": r.amount,
                    "Status": r.status,
                }
                for r in data.redemptions
            ]
        ),
        hide_index=True,
        width="stretch",
        column_config={"Points": st.column_config.NumberColumn(format="localized")},
    )
