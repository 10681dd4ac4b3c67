"""Engine-neutral helpers: half-even rounding and the largest-remainder split."""

from __future__ import annotations

import ibis
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from hackoclock.scoring.methods.stats import round_half_even, split_points

CON = ibis.duckdb.connect()


def test_rounding_sends_halves_to_the_even_neighbour_like_numpy() -> None:
    values = [0.5, 1.5, 2.5, 3.49, 3.5, 7.51, 0.0]
    t = ibis.memtable(pd.DataFrame({"x": values}))
    got = CON.to_pandas(t.select(r=round_half_even(t.x)))["r"].tolist()
    assert got == [0, 2, 2, 3, 4, 8, 0]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 5000),
            st.floats(0, 1),
            st.floats(0, 1),
            st.floats(0, 1),
        ),
        min_size=1,
        max_size=20,
    )
)
def test_split_points_always_adds_up_exactly(rows: list[tuple[int, float, float, float]]) -> None:
    frame = pd.DataFrame(rows, columns=["p", "a", "b", "c"])
    frame.loc[frame[["a", "b", "c"]].sum(axis=1) == 0, "p"] = 0  # no share: no points to split
    total = frame[["a", "b", "c"]].sum(axis=1).replace(0, 1)
    for c in "abc":
        frame[c] = frame[c] / total
    t = ibis.memtable(frame)
    parts = split_points(t.p, {"a": t.a, "b": t.b, "c": t.c})
    out = CON.to_pandas(t.select(t.p, **parts))
    assert (out["a"] + out["b"] + out["c"] == out["p"]).all()
    assert (out[["a", "b", "c"]] >= 0).all().all()


def test_split_points_gives_the_leftover_to_the_largest_remainders() -> None:
    t = ibis.memtable(pd.DataFrame({"p": [10], "a": [0.55], "b": [0.25], "c": [0.20]}))
    out = CON.to_pandas(t.select(**split_points(t.p, {"a": t.a, "b": t.b, "c": t.c})))
    assert out.iloc[0].tolist() == [6, 2, 2]  # 5.5 / 2.5 / 2.0: one point left, to a (first tie)
