"""`fair` rules: eligibility, missing components, manipulation flags, determinism."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from hackoclock.scoring.config import load_config
from hackoclock.scoring.pipeline import score_frame
from hackoclock.scoring.records import to_records
from hackoclock.scoring.synthetic import synthetic_period


def _base() -> pd.DataFrame:
    return synthetic_period(1500, seed=11).to_pandas()


def _score(frame: pd.DataFrame, config: Path | None = None) -> pd.DataFrame:
    return score_frame(frame, load_config("fair", config)).frame.set_index("video_id")


def test_a_video_below_the_minimum_views_is_scored_but_earns_nothing_with_a_reason() -> None:
    frame = _base()
    frame.loc[0, ["views", "likes", "shares", "comments", "bookmarks"]] = [40, 30, 2, 1, 0]
    row = _score(frame).loc[frame.loc[0, "video_id"]]
    assert row["points"] == 0
    assert not row["eligible"]
    assert row["ineligible_reason"] == "fewer than 100 views in the period"
    assert row["score"] > 0


def test_a_follower_threshold_makes_small_and_unknown_accounts_ineligible(tmp_path: Path) -> None:
    config = tmp_path / "f.toml"
    config.write_text("[eligibility]\nmin_followers = 1000\n", encoding="utf-8")
    frame = _base()
    frame["follower_count"] = frame["follower_count"].astype("Int64")
    frame.loc[0, "follower_count"] = 10
    frame.loc[1, "follower_count"] = pd.NA
    frame.loc[2, "follower_count"] = 50_000
    result = _score(frame, config)
    ids = frame["video_id"]
    assert result.loc[ids[0], "ineligible_reason"] == "fewer than 1000 followers"
    assert result.loc[ids[1], "ineligible_reason"] == "follower count unknown"
    assert result.loc[ids[2], "eligible"]


def test_a_missing_content_score_is_left_out_and_the_weights_renormalized() -> None:
    frame = _base()
    frame["sentiment"] = frame["sentiment"].astype("Float64")
    frame.loc[0, "sentiment"] = pd.NA
    result = score_frame(frame, load_config("fair"))
    row = result.frame.set_index("video_id").loc[frame.loc[0, "video_id"]]
    expected = (0.35 * row["comp_reach"] + 0.40 * row["comp_quality"]) / 0.75
    assert abs(row["score"] - expected) < 1e-12
    assert row["contrib_content"] == 0
    record = next(r for r in to_records(result, 1) if r["video_id"] == frame.loc[0, "video_id"])
    assert record["missing"] == ["content"]


def test_missing_bookmarks_are_left_out_of_quality_and_marked() -> None:
    frame = _base()
    frame["bookmarks"] = frame["bookmarks"].astype("Int64")
    frame.loc[0, "bookmarks"] = pd.NA
    result = score_frame(frame, load_config("fair"))
    row = result.frame.set_index("video_id").loc[frame.loc[0, "video_id"]]
    rates = [row[f"z_{k}_per_view"] for k in ("likes", "shares", "comments")]
    assert abs(row["comp_quality"] - (sum(rates) / 3 + 3) / 6) < 1e-12
    record = next(r for r in to_records(result, 1) if r["video_id"] == frame.loc[0, "video_id"])
    assert record["missing"] == ["bookmarks_per_view"]


def test_more_likes_than_views_is_held_with_its_points_kept() -> None:
    frame = _base()
    frame.loc[0, ["views", "likes"]] = [5000, 9000]
    row = _score(frame).loc[frame.loc[0, "video_id"]]
    assert row["flag_likes_above_views"]
    assert row["held"]
    assert row["points"] > 0


def test_many_near_identical_captions_by_one_creator_are_flagged() -> None:
    frame = _base()
    frame.loc[:3, "creator_id"] = "copycat"
    frame.loc[:3, "caption"] = ["Buy NOW!!", "buy now", "  BUY   now ", "buy now."]
    result = _score(frame)
    assert result.loc[frame.loc[:3, "video_id"], "flag_near_duplicate"].all()
    assert result.loc[frame.loc[:3, "video_id"], "held"].all()
    assert result["flag_near_duplicate"].sum() == 4


def test_bought_likes_far_above_everyone_are_flagged_as_an_engagement_outlier() -> None:
    frame = _base()
    frame.loc[0, ["views", "likes", "shares", "comments", "bookmarks"]] = [
        100_000,
        95_000,
        40_000,
        30_000,
        20_000,
    ]
    row = _score(frame).loc[frame.loc[0, "video_id"]]
    assert row["flag_engagement_outlier"]


def test_scoring_twice_gives_identical_output_to_the_bit() -> None:
    frame = _base()
    first = _score(frame)
    second = _score(frame.sample(frac=1.0, random_state=5))  # row order must not matter
    pd.testing.assert_frame_equal(first, second, check_exact=True)
