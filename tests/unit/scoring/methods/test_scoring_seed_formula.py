"""`seed` details; its equality with an independent pandas computation on every shared file is
in tests/integration/scoring/test_scoring_seed_shared_files.py."""

from __future__ import annotations

import pandas as pd
import pytest

from hackoclock.scoring.config import load_config
from hackoclock.scoring.methods.seed import NOT_SCORED
from hackoclock.scoring.pipeline import score_frame
from hackoclock.scoring.synthetic import synthetic_period


def test_seed_leaves_out_videos_without_a_content_score_and_says_so(
    kaggle_period: pd.DataFrame,
) -> None:
    frame = kaggle_period.copy()
    frame.loc[:9, "sentiment"] = None
    ours = score_frame(frame, load_config("seed")).frame.set_index("video_id")
    left_out = ours.loc[frame.loc[:9, "video_id"]]
    assert (left_out["points"] == 0).all()
    assert (left_out["ineligible_reason"] == NOT_SCORED).all()
    assert ours["eligible"].sum() == len(frame) - 10


def test_seed_gives_the_median_kaggle_video_under_a_tenth_of_a_point_from_views(
    kaggle_period: pd.DataFrame,
) -> None:
    ours = score_frame(kaggle_period, load_config("seed")).frame
    assert ours["comp_views"].median() * 200 < 0.1  # the viral video squeezes everyone
    assert (ours["comp_bookmarks"] == 0).all()  # missing for every video: contributes 0


def test_a_constant_field_contributes_nothing_in_seed() -> None:
    frame = synthetic_period(200, seed=3).to_pandas()
    frame["shares"] = 5
    ours = score_frame(frame, load_config("seed")).frame
    assert (ours.loc[ours["eligible"], "comp_shares"] == 0).all()
    assert (ours["contrib_shares"] == 0).all()


@pytest.mark.parametrize("method", ["seed", "fair"])
def test_contributions_add_up_exactly_to_the_points(
    kaggle_period: pd.DataFrame, method: str
) -> None:
    result = score_frame(kaggle_period, load_config(method)).frame
    contrib = result[[c for c in result.columns if c.startswith("contrib_")]].sum(axis=1)
    assert (contrib == result["points"]).all()
    assert (result[[c for c in result.columns if c.startswith("contrib_")]] >= 0).all().all()
