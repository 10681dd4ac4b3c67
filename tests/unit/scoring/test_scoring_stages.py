"""Compiling stages unfused changes the SQL's shape, never the numbers (performance work)."""

from __future__ import annotations

import ibis
import pandas as pd
import pytest

from hackoclock.scoring.config import load_config
from hackoclock.scoring.engines import StageCache, connect, load, separate_stages
from hackoclock.scoring.pipeline import score_frame, scored_expr
from hackoclock.scoring.synthetic import synthetic_period


def _fused(method: str, data: pd.DataFrame) -> pd.DataFrame:
    """The scored rows compiled the default (fused) way."""
    con = connect("duckdb")
    cache = StageCache()
    try:
        expr, _ = scored_expr(con, load(con, data), load_config(method), cache)
        return con.to_pyarrow(expr).to_pandas()
    finally:
        cache.release()


@pytest.mark.parametrize("method", ["fair", "seed"])
def test_unfused_stages_give_the_same_bits_as_fused_ones(method: str) -> None:
    data = synthetic_period(3000, seed=21).to_pandas()
    data.loc[[0, 1, 2], "caption"] = "Same caption!"  # a near-duplicate group
    data.loc[[0, 1, 2], "creator_id"] = "c-dup"
    ours = score_frame(data, load_config(method)).frame
    assert ibis.options.sql.fuse_selects  # restored after the run
    pd.testing.assert_frame_equal(ours, _fused(method, data), check_exact=True)
    if method == "fair":
        assert ours.set_index("video_id").loc[data.loc[:2, "video_id"], "flag_near_duplicate"].all()


def test_separate_stages_restores_fusion_even_when_the_block_fails() -> None:
    with pytest.raises(RuntimeError), separate_stages():
        assert not ibis.options.sql.fuse_selects
        raise RuntimeError("boom")
    assert ibis.options.sql.fuse_selects
