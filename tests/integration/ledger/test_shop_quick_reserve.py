"""The one-statement redemption on PostgreSQL: what it writes, when it steps aside, round trips."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from ledger_fixtures import fund, reward
from sqlalchemy import event, select, update

from hackoclock.db.engine import Database
from hackoclock.db.tables_ledger import ledger_accounts, ledger_transfers
from hackoclock.db.tables_shop import redemptions
from hackoclock.ledger.checksum import transfer_checksum
from hackoclock.ledger.clock import utcnow
from hackoclock.ledger.service import balance, verify
from hackoclock.shop.errors import IdempotencyKeyReused, InsufficientPoints, OutOfStock
from hackoclock.shop.quick_reserve import reserve_in_one_statement
from hackoclock.shop.service import get_reward, redeem


@contextmanager
def statements(db: Database) -> Iterator[list[str]]:
    """Every SQL statement the engine sends while the block runs."""
    seen: list[str] = []

    def record(_c: Any, _cur: Any, sql: str, *_args: Any) -> None:
        seen.append(sql)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", record)


@pytest.fixture
def pg(pg_db: Database) -> Database:
    """The one-statement path is PostgreSQL's."""
    return pg_db


def test_a_plain_redemption_is_one_statement_on_postgres(pg: Database) -> None:
    fund(pg, {"alice": 500})
    reward(pg)
    redeem(pg, "alice", "merch", "warm-up")  # creates the system accounts once
    with statements(pg) as seen:
        r = redeem(pg, "alice", "merch", "k1")
    assert len(seen) == 1 and seen[0].lstrip().startswith("WITH acct AS")
    assert r.status == "pending" and r.amount == 100 and r.exposure == "merch given"
    assert balance(pg, "alice") == 300


def test_not_enough_points_is_answered_by_the_one_statement(pg: Database) -> None:
    fund(pg, {"alice": 150})
    reward(pg)
    redeem(pg, "alice", "merch", "k1")
    with statements(pg) as seen, pytest.raises(InsufficientPoints, match="balance is 50"):
        redeem(pg, "alice", "merch", "k2")
    assert len(seen) == 1
    assert balance(pg, "alice") == 50 and verify(pg).ok


def test_the_checksum_postgres_computes_matches_the_python_one(pg: Database) -> None:
    fund(pg, {"alice": 500})
    reward(pg, stock=2)
    r = redeem(pg, "alice", "merch", "k1")
    with pg.read() as conn:
        t = conn.execute(
            select(ledger_transfers).where(ledger_transfers.c.ref == f"redemption:{r.id}")
        ).one()
        row = conn.execute(select(redemptions).where(redemptions.c.id == r.id)).one()
    expected = transfer_checksum(
        t.debit_account, t.credit_account, t.amount, t.kind, t.ref, t.created_at
    )
    assert (t.debit_account, t.credit_account, t.amount, t.kind) == (
        "creator:alice",
        "sys:reserved",
        100,
        "reserve",
    )
    assert t.checksum == expected
    assert row.creation_date == r.creation_date and row.status == "pending"
    assert get_reward(pg, "merch").reserved == 1
    assert verify(pg).ok, verify(pg).problems


def test_the_statement_writes_nothing_when_the_balance_is_short(pg: Database) -> None:
    fund(pg, {"alice": 50})
    reward(pg, stock=5)
    with pg.autocommit() as conn:
        done = reserve_in_one_statement(
            conn,
            redemption_id="00000000-0000-0000-0000-000000000001",
            creator_id="alice",
            reward_id="merch",
            key="k1",
            now=utcnow(),
        )
    assert done.amount is None and done.short_of_points
    assert (done.balance, done.price) == (50, 100)
    assert balance(pg, "alice") == 50 and get_reward(pg, "merch").reserved == 0
    with pytest.raises(InsufficientPoints):
        redeem(pg, "alice", "merch", "k1")
    assert verify(pg).ok


def test_the_statement_writes_nothing_when_out_of_stock(pg: Database) -> None:
    fund(pg, {"alice": 500})
    reward(pg, stock=1)
    redeem(pg, "alice", "merch", "k1")
    with pg.autocommit() as conn:
        done = reserve_in_one_statement(
            conn,
            redemption_id="00000000-0000-0000-0000-000000000002",
            creator_id="alice",
            reward_id="merch",
            key="k2",
            now=utcnow(),
        )
    assert done.amount is None and not done.short_of_points
    assert balance(pg, "alice") == 400
    with pytest.raises(OutOfStock):
        redeem(pg, "alice", "merch", "k2")
    assert balance(pg, "alice") == 400 and get_reward(pg, "merch").reserved == 1


def test_a_reused_key_steps_aside_to_return_or_refuse(pg: Database) -> None:
    fund(pg, {"alice": 500})
    reward(pg)
    reward(pg, "cap", amount=10)
    first = redeem(pg, "alice", "merch", "k1")
    assert redeem(pg, "alice", "merch", "k1") == first
    with pytest.raises(IdempotencyKeyReused):
        redeem(pg, "alice", "cap", "k1")
    assert balance(pg, "alice") == 400


def test_limited_rewards_take_the_general_path(pg: Database) -> None:
    fund(pg, {"alice": 500})
    reward(pg, limit_per_period=1, limit_period="week")
    redeem(pg, "alice", "merch", "warm-up-and-limit")
    with statements(pg) as seen, pytest.raises(Exception, match="limited to 1"):
        redeem(pg, "alice", "merch", "k2")
    assert len(seen) > 1  # the one-statement try, then the general path that explains
    assert balance(pg, "alice") == 400


def test_autocommit_does_not_leak_into_later_transactions(pg: Database) -> None:
    fund(pg, {"alice": 500})
    reward(pg)
    one = Database(pg.url.render_as_string(hide_password=False), pool_size=1)
    try:
        redeem(one, "alice", "merch", "k1")  # the quick path, on the pool's only connection
        with pytest.raises(RuntimeError, match="roll back"), one.write() as conn:
            assert conn.connection.dbapi_connection.autocommit is False  # type: ignore[union-attr]
            conn.execute(
                update(ledger_accounts)
                .where(ledger_accounts.c.code == "creator:alice")
                .values(balance=0)
            )
            raise RuntimeError("roll back")
        assert balance(one, "alice") == 400
    finally:
        one.dispose()
