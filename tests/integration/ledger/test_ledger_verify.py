"""``verify`` passes on an honest ledger and catches rows changed behind the application's back."""

from __future__ import annotations

from typing import Any

import pytest
from ledger_fixtures import fund, reward
from sqlalchemy import event, insert, select, text

from hackoclock.db.engine import Database
from hackoclock.db.tables_ledger import ledger_accruals, ledger_transfers
from hackoclock.db.tables_shop import redemptions
from hackoclock.ledger.accounts import HELD, ISSUANCE
from hackoclock.ledger.clock import utcnow
from hackoclock.ledger.rules import accrual_ref
from hackoclock.ledger.service import verify
from hackoclock.ledger.transfers import Posting, transfer_row
from hackoclock.shop.service import fulfil, redeem


@pytest.fixture
def busy(db: Database) -> Database:
    fund(db, {"alice": 500, "bob": 300})
    reward(db, stock=5)
    fulfil(db, redeem(db, "alice", "merch", "k1").id)
    redeem(db, "bob", "merch", "k1")
    report = verify(db)
    assert report.ok, report.problems
    assert report.transfers_checked == 5
    return db


def _tamper(db: Database, sql: str) -> list[str]:
    with db.write() as conn:
        assert conn.execute(text(sql)).rowcount >= 1
    report = verify(db)
    assert not report.ok
    return report.problems


def test_verify_catches_a_transfer_amount_edited_in_the_database(busy: Database) -> None:
    problems = _tamper(
        busy, "UPDATE ledger_transfers SET amount = amount + 50 WHERE kind = 'accrual'"
    )
    assert any("checksum" in p for p in problems)
    assert any("cached balance" in p for p in problems)


def test_verify_catches_a_transfer_moved_to_another_account(busy: Database) -> None:
    problems = _tamper(
        busy,
        "UPDATE ledger_transfers SET credit_account = 'creator:bob' "
        "WHERE kind = 'accrual' AND credit_account = 'creator:alice'",
    )
    assert any("checksum" in p for p in problems)


def test_verify_catches_a_cached_balance_edited_in_the_database(busy: Database) -> None:
    problems = _tamper(busy, "UPDATE ledger_accounts SET balance = 9999 WHERE code = 'creator:bob'")
    assert problems == ["creator:bob: cached balance 9999 but transfers sum to 200"]


def test_verify_catches_a_deleted_transfer(busy: Database) -> None:
    problems = _tamper(busy, "DELETE FROM ledger_transfers WHERE kind = 'redeem'")
    assert any("missing its redeem transfer" in p for p in problems)


def test_verify_catches_edited_lifetime_points(busy: Database) -> None:
    problems = _tamper(busy, "UPDATE creators SET total_points = 1 WHERE creator_id = 'alice'")
    assert any("lifetime points" in p for p in problems)


def test_verify_catches_a_redemption_whose_amount_was_changed(busy: Database) -> None:
    problems = _tamper(busy, "UPDATE redemptions SET amount = 1 WHERE creator_id = 'bob'")
    assert any("reserve transfer" in p for p in problems)


def test_verify_catches_reserved_stock_that_no_redemption_explains(busy: Database) -> None:
    problems = _tamper(busy, "UPDATE shop SET reserved = 0")
    assert any("pending redemptions" in p for p in problems)


def _post_behind_the_back(db: Database, posting: Posting) -> list[str]:
    """Insert a well-formed transfer (valid checksum) that no accrual or redemption made, past
    the ledger's door (which would also change the cached balance)."""
    with db.write() as conn:
        conn.execute(insert(ledger_transfers), [transfer_row(posting, utcnow())])
    report = verify(db)
    assert not report.ok
    return report.problems


def test_verify_names_only_the_transfer_that_no_accrual_explains(busy: Database) -> None:
    ref = accrual_ref(999, "no-such-video")
    problems = _post_behind_the_back(busy, Posting(ISSUANCE, HELD, 5, "hold", ref))
    orphans = [p for p in problems if "belongs to no accrual or redemption" in p]
    assert orphans == [f"transfer hold {ref} belongs to no accrual or redemption"]
    assert f"{HELD}: transfers sum to 5, expected 0" in problems


def test_verify_names_a_transfer_of_a_kind_nothing_makes(busy: Database) -> None:
    problems = _post_behind_the_back(busy, Posting(ISSUANCE, "creator:bob", 7, "gift", "gift:1"))
    assert "transfer gift gift:1 belongs to no accrual or redemption" in problems
    assert "creator:bob: cached balance 200 but transfers sum to 207" in problems


def test_verify_names_a_settle_transfer_of_an_accrual_that_credited_nothing(
    busy: Database,
) -> None:
    ref = accrual_ref(424242, "gone")
    problems = _post_behind_the_back(busy, Posting("creator:alice", ISSUANCE, 3, "settle", ref))
    assert f"transfer settle {ref} belongs to no accrual or redemption" in problems


def test_the_references_built_in_sql_are_the_ones_the_application_writes(
    busy: Database,
) -> None:
    from hackoclock.ledger.verify import _accrual_ref, _redemption_ref

    with busy.read() as conn:
        accruals = conn.execute(
            select(ledger_accruals.c.run_id, ledger_accruals.c.video_id, _accrual_ref())
        ).all()
        reds = conn.execute(select(redemptions.c.id, _redemption_ref())).all()
        written = set(conn.execute(select(ledger_transfers.c.ref)).scalars())
    assert accruals and reds
    for run_id, video_id, sql_ref in accruals:
        assert sql_ref == accrual_ref(run_id, video_id)
        assert sql_ref in written
    for red_id, sql_ref in reds:
        assert sql_ref == f"redemption:{red_id}"
        assert sql_ref in written


def test_verify_streams_the_transfers_a_batch_at_a_time(busy: Database) -> None:
    """Memory follows the accounts: the transfers are read with ``yield_per`` (a server-side
    cursor on PostgreSQL), never all fetched at once."""
    from hackoclock.ledger import verify as module

    streamed: list[int | None] = []

    def seen(conn: Any, statement: Any, *args: Any) -> None:
        froms = getattr(statement, "get_final_froms", lambda: [])()
        if any(getattr(f, "name", None) == "ledger_transfers" for f in froms):
            streamed.append(statement.get_execution_options().get("yield_per"))

    event.listen(busy.engine, "before_execute", seen)
    try:
        report = verify(busy)
    finally:
        event.remove(busy.engine, "before_execute", seen)
    assert report.ok, report.problems
    assert streamed[0] == module.STREAM_ROWS  # the first: every transfer, checksums and sums
