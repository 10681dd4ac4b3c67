"""Outlier sensitivity through the real scoring service, on a small synthetic period."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select

from hackoclock.db.engine import Database
from hackoclock.db.tables import creators, import_batches, metric_snapshots, videos
from hackoclock.db.tables_scoring import scoring_runs, video_scores

service = pytest.importorskip("hackoclock.scoring.service")

from hackoclock.scoring.report.service import fairness_summary, write_fairness_report  # noqa: E402

OBSERVED = datetime(2026, 11, 20, tzinfo=UTC)
PERIOD = (datetime(2026, 11, 1, tzinfo=UTC), datetime(2026, 11, 28, tzinfo=UTC))
N_VIDEOS = 30


def _insert_period(db: Database) -> None:
    """30 videos by 10 creators; video 7 is the viral one (100x the others' views)."""
    with db.write() as conn:
        batch = conn.execute(
            insert(import_batches).returning(import_batches.c.id),
            {
                "source": "test",
                "format": "test",
                "sha256": "0" * 64,
                "observed_at_default": OBSERVED,
                "started_at": OBSERVED,
                "status": "finished",
            },
        ).scalar_one()
        conn.execute(
            insert(creators),
            [
                {
                    "creator_id": f"c{i}",
                    "username": f"user{i}",
                    "follower_count": 1000 * (i + 1),
                    "first_seen_at": OBSERVED,
                    "updated_at": OBSERVED,
                }
                for i in range(10)
            ],
        )
        rows = []
        for i in range(N_VIDEOS):
            views = 5_000_000 if i == 7 else 1000 + 137 * i
            rows.append(
                {
                    "video_id": f"v{i:02d}",
                    "creator_id": f"c{i % 10}",
                    "caption": f"caption number {i}",
                    "views": views,
                    "likes": views // (5 + i % 7),
                    "shares": views // (40 + i % 11),
                    "bookmarks": views // (60 + i % 5),
                    "comments": views // (30 + i % 13),
                    "sentiment": (i % 10) / 10,
                    "observed_at": OBSERVED,
                    "updated_at": OBSERVED,
                }
            )
        conn.execute(insert(videos), rows)
        counts = ("views", "likes", "shares", "bookmarks", "comments")
        conn.execute(
            insert(metric_snapshots),
            [
                {
                    "video_id": r["video_id"],
                    "observed_at": OBSERVED,
                    "batch_id": batch,
                    **{c: r[c] for c in counts},
                }
                for r in rows
            ],
        )


def _table_counts(db: Database) -> tuple[int, int, int]:
    with db.read() as conn:
        return (
            conn.execute(select(func.count()).select_from(scoring_runs)).scalar_one(),
            conn.execute(select(func.count()).select_from(video_scores)).scalar_one(),
            conn.execute(select(func.count()).select_from(videos)).scalar_one(),
        )


def test_removing_the_viral_video_is_measured_by_rerunning_the_scoring(
    db: Database, tmp_path: Path
) -> None:
    _insert_period(db)
    run_id = service.run_scoring(db, period_start=PERIOD[0], period_end=PERIOD[1], method="fair")
    before = _table_counts(db)
    s = fairness_summary(db, run_id)["outlier_sensitivity"]
    assert s["available"] is True, s["reason"]
    assert s["removed_video_id"] == "v07" and s["removed_views"] == 5_000_000
    assert s["videos_compared"] == N_VIDEOS - 1
    assert s["baseline_mismatches"] == 0  # the re-run as is reproduces the stored points
    assert s["scale"] == 1400.0 and s["scale_source"] == "run config points.scale"
    assert 0.0 <= s["mean_change_pct"] <= s["max_change_pct"]
    assert s["max_change_pct"] == pytest.approx(s["max_change_points"] / 1400 * 100)
    assert _table_counts(db) == before  # the re-runs happened elsewhere
    page = write_fairness_report(db, run_id, tmp_path).read_text(encoding="utf-8")
    assert f"by at most {s['max_change_pct']:.3f}%" in page


def test_seed_beside_fair_on_the_same_period(db: Database, tmp_path: Path) -> None:
    _insert_period(db)
    kwargs = {"period_start": PERIOD[0], "period_end": PERIOD[1]}
    fair = service.run_scoring(db, method="fair", **kwargs)
    seed = service.run_scoring(db, method="seed", **kwargs)
    index = write_fairness_report(db, fair, tmp_path, compare_run_id=seed)
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert summary["comparison"]["same_period"] is True
    assert summary["comparison"]["videos_in_both"] == N_VIDEOS
    fair_s, seed_s = summary["runs"]
    assert seed_s["outlier_sensitivity"]["scale"] == 1400.0
    for s in (fair_s, seed_s):
        assert s["outlier_sensitivity"]["available"] is True
        assert s["variance_shares_sum"] == pytest.approx(1.0)
    assert "The two runs side by side" in index.read_text(encoding="utf-8")
