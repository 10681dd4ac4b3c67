"""The main job (``hackoclock demo``) on the bundled sample data, as `scripts/run.sh` runs it."""

from __future__ import annotations

from sqlalchemy import func, select

from hackoclock.db.engine import Database
from hackoclock.db.tables import videos
from hackoclock.db.tables_ledger import ledger_transfers
from hackoclock.db.tables_scoring import RUN_FINISHED, scoring_runs
from hackoclock.db.tables_shop import shop
from hackoclock.demo import PERIODS, prepare_demo
from hackoclock.ledger.service import verify
from hackoclock.settings import Settings


def _count(db: Database, table: object) -> int:
    with db.read() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())  # type: ignore[arg-type]


def test_the_demo_imports_scores_credits_and_stocks_the_shop(sqlite_db: Database) -> None:
    report = prepare_demo(sqlite_db, Settings())

    assert report.imported == ["tiktok-sample.json", "tiktok-sample-history.jsonl"]
    assert _count(sqlite_db, videos) == 3300
    assert report.analysed == 3300
    with sqlite_db.read() as conn:
        runs = conn.execute(select(scoring_runs.c.method, scoring_runs.c.status)).all()
    assert sorted(m for m, _ in runs) == ["fair", "seed", *(["value"] * len(PERIODS))]
    assert {s for _, s in runs} == {RUN_FINISHED}
    assert len(report.credited) == len(PERIODS)
    assert _count(sqlite_db, ledger_transfers) > 0
    assert _count(sqlite_db, shop) > 0
    assert verify(sqlite_db).ok


def test_running_the_demo_again_changes_nothing(sqlite_db: Database) -> None:
    first = prepare_demo(sqlite_db, Settings())
    transfers = _count(sqlite_db, ledger_transfers)

    second = prepare_demo(sqlite_db, Settings())

    assert second.runs == first.runs
    assert second.analysed == 0
    assert _count(sqlite_db, ledger_transfers) == transfers
    assert _count(sqlite_db, scoring_runs) == len(PERIODS) + 2  # fair and seed beside value
