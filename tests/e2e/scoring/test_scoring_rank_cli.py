"""``hackoclock score --method rank`` end to end on the Kaggle file, and from Parquet."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from typer.testing import CliRunner

from hackoclock.cli import app
from hackoclock.scoring.synthetic import synthetic_period

RUNNER = CliRunner()


def test_score_with_rank_then_show_the_run(cli_db: Path) -> None:
    scored = RUNNER.invoke(app, ["score", "--method", "rank"])
    assert scored.exit_code == 0, scored.output
    assert "run 1: rank on duckdb, 1000 videos scored" in scored.output
    shown = RUNNER.invoke(app, ["runs", "show", "1", "--top", "3"])
    assert shown.exit_code == 0, shown.output
    assert "rank" in shown.output
    assert "videos scored 1000" in shown.output


def test_rank_parquet_to_parquet_with_a_config_file(tmp_path: Path) -> None:
    source, target = tmp_path / "in.parquet", tmp_path / "out.parquet"
    config = tmp_path / "rank.toml"
    config.write_text('[points]\nmode = "pool"\nbudget = 99991\n', encoding="utf-8")
    synthetic_period(3000, seed=8).to_pandas().to_parquet(source)
    args = ["score", "--method", "rank", "--config", str(config)]
    args += ["--input", f"parquet:{source}", "--output", f"parquet:{target}"]
    result = RUNNER.invoke(app, args)
    assert result.exit_code == 0, result.output
    frame = pd.read_parquet(target)
    assert len(frame) == 3000
    assert int(frame["points"].sum()) == 99991
    assert frame["comp_reach"].between(0, 1).all()
    assert "pct_likes_per_view" in frame.columns


def test_a_fair_only_key_is_refused_for_rank(cli_db: Path, tmp_path: Path) -> None:
    config = tmp_path / "clip.toml"
    config.write_text("[robust]\nclip = 2.0\n", encoding="utf-8")
    result = RUNNER.invoke(app, ["score", "--method", "rank", "--config", str(config)])
    assert result.exit_code != 0
    assert "unknown section [robust]" in (str(result.exception) + result.output)
