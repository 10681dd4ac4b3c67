"""``rank`` on DuckDB and Spark: the same points and percentiles to the bit, with ties and NULLs
everywhere and shuffled input (the Kaggle file is in ``test_scoring_engines_agree``)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from hackoclock.scoring.config import load_config
from hackoclock.scoring.engines import spark_session
from hackoclock.scoring.pipeline import score_frame
from hackoclock.scoring.synthetic import synthetic_period

pytestmark = pytest.mark.spark


def _tied(n: int) -> pd.DataFrame:
    data = synthetic_period(n, seed=21).to_pandas()
    data.loc[::4, "views"] = 20_000  # a quarter share one view count
    data.loc[::6, ["likes", "shares", "comments", "bookmarks"]] = [1_000, 10, 20, 5]
    data.loc[::9, "bookmarks"] = None  # a missing rate
    data.loc[::5, "sentiment"] = 0.5
    data.loc[::11, "views"] = None  # no views: no reach, no rates
    return data


def test_rank_is_the_same_on_duckdb_and_spark_with_ties_nulls_and_shuffled_rows(
    tmp_path: Path,
) -> None:
    spark_session("local[2]")
    pool = tmp_path / "pool.toml"
    pool.write_text('[points]\nmode = "pool"\nbudget = 777777\ncreator_cap_share = 0.01\n')
    data = _tied(4000)
    shuffled = data.sample(frac=1.0, random_state=3).reset_index(drop=True)
    for cfg in (load_config("rank"), load_config("rank", pool)):
        duck = score_frame(data, cfg, "duckdb").frame
        spark = score_frame(shuffled, cfg, "spark").frame
        assert list(duck["video_id"]) == list(spark["video_id"])
        assert (duck["points"].to_numpy() == spark["points"].to_numpy()).all()
        for column in duck.columns:
            if column.startswith(("comp_", "pct_")) or column == "score":
                left, right = duck[column].to_numpy(float), spark[column].to_numpy(float)
                assert (np.isnan(left) == np.isnan(right)).all(), column
                assert np.array_equal(left[~np.isnan(left)], right[~np.isnan(right)]), column
            elif column.startswith(("contrib_", "flag_")) or column in ("held", "eligible"):
                assert (duck[column].to_numpy() == spark[column].to_numpy()).all(), column
        assert duck["comp_reach"].isna().sum() == len(data[::11])
        assert duck["pct_bookmarks_per_view"].isna().sum() > len(data[::9]) // 2
