"""The scoring commands end to end: score, runs list, runs show, Parquet in and out, errors."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from hackoclock.cli import app
from hackoclock.scoring.synthetic import synthetic_period

RUNNER = CliRunner()


def test_score_then_list_and_show_the_run(cli_db: Path) -> None:
    scored = RUNNER.invoke(app, ["score", "--method", "fair"])
    assert scored.exit_code == 0, scored.output
    assert "run 1: fair on duckdb, 1000 videos scored" in scored.output
    listed = RUNNER.invoke(app, ["runs", "list"])
    assert listed.exit_code == 0
    assert "finished" in listed.output
    shown = RUNNER.invoke(app, ["runs", "show", "1", "--top", "3"])
    assert shown.exit_code == 0, shown.output
    assert "videos scored 1000" in shown.output
    assert "points" in shown.output


def test_score_a_period_with_seed_into_parquet(cli_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "seed.parquet"
    result = RUNNER.invoke(
        app,
        [
            "score",
            "--method",
            "seed",
            "--period",
            "2000-01-01..2100-01-01",
            "--output",
            f"parquet:{out}",
        ],
    )
    assert result.exit_code == 0, result.output
    frame = pd.read_parquet(out)
    assert len(frame) == 1000
    assert (frame["contrib_views"] >= 0).all()


def test_score_parquet_to_parquet_without_a_database(tmp_path: Path) -> None:
    source, target = tmp_path / "in.parquet", tmp_path / "out.parquet"
    synthetic_period(2000, seed=2).to_pandas().to_parquet(source)
    result = RUNNER.invoke(
        app, ["score", "--input", f"parquet:{source}", "--output", f"parquet:{target}"]
    )
    assert result.exit_code == 0, result.output
    frame = pd.read_parquet(target)
    assert len(frame) == 2000
    assert frame["video_id"].is_monotonic_increasing
    assert (
        frame[[f"contrib_{c}" for c in ("views", "quality", "content", "originality")]].sum(axis=1)
        == frame["points"]
    ).all()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["score", "--method", "lottery"], "unknown scoring method"),
        (["score", "--period", "yesterday"], "START..END"),
        (["score", "--period", "2021-01-01..2020-01-01"], "must start before it ends"),
        (["score", "--input", "csv:x"], "must be 'db' or parquet:PATH"),
        (["runs", "show", "42"], "scoring run 42 does not exist"),
    ],
)
def test_bad_arguments_exit_with_a_one_line_error(
    cli_db: Path, args: list[str], message: str
) -> None:
    result = RUNNER.invoke(app, args)
    assert result.exit_code != 0
    assert message in str(result.exception) or message in result.output


def test_a_parquet_input_without_the_required_columns_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "bad.parquet"
    pd.DataFrame({"video_id": ["a"], "plays": [3]}).to_parquet(source)
    result = RUNNER.invoke(
        app, ["score", "--input", f"parquet:{source}", "--output", f"parquet:{tmp_path / 'o'}"]
    )
    assert result.exit_code != 0
    assert "lacks column(s): creator_id, views" in str(result.exception)
    assert not (tmp_path / "o").exists()
