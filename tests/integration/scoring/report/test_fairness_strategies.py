"""The fairness report's strategy-proofness section, measured on a run's own data."""

from __future__ import annotations

from pathlib import Path

from scoring_fixtures import load_shared

from hackoclock.db.engine import Database
from hackoclock.scoring.report.service import fairness_summary, write_fairness_report
from hackoclock.scoring.service import run_scoring


def test_value_gains_nothing_from_splits_re_cuts_or_copies(
    sqlite_db: Database, shared_data: Path, tmp_path: Path
) -> None:
    load_shared(sqlite_db, shared_data / "tiktok-trending-2020-12.json")
    value_run = run_scoring(sqlite_db, method="value")
    summary = fairness_summary(sqlite_db, value_run, sensitivity=False, strategies=True)
    value = {g["strategy"]: g for g in summary["strategies"]["strategies"]}
    for strategy in ("split_video", "split_account", "copies"):
        assert value[strategy]["gain"] <= 0.02, value[strategy]
    assert abs(value["recut_periods"]["gain"]) <= 0.02
    versus = summary["strategies"]["versus"]
    assert 0 <= versus["pro_rata_views"]["better_off"] <= 1
    assert versus["seed"] is not None
    index = write_fairness_report(
        sqlite_db, value_run, tmp_path / "report", sensitivity=False, strategies=True
    )
    page = index.read_text(encoding="utf-8")
    assert "Strategy-proofness" in page
    assert "one video as ten parts" in page
