"""The ledger's one door on a real database: balances, debt and lifetime points follow the
transfers, an overdraft writes nothing, and the SQL checksum is the Python one."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from ledger_fixtures import fund
from sqlalchemy import BigInteger, func, literal, select

from hackoclock.db.engine import Database
from hackoclock.db.tables_ledger import ledger_transfers
from hackoclock.ledger.accounts import (
    HELD,
    ISSUANCE,
    RESERVED,
    creator_account,
    ensure_system_accounts,
    system_accounts_ready,
)
from hackoclock.ledger.checksum import checksum_params, checksum_sql, transfer_checksum
from hackoclock.ledger.errors import Overdrawn
from hackoclock.ledger.service import balance, debt, lifetime_points, verify
from hackoclock.ledger.transfers import Posting, post

ANN = creator_account("ann")


def _transfers(db: Database) -> int:
    with db.read() as conn:
        return int(conn.execute(select(func.count()).select_from(ledger_transfers)).scalar_one())


def test_an_overdraft_raises_and_the_rolled_back_transaction_leaves_nothing(db: Database) -> None:
    fund(db, {"ann": 100})
    before = _transfers(db)
    with pytest.raises(Overdrawn), db.write() as conn:
        post(conn, [Posting(ANN, RESERVED, 101, "reserve", "redemption:too-much")])
    assert balance(db, "ann") == 100
    assert _transfers(db) == before
    assert verify(db).ok


def test_balance_debt_and_lifetime_points_follow_the_postings(db: Database) -> None:
    fund(db, {"ann": 100})
    with db.write() as conn:  # a downward adjustment beyond the balance: 60 clawed, 40 owed
        post(conn, [Posting(ANN, ISSUANCE, 60, "clawback", "c")], debt_added={ANN: 40})
        post(conn, [Posting(ISSUANCE, HELD, 50, "hold", "h")])
    assert (balance(db, "ann"), debt(db, "ann"), lifetime_points(db, "ann")) == (40, 40, 40)
    with db.write() as conn:  # a release of 50 settles the 40 owed first
        post(
            conn,
            [Posting(HELD, ANN, 50, "release", "h"), Posting(ANN, ISSUANCE, 40, "settle", "h")],
        )
    assert (balance(db, "ann"), debt(db, "ann"), lifetime_points(db, "ann")) == (50, 0, 50)


@pytest.mark.postgres
def test_postgres_computes_the_checksum_the_python_way(pg_db: Database) -> None:
    when = datetime(2026, 12, 8, 1, 2, 3, 456789, tzinfo=UTC)
    fields = ("creator:ann", RESERVED, "reserve", "redemption:x", when)
    with pg_db.read() as conn:
        got = conn.execute(
            select(checksum_sql(literal(1234, BigInteger), "t_")),
            checksum_params("t_", *fields),
        ).scalar_one()
    assert got == transfer_checksum("creator:ann", RESERVED, 1234, "reserve", "redemption:x", when)


def test_system_accounts_count_as_ready_only_once_committed(db: Database) -> None:
    fresh = Database(str(db.url.render_as_string(hide_password=False)))
    try:
        with pytest.raises(RuntimeError), fresh.write() as conn:
            ensure_system_accounts(fresh, conn)
            assert not system_accounts_ready(fresh)  # others must still make sure themselves
            raise RuntimeError
        assert not system_accounts_ready(fresh)
        with fresh.write() as conn:
            ensure_system_accounts(fresh, conn)
        assert system_accounts_ready(fresh)
    finally:
        fresh.dispose()
