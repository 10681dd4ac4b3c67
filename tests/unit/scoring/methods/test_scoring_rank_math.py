"""Method ``rank``: the mid-rank percentile on hand-worked cases, the components, the weights,
contributions, determinism under shuffled input, and its configuration."""

from __future__ import annotations

from pathlib import Path

import ibis
import numpy as np
import pandas as pd
import pytest
from scipy.stats import rankdata

from hackoclock.errors import InvalidInput
from hackoclock.scoring.config import load_config
from hackoclock.scoring.methods.rank import mid_rank
from hackoclock.scoring.pipeline import score_frame
from hackoclock.scoring.synthetic import synthetic_period


def _mid_rank(values: list[float | None]) -> list[float | None]:
    con = ibis.duckdb.connect()
    frame = pd.DataFrame({"i": range(len(values)), "x": pd.array(values, dtype="Float64")})
    t = con.create_table("t", frame)
    out = con.to_pandas(t.select("i", p=mid_rank(t.x)).order_by("i"))
    return [None if pd.isna(v) else float(v) for v in out["p"]]


def test_mid_rank_of_distinct_values_is_rank_minus_a_half_over_n() -> None:
    assert _mid_rank([30.0, 10.0, 20.0, 40.0]) == [0.625, 0.125, 0.375, 0.875]


def test_ties_share_their_average_rank() -> None:
    # 10 -> rank 1; the two 20s -> ranks 2, 3, average 2.5; 30 -> rank 4. (r - 0.5) / 4.
    assert _mid_rank([10.0, 20.0, 20.0, 30.0]) == [0.125, 0.5, 0.5, 0.875]
    assert _mid_rank([7.0, 7.0, 7.0]) == [0.5, 0.5, 0.5]


def test_nulls_stay_null_and_are_not_counted_in_n() -> None:
    assert _mid_rank([None, 10.0, None, 20.0]) == [None, 0.25, None, 0.75]
    assert _mid_rank([None, None]) == [None, None]


def test_a_single_value_is_the_median() -> None:
    assert _mid_rank([5.0]) == [0.5]
    assert _mid_rank([None, 5.0]) == [None, 0.5]


def _frame(rows: list[dict[str, object]]) -> pd.DataFrame:
    base = {"likes": 10, "shares": 1, "comments": 1, "bookmarks": None, "sentiment": 0.5}
    frame = pd.DataFrame(
        [
            {"video_id": f"v{i}", "creator_id": f"c{i}", "caption": f"cap {i}", **base, **r}
            for i, r in enumerate(rows)
        ]
    )
    frame["bookmarks"] = frame["bookmarks"].astype("Int64")
    return frame


def test_components_are_percentiles_and_a_missing_one_renormalizes_the_weights() -> None:
    frame = _frame(
        [
            {"views": 1000, "likes": 10, "sentiment": 0.9},
            {"views": 2000, "likes": 40, "sentiment": 0.1},
            {"views": 2000, "likes": 100, "sentiment": None},
            {"views": 9000, "likes": 900, "sentiment": 0.5},
        ]
    )
    cfg = load_config("rank")
    out = score_frame(frame, cfg).frame.set_index("video_id")
    # views 1000, 2000, 2000, 9000: the tie shares (2 + 3) / 2 - 0.5 = 2 of 4
    assert out["comp_reach"].tolist() == [0.125, 0.5, 0.5, 0.875]
    # content among the three that have one: 0.1 < 0.5 < 0.9
    assert out.loc["v0", "comp_content"] == pytest.approx(5 / 6)
    assert out.loc["v1", "comp_content"] == pytest.approx(1 / 6)
    assert pd.isna(out.loc["v2", "comp_content"])
    w = cfg.values["weights"]
    v2 = out.loc["v2"]
    expected = (w["reach"] * v2.comp_reach + w["quality"] * v2.comp_quality) / (
        w["reach"] + w["quality"]
    )
    assert v2.score == pytest.approx(expected, abs=1e-12)
    assert v2.contrib_content == 0
    assert v2.points == round(1400 * v2.score)
    assert out["comp_quality"].notna().all()
    assert out["pct_bookmarks_per_view"].isna().all()  # no bookmarks anywhere: left out


