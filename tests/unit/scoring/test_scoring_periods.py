"""A period's metrics are the growth of each count within [start, end)."""

from __future__ import annotations

from datetime import UTC, datetime

import ibis
import pandas as pd

from hackoclock.scoring.inputs import to_us
from hackoclock.scoring.periods import period_metrics


def _snap(video: str, day: int, views: int | None, likes: int | None) -> dict[str, object]:
    return {
        "video_id": video,
        "creator_id": "c1",
        "observed_us": to_us(datetime(2026, 1, day, tzinfo=UTC)),
        "views": views,
        "likes": likes,
        "shares": 0,
        "bookmarks": None,
        "comments": 0,
        "follower_count": 10,
        "sentiment": 0.5,
        "caption": "x",
    }


HISTORY = pd.DataFrame(
    [
        _snap("a", 1, 100, 10),
        _snap("a", 5, 300, 25),
        _snap("a", 10, 1000, 40),
        _snap("a", 20, 1500, 50),
        _snap("b", 6, 70, 7),  # first seen inside the period: the whole count
        _snap("c", 2, 500, 5),  # nothing inside the period: left out
        _snap("d", 4, 900, 90),
        _snap("d", 8, 800, None),  # count went down (rounding): 0; likes missing: NULL
    ]
).astype({"views": "Int64", "likes": "Int64", "bookmarks": "Int64"})


def _period(start_day: int, end_day: int) -> pd.DataFrame:
    start = to_us(datetime(2026, 1, start_day, tzinfo=UTC))
    end = to_us(datetime(2026, 1, end_day, tzinfo=UTC))
    table = period_metrics(ibis.memtable(HISTORY), start, end)
    return ibis.duckdb.connect().to_pandas(table.order_by("video_id")).set_index("video_id")


def test_period_views_are_growth_from_the_last_snapshot_before_the_start() -> None:
    frame = _period(3, 10)
    assert frame.loc["a", "views"] == 200  # 300 (day 5) - 100 (day 1); day 10 is outside [3, 10)
    assert frame.loc["a", "likes"] == 15
    assert frame.loc["b", "views"] == 70
    assert "c" not in frame.index


def test_consecutive_periods_pay_every_view_exactly_once() -> None:
    total = sum(int(_period(s, e).loc["a", "views"]) for s, e in [(1, 3), (3, 10), (10, 25)])
    assert total == 1500


def test_a_snapshot_at_the_start_instant_belongs_to_the_period_starting_then() -> None:
    assert _period(10, 25).loc["a", "views"] == 1200  # 1500 - 300: day 10 is in [10, 25)
    assert _period(5, 10).loc["a", "views"] == 200  # 300 (day 5) - 100 (day 1)


def test_a_count_that_went_down_grows_by_zero_and_a_missing_count_stays_missing() -> None:
    frame = _period(5, 9)
    assert frame.loc["d", "views"] == 0
    assert pd.isna(frame.loc["d", "likes"])
    assert pd.isna(frame.loc["a", "bookmarks"])
