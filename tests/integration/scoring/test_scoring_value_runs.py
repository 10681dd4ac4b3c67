"""`value` runs against the database (SQLite and PostgreSQL): stored paid views, exports."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pyarrow.parquet as pq
from sqlalchemy import select, update

from hackoclock.db.engine import Database
from hackoclock.db.tables import videos
from hackoclock.db.tables_scoring import video_scores
from hackoclock.scoring.export import export_run
from hackoclock.scoring.service import get_run, run_scoring


def test_a_value_run_stores_the_views_it_pays_and_what_was_paid_before(
    kaggle_db: Database,
) -> None:
    run_id = run_scoring(kaggle_db, method="value")
    run = get_run(kaggle_db, run_id)
    assert run["method"] == "value"
    assert run["parameters"]["rate"] == 40.0
    with kaggle_db.read() as conn:
        rows = conn.execute(select(video_scores).where(video_scores.c.run_id == run_id)).all()
    assert len(rows) == 1000
    assert all(r.views_total == r.views for r in rows)  # one snapshot: all views are new
    assert all(r.views_paid_before == 0 for r in rows)
    assert all(r.paid_views == r.views_total for r in rows)
    assert all(sum(r.contributions.values()) == r.points for r in rows)
    assert all(r.points == 0 for r in rows if not r.eligible)
    assert run["points_total"] == sum(r.points for r in rows)


def test_a_run_exports_every_video_with_its_explanation_in_three_formats(
    kaggle_db: Database, tmp_path: Path
) -> None:
    with kaggle_db.write() as conn:
        first = (
            conn.execute(select(videos.c.video_id).order_by(videos.c.video_id)).scalars().first()
        )
        conn.execute(
            update(videos)
            .where(videos.c.video_id == first)
            .values(caption='=HYPERLINK("http://x.test","click")')
        )
    run_id = run_scoring(kaggle_db, method="value")

    stream = io.StringIO()
    assert export_run(kaggle_db, run_id, "json", stream) == 1000
    rows = json.loads(stream.getvalue())
    assert len(rows) == 1000
    assert rows[0]["explanation"][0].startswith("Paid for ") or not rows[0]["eligible"]
    assert {"paid_views", "views_paid_before", "points", "flags", "held"} <= set(rows[0])

    stream = io.StringIO()
    export_run(kaggle_db, run_id, "csv", stream)
    table = list(csv.DictReader(io.StringIO(stream.getvalue())))
    assert len(table) == 1000
    cell = next(r["caption"] for r in table if r["video_id"] == first)
    assert cell.startswith("'=HYPERLINK")  # a spreadsheet shows it as text

    path = tmp_path / "run.parquet"
    assert export_run(kaggle_db, run_id, "parquet", path) == 1000
    frame = pq.read_table(path).to_pandas()
    assert int(frame["points"].sum()) == get_run(kaggle_db, run_id)["points_total"]


def test_value_runs_over_overlapping_periods_pay_each_view_once(
    db: Database, shared_data: Path
) -> None:
    from datetime import UTC, datetime

    from scoring_fixtures import load_shared

    from hackoclock.ledger.service import credit_run, read_marks

    load_shared(db, shared_data / "tiktokapi-trending-2024-2026.jsonl")
    middle = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
    early = run_scoring(db, method="value", period_end=middle)
    first = credit_run(db, early)
    assert first.points_to_creators > 0
    everything = run_scoring(db, method="value")  # "all data so far", over the credited period
    with db.read() as conn:
        marks = read_marks(conn)
        rows = conn.execute(select(video_scores).where(video_scores.c.run_id == everything)).all()
    assert all(r.views_paid_before == marks.get(r.video_id, 0) for r in rows)
    credit_run(db, everything)
    paid_twice = credit_run(db, everything)  # crediting again posts nothing
    assert paid_twice.points_to_creators == 0
    # the all-time run paid only the views above the first run's marks
    with db.read() as conn:
        after = read_marks(conn)
    assert all(after.get(r.video_id, 0) <= (r.views_total or 0) for r in rows)
    total_once = credit_run(db, run_scoring(db, method="value")).points_to_creators
    assert total_once == 0  # nothing new since
