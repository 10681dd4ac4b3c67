"""``hackoclock sample`` from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hackoclock.cli import app

runner = CliRunner()


def _flat(text: str) -> str:
    """The output with rich's line wrapping undone."""
    return " ".join(text.split())


def test_sample_writes_a_scraper_export_and_its_manifest(tmp_path: Path) -> None:
    out = tmp_path / "s.json"
    result = runner.invoke(
        app, ["sample", "--creators", "30", "--videos", "200", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert "200 videos by 30 creators" in result.output
    assert len(json.loads(out.read_text(encoding="utf-8"))["collector"]) == 200
    manifest = json.loads((tmp_path / "s.json.manifest.json").read_text(encoding="utf-8"))
    assert manifest["seed"] == 2026 and manifest["planted"]


def test_sample_jsonl_defaults_to_three_snapshots_from_the_given_start(tmp_path: Path) -> None:
    out = tmp_path / "h.jsonl"
    args = ["sample", "--format", "jsonl", "--creators", "20", "--videos", "100"]
    args += ["--start", "2026-06-01", "--days", "7", "--snapshot-hours", "24", "--out", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 300
    assert sorted({r["collected_at_utc"] for r in lines}) == [
        "2026-06-08T06:00:00Z",
        "2026-06-09T06:00:00Z",
        "2026-06-10T06:00:00Z",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--creators", "50", "--videos", "10"], "must be at least --creators"),
        (["--snapshots", "2"], "one observation"),
        (["--start", "soon"], "not an ISO date"),
        (["--creators", "0"], "at least 1 creator"),
    ],
)
def test_bad_options_fail_with_one_line_and_write_nothing(
    tmp_path: Path, args: list[str], message: str
) -> None:
    result = runner.invoke(app, ["sample", *args, "--out", str(tmp_path / "x.json")])
    assert result.exit_code == 2
    assert message in _flat(result.output)
    assert list(tmp_path.iterdir()) == []


def test_an_out_path_in_a_missing_folder_is_refused(tmp_path: Path) -> None:
    result = runner.invoke(app, ["sample", "--out", str(tmp_path / "nope" / "x.json")])
    assert result.exit_code == 2
    assert "does not exist" in _flat(result.output)
