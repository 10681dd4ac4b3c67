"""Explanation sentences and "what would move you up"."""

from __future__ import annotations

import pandas as pd

from hackoclock.scoring.config import load_config
from hackoclock.scoring.explain import explain, standing, what_would_move_you_up
from hackoclock.scoring.pipeline import score_frame
from hackoclock.scoring.records import to_records

PARAMS = {
    "method": "fair",
    "mode": "absolute",
    "scale": 1400.0,
    "weights": {"reach": 0.35, "quality": 0.40, "content": 0.25},
}


def _row(**kw: object) -> dict[str, object]:
    row: dict[str, object] = {
        "eligible": True,
        "ineligible_reason": None,
        "points": 700,
        "contributions": {"reach": 240, "quality": 300, "content": 160},
        "components": {
            "reach": 0.7,
            "quality": 0.75,
            "content": 0.64,
            "z_views": 1.4,
            "z_shares_per_view": 1.5,
            "z_likes_per_view": 0.2,
        },
        "missing": [],
        "flags": [],
        "held": False,
    }
    row.update(kw)
    return row


def test_standing_names_the_tier_a_robust_z_falls_in() -> None:
    assert standing(1.5) == "in the top 10%"
    assert standing(3.0) == "in the top 1%"
    assert standing(0.0) == "around the middle"
    assert standing(-1.0) == "in the bottom 25%"


def test_sentences_name_each_contribution_largest_first_with_its_points() -> None:
    lines = explain(_row(), PARAMS)
    assert lines[0] == (
        "Your shares per view were in the top 10% this period: +300 points for engagement quality."
    )
    assert lines[1] == "Your views were in the top 10% this period: +240 points."
    assert lines[2] == "Your content score was 0.64 of 1: +160 points."


def test_held_missing_and_ineligible_videos_are_explained() -> None:
    lines = explain(_row(held=True, flags=["likes_above_views"], missing=["content"]), PARAMS)
    assert "These points are held for review (more likes than views)." in lines
    assert any("No content score was available" in line for line in lines)
    off = explain(
        _row(eligible=False, ineligible_reason="fewer than 100 views in the period"), PARAMS
    )
    assert off == ["This video earns no points this period: fewer than 100 views in the period."]


def test_what_would_move_you_up_names_the_component_with_the_most_room() -> None:
    row = _row(components={"reach": 0.9, "quality": 0.3, "content": 0.8})
    sentence = what_would_move_you_up(row, PARAMS)
    assert sentence is not None
    assert sentence.startswith("Your engagement quality has the most room")
    assert "+392 points" in sentence  # 0.40 x (1 - 0.3) x 1400


def test_every_scored_kaggle_video_gets_sentences(kaggle_period: pd.DataFrame) -> None:
    scored = score_frame(kaggle_period, load_config("fair"))
    params = {**PARAMS, **scored.info}
    for record in to_records(scored, 1)[:200]:
        lines = explain(record, params)
        assert lines
        if record["points"] > 0:
            total = sum(record["contributions"].values())
            assert total == record["points"]
