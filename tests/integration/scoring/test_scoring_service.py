"""Scoring runs against the database (SQLite and PostgreSQL): store, query, explain, fail."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from scoring_fixtures import load_shared
from sqlalchemy import func, select

from hackoclock.db.engine import Database
from hackoclock.db.tables import videos
from hackoclock.db.tables_scoring import scoring_runs, video_scores
from hackoclock.errors import InvalidInput, NotFound
from hackoclock.scoring import queries
from hackoclock.scoring.config import load_config
from hackoclock.scoring.service import get_run, list_runs, run_scoring


def test_a_fair_run_stores_every_video_its_config_and_the_latest_points(
    kaggle_db: Database,
) -> None:
    run_id = run_scoring(kaggle_db, method="fair")
    run = get_run(kaggle_db, run_id)
    assert run["status"] == "finished"
    assert run["method"] == "fair"
    assert run["videos_scored"] == 1000
    assert run["config_hash"] == load_config("fair").sha256
    assert run["config_toml"] == load_config("fair").text
    assert run["period_start"].tzinfo is not None
    assert len(run["input_hash"]) == 64
    with kaggle_db.read() as conn:
        rows = conn.execute(select(video_scores).where(video_scores.c.run_id == run_id)).all()
        total = conn.execute(select(func.sum(videos.c.video_points))).scalar()
    assert len(rows) == 1000
    assert all(sum(r.contributions.values()) == r.points for r in rows)
    assert all(r.missing == ["bookmarks_per_view"] for r in rows)  # the Kaggle file has none
    assert total == run["points_total"] == sum(r.points for r in rows)
    assert run["parameters"]["weights"]["reach"] == 0.35


def test_scoring_the_same_period_twice_gives_identical_rows(kaggle_db: Database) -> None:
    first, second = run_scoring(kaggle_db, method="fair"), run_scoring(kaggle_db, method="fair")

    def rows(run_id: int) -> list[tuple[object, ...]]:
        query = (
            select(
                video_scores.c.video_id,
                video_scores.c.score,
                video_scores.c.points,
                video_scores.c.components,
                video_scores.c.contributions,
            )
            .where(video_scores.c.run_id == run_id)
            .order_by(video_scores.c.video_id)
        )
        with kaggle_db.read() as conn:
            return [tuple(r) for r in conn.execute(query)]

    assert rows(first) == rows(second)
    assert get_run(kaggle_db, first)["input_hash"] == get_run(kaggle_db, second)["input_hash"]


def test_creator_queries_explain_each_video_and_sum_points_per_period(
    kaggle_db: Database,
) -> None:
    run_id = run_scoring(kaggle_db, method="fair")
    top = queries.run_videos(kaggle_db, run_id, limit=1)[0]
    mine = queries.creator_videos(kaggle_db, top["creator_id"])
    assert mine[0]["video_id"] == top["video_id"]
    assert mine[0]["explanation"][0].startswith("Your ")
    assert "+" in mine[0]["explanation"][0]
    assert mine[0]["move_up"]
    periods = queries.creator_points_by_period(kaggle_db, top["creator_id"])
    assert [p["run_id"] for p in periods] == [run_id]
    assert periods[0]["points"] == sum(v["points"] for v in mine)


def test_held_videos_lists_only_flagged_scores_with_their_reasons(kaggle_db: Database) -> None:
    run_id = run_scoring(kaggle_db, method="fair")
    held = queries.held_videos(kaggle_db, limit=500)
    assert held, "the Kaggle file has videos with little engagement per view"
    assert all(h["held"] and h["flags"] and h["run_id"] == run_id for h in held)
    assert all(any("held for review" in s for s in h["explanation"]) for h in held)
    assert len(held) == get_run(kaggle_db, run_id)["parameters"]["held"]


def test_periods_pay_growth_from_a_snapshot_history(db: Database, shared_data: Path) -> None:
    load_shared(db, shared_data / "tiktokapi-trending-2024-2026.jsonl")
    whole = run_scoring(db, method="fair")
    end = get_run(db, whole)["period_end"]
    middle = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
    early = run_scoring(db, period_end=middle, method="fair")
    late = run_scoring(db, period_start=middle, period_end=end, method="fair")

    def views(run_id: int) -> dict[str, int]:
        query = select(video_scores.c.video_id, video_scores.c.views).where(
            video_scores.c.run_id == run_id
        )
        with db.read() as conn:
            return {v: n or 0 for v, n in conn.execute(query)}

    total, a, b = views(whole), views(early), views(late)
    assert a["7611276584837745934"] == 2_600_000  # seen 2.6M on 03-09, 2.7M on 03-11
    assert b["7611276584837745934"] == 100_000  # only the growth after the middle
    assert b["7597264033154207007"] == 12_600_000  # first seen after the middle: whole count
    assert "7597264033154207007" not in a
    assert b["7595083496788462878"] == 0  # 229M then 228.9M: a drop pays nothing
    for video, count in total.items():
        if b.get(video, 0) > 0 or video not in a:
            assert a.get(video, 0) + b.get(video, 0) == count, video


def test_bad_requests_are_refused_before_any_run_is_recorded(kaggle_db: Database) -> None:
    with pytest.raises(InvalidInput, match="unknown scoring method"):
        run_scoring(kaggle_db, method="lottery")
    with pytest.raises(InvalidInput, match="unknown engine"):
        run_scoring(kaggle_db, engine="excel")
    with pytest.raises(InvalidInput, match="must start before it ends"):
        run_scoring(
            kaggle_db,
            period_start=datetime(2021, 1, 1, tzinfo=UTC),
            period_end=datetime(2020, 1, 1, tzinfo=UTC),
        )
    with kaggle_db.read() as conn:
        assert conn.execute(select(func.count()).select_from(scoring_runs)).scalar() == 0
    with pytest.raises(NotFound):
        get_run(kaggle_db, 999)
    with pytest.raises(NotFound):
        queries.creator_videos(kaggle_db, "nobody")


def test_a_failure_while_scoring_marks_the_run_failed_and_writes_no_scores(
    kaggle_db: Database,
) -> None:
    def explode(message: str) -> None:
        if message == "writing results":
            raise RuntimeError("disk on fire")

    with pytest.raises(RuntimeError, match="disk on fire"):
        run_scoring(kaggle_db, progress=explode)
    [run] = list_runs(kaggle_db)
    assert run["status"] == "failed"
    assert "disk on fire" in run["error"]
    with kaggle_db.read() as conn:
        assert conn.execute(select(func.count()).select_from(video_scores)).scalar() == 0
