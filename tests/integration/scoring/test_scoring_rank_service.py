"""A ``rank`` run against the database (SQLite and PostgreSQL): stored, explained, repeatable,
and its fairness report (with the outlier re-runs) beside ``fair``."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from hackoclock.db.engine import Database
from hackoclock.db.tables_scoring import video_scores
from hackoclock.scoring import queries
from hackoclock.scoring.config import load_config
from hackoclock.scoring.report.service import fairness_summary, write_fairness_report
from hackoclock.scoring.service import get_run, run_scoring


def _rows(db: Database, run_id: int) -> list[tuple[object, ...]]:
    query = (
        select(
            video_scores.c.video_id,
            video_scores.c.score,
            video_scores.c.points,
            video_scores.c.components,
            video_scores.c.contributions,
            video_scores.c.flags,
        )
        .where(video_scores.c.run_id == run_id)
        .order_by(video_scores.c.video_id)
    )
    with db.read() as conn:
        return [tuple(r) for r in conn.execute(query)]


def test_a_rank_run_stores_percentiles_weights_and_repeats_to_the_bit(
    kaggle_db: Database,
) -> None:
    run_id = run_scoring(kaggle_db, method="rank")
    run = get_run(kaggle_db, run_id)
    assert run["status"] == "finished"
    assert run["method"] == "rank"
    assert run["videos_scored"] == 1000
    assert run["config_hash"] == load_config("rank").sha256
    assert run["parameters"]["weights"] == {"reach": 0.35, "quality": 0.40, "content": 0.25}
    with kaggle_db.read() as conn:
        rows = conn.execute(select(video_scores).where(video_scores.c.run_id == run_id)).all()
    assert len(rows) == 1000
    assert all(sum(r.contributions.values()) == r.points for r in rows)
    assert all(r.missing == ["bookmarks_per_view"] for r in rows)
    reach = sorted(r.components["reach"] for r in rows)
    assert 0 < reach[0] < reach[-1] < 1
    assert all(0 < r.components["pct_shares_per_view"] < 1 for r in rows)
    assert _rows(kaggle_db, run_id) == _rows(kaggle_db, run_scoring(kaggle_db, method="rank"))
    explained = queries.creator_videos(kaggle_db, rows[0].creator_id, run_id=run_id)
    assert explained and all(v["explanation"] for v in explained)


def test_the_fairness_report_of_a_rank_run_beside_fair(kaggle_db: Database, tmp_path: Path) -> None:
    fair_id = run_scoring(kaggle_db, method="fair")
    rank_id = run_scoring(kaggle_db, method="rank")
    summary = fairness_summary(kaggle_db, rank_id)
    assert summary["run"]["method"] == "rank"
    assert summary["contribution_mismatches"] == 0
    assert abs(summary["variance_shares_sum"] - 1.0) < 1e-9
    sens = summary["outlier_sensitivity"]
    assert sens["available"], sens
    assert sens["baseline_mismatches"] == 0
    assert sens["scale"] == 1400
    assert sens["max_change_pct"] <= 1.0
    page = write_fairness_report(kaggle_db, rank_id, tmp_path / "r", compare_run_id=fair_id)
    assert "rank" in page.read_text(encoding="utf-8")
