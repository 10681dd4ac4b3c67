"""Altair charts for the app, in the theme's colours. Inputs are plain rows, never HTML."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import cast

import altair as alt
import pandas as pd

PRIMARY = "#FE2C55"
ACCENT = "#25F4EE"
MUTED = "#8A8B91"


def points_per_period(rows: Sequence[tuple[str, int]]) -> alt.Chart:
    """Bars of points per scoring period, in the order given (label, points)."""
    frame = pd.DataFrame(rows, columns=["period", "points"])
    return (
        alt.Chart(frame)
        .mark_bar(color=PRIMARY, cornerRadiusTopLeft=3, cornerRadiusTopRight=3, size=36)
        .encode(
            x=alt.X("period:N", title=None, sort=None, axis=alt.Axis(labelAngle=0, labelLimit=260)),
            y=alt.Y("points:Q", title="Points"),
            tooltip=[
                alt.Tooltip("period:N", title="Period"),
                alt.Tooltip("points:Q", title="Points", format=","),
            ],
        )
        .properties(height=220)
    )


def contributions(parts: Mapping[str, int]) -> alt.Chart:
    """Horizontal bars: the points each component gave one video (largest first)."""
    frame = pd.DataFrame(
        sorted(parts.items(), key=lambda kv: -kv[1]), columns=["component", "points"]
    )
    return (
        alt.Chart(frame)
        .mark_bar(color=ACCENT)
        .encode(
            x=alt.X("points:Q", title="Points"),
            y=alt.Y("component:N", sort="-x", title=None),
            tooltip=["component:N", alt.Tooltip("points:Q", format=",")],
        )
        .properties(height=40 * len(frame) + 20)
    )


def lorenz(curves: Mapping[str, Sequence[tuple[float, float]]]) -> alt.LayerChart:
    """Lorenz curves (share of creators -> share of points) per method, over the equality line."""
    rows = [
        {"method": method, "creators": x, "points": y}
        for method, points in curves.items()
        for x, y in points
    ]
    frame = pd.DataFrame(rows, columns=["method", "creators", "points"])
    equality = pd.DataFrame({"creators": [0.0, 1.0], "points": [0.0, 1.0]})
    diagonal = (
        alt.Chart(equality)
        .mark_line(strokeDash=[4, 4], color=MUTED)
        .encode(x="creators:Q", y="points:Q")
    )
    methods = list(curves)
    palette = [PRIMARY, ACCENT, "#F1F1F2", "#FFC700"][: max(1, len(methods))]
    lines = (
        alt.Chart(frame)
        .mark_line()
        .encode(
            x=alt.X(
                "creators:Q", title="Share of creators (poorest first)", axis=alt.Axis(format="%")
            ),
            y=alt.Y("points:Q", title="Share of points", axis=alt.Axis(format="%")),
            color=alt.Color(
                "method:N", scale=alt.Scale(domain=methods, range=palette), title="Method"
            ),
        )
    )
    return cast(alt.LayerChart, alt.layer(diagonal, lines).properties(height=320))
