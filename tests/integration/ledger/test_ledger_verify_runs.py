"""``verify`` checks each accrual against the scoring run that must explain it.

Every forgery here is consistent everywhere else: an accrual row, its transfer with a valid
checksum, the cached balance and the lifetime points all agree. Only the run gives it away.
"""

from __future__ import annotations

import pytest
from ledger_fixtures import PERIOD, Score, add_run, add_videos, fund
from sqlalchemy import insert, select, update

from hackoclock.db.engine import Database
from hackoclock.db.tables import creators
from hackoclock.db.tables_ledger import ledger_accounts, ledger_accruals
from hackoclock.db.tables_scoring import RUN_FAILED, scoring_runs
from hackoclock.ledger.accounts import ISSUANCE
from hackoclock.ledger.clock import utcnow
from hackoclock.ledger.rules import accrual_ref
from hackoclock.ledger.service import balance, credit_run, verify
from hackoclock.ledger.transfers import Posting, post


@pytest.fixture
def ledger(db: Database) -> Database:
    """alice earned 500 (run 1, video fund-alice); run 2 scored her video v2 at 40 points and
    was never credited."""
    fund(db, {"alice": 500})
    add_videos(db, [("v2", "alice")])
    add_run(db, [Score("v2", "alice", 40)])
    assert verify(db).ok
    return db


def _run_ids(db: Database) -> list[int]:
    with db.read() as conn:
        return list(conn.execute(select(scoring_runs.c.id).order_by(scoring_runs.c.id)).scalars())


def _forge(db: Database, run_id: int, video_id: str, points: int, amount: int) -> list[str]:
    """Credit alice ``amount`` by hand, as a posted accrual of (run, video): row, transfer,
    balance and lifetime points all consistent. Returns verify's problems."""
    with db.write() as conn:
        conn.execute(
            insert(ledger_accruals).values(
                run_id=run_id,
                video_id=video_id,
                creator_id="alice",
                period_start=PERIOD[0],
                period_end=PERIOD[1],
                points=points,
                amount=amount,
                state="posted",
                created_at=utcnow(),
            )
        )
        ref = accrual_ref(run_id, video_id)
        post(conn, [Posting(ISSUANCE, "creator:alice", amount, "accrual", ref)])
        conn.execute(
            update(ledger_accounts)
            .where(ledger_accounts.c.code == "creator:alice")
            .values(balance=ledger_accounts.c.balance + amount)
        )
        conn.execute(
            update(creators)
            .where(creators.c.creator_id == "alice")
            .values(total_points=creators.c.total_points + amount)
        )
    report = verify(db)
    assert not report.ok
    return report.problems


def test_a_forged_accrual_on_a_run_never_credited_is_caught(ledger: Database) -> None:
    uncredited = _run_ids(ledger)[1]
    problems = _forge(ledger, uncredited, "v2", points=5000, amount=5000)
    assert balance(ledger, "alice") == 5500  # the forgery is consistent everywhere else
    assert problems == [
        f"accrual {uncredited}/v2 (posted) is unexplained: it records 5000 points but "
        f"scoring run {uncredited} says 40"
    ]


def test_an_accrual_for_a_video_the_run_never_scored_is_caught(ledger: Database) -> None:
    first = _run_ids(ledger)[0]
    problems = _forge(ledger, first, "v2", points=40, amount=40)
    assert problems == [
        f"accrual {first}/v2 (posted) is unexplained: scoring run {first} did not score this video"
    ]


def test_an_accrual_on_a_failed_run_is_caught(ledger: Database) -> None:
    failed = add_run(ledger, [Score("v2", "alice", 40)], status=RUN_FAILED)
    problems = _forge(ledger, failed, "v2", points=40, amount=40)
    assert problems == [
        f"accrual {failed}/v2 (posted) is unexplained: scoring run {failed} is 'failed', "
        "which is never credited"
    ]


def test_paying_again_what_an_earlier_run_of_the_period_paid_is_caught(
    ledger: Database,
) -> None:
    rescore = add_run(ledger, [Score("fund-alice", "alice", 500)])  # same points, same period
    problems = _forge(ledger, rescore, "fund-alice", points=500, amount=500)
    assert problems == [
        f"accrual {rescore}/fund-alice (posted) is unexplained: it posts 500 but the run's 500 "
        "points less the 500 already settled for the period give 0"
    ]


def test_an_honest_rescore_of_the_period_is_explained(ledger: Database) -> None:
    rescore = add_run(ledger, [Score("fund-alice", "alice", 650), Score("v2", "alice", 40)])
    credit_run(ledger, rescore)
    assert balance(ledger, "alice") == 500 + 150 + 40
    report = verify(ledger)
    assert report.ok, report.problems
