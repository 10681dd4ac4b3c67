"""Explanations for ``rank`` runs: the components are percentiles, read off directly."""

from __future__ import annotations

import pandas as pd

from hackoclock.scoring.config import load_config
from hackoclock.scoring.explain import explain, standing_pct, what_would_move_you_up
from hackoclock.scoring.pipeline import score_frame
from hackoclock.scoring.records import to_records

PARAMS = {
    "method": "rank",
    "mode": "absolute",
    "scale": 1400.0,
    "weights": {"reach": 0.35, "quality": 0.40, "content": 0.25},
}


def _row(**kw: object) -> dict[str, object]:
    row: dict[str, object] = {
        "eligible": True,
        "ineligible_reason": None,
        "points": 1000,
        "contributions": {"reach": 300, "quality": 500, "content": 200},
        "components": {
            "reach": 0.93,
            "quality": 0.8,
            "content": 0.42,
            "pct_shares_per_view": 0.995,
            "pct_likes_per_view": 0.6,
            "z_engagement": 0.4,
        },
        "missing": [],
        "flags": [],
        "held": False,
    }
    row.update(kw)
    return row


def test_standing_pct_names_the_tier_of_a_percentile() -> None:
    assert standing_pct(0.995) == "in the top 1%"
    assert standing_pct(0.95) == "in the top 5%"
    assert standing_pct(0.91) == "in the top 10%"
    assert standing_pct(0.5) == "around the middle"
    assert standing_pct(0.2) == "in the bottom 25%"
    assert standing_pct(0.004) == "in the bottom 1%"


def test_rank_sentences_use_the_percentiles() -> None:
    lines = explain(_row(), PARAMS)
    assert lines == [
        "Your shares per view were in the top 1% this period: +500 points for engagement quality.",
        "Your views were in the top 10% this period: +300 points.",
        "Your content score was around the middle this period: +200 points.",
    ]


def test_low_rates_are_not_praised() -> None:
    row = _row(components={"reach": 0.3, "quality": 0.2, "pct_likes_per_view": 0.3})
    lines = explain(row, PARAMS)
    assert lines[0] == "Your engagement per view earned +500 points for engagement quality."


def test_what_would_move_you_up_uses_the_weights_and_the_room_to_the_top() -> None:
    row = _row(components={"reach": 0.9, "quality": 0.3, "content": 0.8})
    sentence = what_would_move_you_up(row, PARAMS)
    assert sentence is not None
    assert sentence.startswith("Your engagement quality has the most room")
    assert "+392 points" in sentence  # 0.40 x (1 - 0.3) x 1400


def test_every_scored_kaggle_video_gets_rank_sentences(kaggle_period: pd.DataFrame) -> None:
    scored = score_frame(kaggle_period, load_config("rank"))
    params = {**PARAMS, **scored.info}
    records = to_records(scored, 1)
    assert all(r["missing"] == ["bookmarks_per_view"] for r in records)
    assert all("pct_likes_per_view" in r["components"] for r in records)
    for record in records[:200]:
        lines = explain(record, params)
        assert lines
        assert all("z_" not in line and "nan" not in line for line in lines)
        if record["eligible"] and record["points"] > 0:
            assert sum(record["contributions"].values()) == record["points"]
            assert any("this period" in line for line in lines)