def test_quality_is_the_percentile_of_the_mean_rate_percentile() -> None:
    data = synthetic_period(400, seed=3)
    out = score_frame(data, load_config("rank")).frame
    pct = out[[f"pct_{k}_per_view" for k in ("likes", "shares", "comments", "bookmarks")]]
    mean = np.round(pct.mean(axis=1, skipna=True).to_numpy(), 9)
    expected = (rankdata(mean) - 0.5) / len(mean)
    assert np.abs(out["comp_quality"].to_numpy() - expected).max() < 1e-12
    views = out["views"].to_numpy()
    assert np.abs(out["comp_reach"].to_numpy() - (rankdata(views) - 0.5) / len(views)).max() < 1e-12
    known = out["sentiment"].notna().to_numpy()
    s = out["sentiment"].to_numpy()[known]
    content = out["comp_content"].to_numpy()[known]
    assert np.abs(content - (rankdata(s) - 0.5) / len(s)).max() < 1e-12
    assert out["comp_content"][~known].isna().all()


def test_every_component_is_uniform_so_its_mean_is_one_half() -> None:
    out = score_frame(synthetic_period(2000, seed=5), load_config("rank")).frame
    for k in ("reach", "quality", "content"):
        values = out[f"comp_{k}"].dropna()
        assert values.mean() == pytest.approx(0.5, abs=1e-9)
        assert values.min() > 0 and values.max() < 1


def test_contributions_add_up_to_points_in_both_point_modes(tmp_path: Path) -> None:
    data = synthetic_period(3000, seed=7)
    pool = tmp_path / "pool.toml"
    pool.write_text('[points]\nmode = "pool"\nbudget = 123457\ncreator_cap_share = 0.01\n')
    for cfg in (load_config("rank"), load_config("rank", pool)):
        scored = score_frame(data, cfg)
        out = scored.frame
        parts = out[["contrib_reach", "contrib_quality", "contrib_content"]].sum(axis=1)
        assert (parts == out["points"]).all()
        assert (out.loc[~out["eligible"], "points"] == 0).all()
    assert int(out["points"].sum()) == 123457
    creator_share = out.groupby("creator_id")["points"].sum().max() / 123457
    assert creator_share <= 0.01 + 1e-9


def test_shuffled_input_gives_the_same_bits() -> None:
    data = synthetic_period(5000, seed=11).to_pandas()
    # ties on every measure: duplicated counts and content scores
    data.loc[::7, "views"] = 5000
    data.loc[::5, "sentiment"] = 0.25
    first = score_frame(data, load_config("rank")).frame
    shuffled = data.sample(frac=1.0, random_state=1).reset_index(drop=True)
    second = score_frame(shuffled, load_config("rank")).frame
    pd.testing.assert_frame_equal(first, second, check_exact=True)


def test_rank_configuration_has_no_clip_and_refuses_one(tmp_path: Path) -> None:
    cfg = load_config("rank")
    assert "robust" not in cfg.values
    assert cfg.method == "rank"
    assert cfg.sha256 == load_config("rank").sha256
    path = tmp_path / "clip.toml"
    path.write_text("[robust]\nclip = 2.0\n")
    with pytest.raises(InvalidInput, match=r"unknown section \[robust\]"):
        load_config("rank", path)
    path.write_text('method = "fair"\n')
    with pytest.raises(InvalidInput, match="is for method 'fair', not 'rank'"):
        load_config("rank", path)
    path.write_text("[weights]\nreach = -1.0\n")
    with pytest.raises(InvalidInput, match="weights must not be negative"):
        load_config("rank", path)
