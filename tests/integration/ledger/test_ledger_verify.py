"""``verify`` passes on an honest ledger and catches rows changed behind the application's back."""

from __future__ import annotations

import pytest
from ledger_fixtures import fund, reward
from sqlalchemy import text

from hackoclock.db.engine import Database
from hackoclock.ledger.service import verify
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
