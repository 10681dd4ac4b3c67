"""What ``fair`` means (issue 4), tests 1-4, held to method ``rank`` on the real Kaggle data,
plus what ``rank`` adds: one video moves anyone else's reach by at most 1/(n - 1)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from hackoclock.scoring.config import load_config
from hackoclock.scoring.pipeline import score_frame

SCALE = 1400


def _scored(frame: pd.DataFrame, path: Path | None = None) -> pd.DataFrame:
    return score_frame(frame, load_config("rank", path)).frame.set_index("video_id")


def test_removing_the_largest_video_moves_no_other_video_by_more_than_one_percent(
    kaggle_period: pd.DataFrame,
) -> None:
    before = _scored(kaggle_period)
    largest = kaggle_period.loc[kaggle_period["views"].idxmax(), "video_id"]
    after = _scored(kaggle_period[kaggle_period["video_id"] != largest])
    moved = (after["points"] - before["points"].drop(largest)).abs()
    assert kaggle_period["views"].max() > 250_000_000
    assert moved.max() <= 0.01 * SCALE
    n = len(kaggle_period)
    # reach and content are single percentiles: each moves by at most 1/(n - 1)
    for k in ("reach", "content"):
        shift = (after[f"comp_{k}"] - before[f"comp_{k}"].drop(largest)).abs()
        assert shift.max() <= 1 / (n - 1) + 1e-12


def test_twenty_views_and_fifteen_likes_rank_below_the_median_on_engagement_quality(
    kaggle_with_tiny: pd.DataFrame,
) -> None:
    result = _scored(kaggle_with_tiny)
    quality = result["comp_quality"]
    assert quality["tiny"] < quality.median()
    # its likes per view still rank high (Kaggle's prior is weak); no shares or comments on
    # 20 views is what pulls it down, as in fair
    assert result.loc["tiny", "pct_shares_per_view"] < 0.1


def test_inflating_views_tenfold_without_engagement_gains_at_most_the_reach_share_and_flags(
    kaggle_period: pd.DataFrame, kaggle_inflated: tuple[str, pd.DataFrame]
) -> None:
    cfg = load_config("rank")
    weights = cfg.values["weights"]
    reach_share = weights["reach"] / sum(weights.values())
    target, inflated = kaggle_inflated
    before_all = _scored(kaggle_period)
    after_all = _scored(inflated)
    before, after = before_all.loc[target], after_all.loc[target]
    assert after["points"] - before["points"] <= reach_share * SCALE
    assert after["comp_reach"] > before["comp_reach"]
    assert after["comp_quality"] < before["comp_quality"]  # the same engagement on more views
    assert not before["held"]
    assert after["held"]
    assert after["flag_views_without_engagement"]
    others = before_all.index != target
    reach_shift = (after_all["comp_reach"] - before_all["comp_reach"])[others].abs()
    assert reach_shift.max() <= 1 / len(kaggle_period) + 1e-12


def test_pool_points_add_up_to_the_budget_and_the_creator_cap_holds(
    kaggle_period: pd.DataFrame, tmp_path: Path
) -> None:
    capped = tmp_path / "pool.toml"
    capped.write_text(
        '[points]\nmode = "pool"\nbudget = 100000\ncreator_cap_share = 0.002\n', encoding="utf-8"
    )
    free = tmp_path / "pool-nocap.toml"
    free.write_text('[points]\nmode = "pool"\nbudget = 100000\n', encoding="utf-8")
    result = _scored(kaggle_period, capped)
    uncapped = _scored(kaggle_period, free)
    assert int(result["points"].sum()) == 100_000
    assert result.groupby("creator_id")["points"].sum().max() <= 200
    assert uncapped.groupby("creator_id")["points"].sum().max() > 200  # the cap did bind
    assert (result["points"] >= 0).all()
    parts = result[["contrib_reach", "contrib_quality", "contrib_content"]].sum(axis=1)
    assert (parts == result["points"]).all()


def test_rank_orders_each_rate_as_fair_does_inside_the_clip(kaggle_period: pd.DataFrame) -> None:
    """Same shrunk rates, only a different scale: where fair's z is not clipped, a higher z
    never has a lower percentile; and flags and eligibility are fair's, video for video."""
    fair = score_frame(kaggle_period, load_config("fair")).frame.set_index("video_id")
    rank = _scored(kaggle_period)
    for k in ("likes", "shares", "comments"):
        z, pct = fair[f"z_{k}_per_view"], rank[f"pct_{k}_per_view"]
        inside = z.abs() < 3.0
        order = np.argsort(z[inside].to_numpy(), kind="stable")
        assert (np.diff(pct[inside].to_numpy()[order]) >= 0).all(), k
    flags = [c for c in fair.columns if c.startswith("flag_")] + ["held", "eligible"]
    pd.testing.assert_frame_equal(fair[flags], rank[flags])
    assert (rank["z_engagement"] == fair["z_engagement"]).all()
