"""Concurrent fulfils and cancels of one redemption: one acts, every loser gets 409, never 500.

Processes (each with its own pool) and threads inside them race on PostgreSQL, where row locks
decide; SQLite serialises all writers, so the race exists only there.
"""

from __future__ import annotations

import multiprocessing
from collections import Counter

import pytest
from ledger_fixtures import fund, reward
from race_workers import race_in_process
from sqlalchemy import select

from hackoclock.db.engine import Database
from hackoclock.db.tables_ledger import shop
from hackoclock.ledger.service import balance, verify
from hackoclock.shop.service import redeem

PROCESSES, THREADS, ROUNDS = 5, 6, 3  # 30 calls on each of 3 redemptions

pytestmark = pytest.mark.postgres


def test_thirty_racing_fulfils_and_cancels_leave_one_winner_and_409s(pg_db: Database) -> None:
    fund(pg_db, {"alice": 1000})
    reward(pg_db, amount=100, stock=10)
    ids = [redeem(pg_db, "alice", "merch", f"k{i}").id for i in range(ROUNDS)]
    ctx = multiprocessing.get_context("spawn")
    start, queue = ctx.Barrier(PROCESSES * THREADS), ctx.Queue()
    url = pg_db.url.render_as_string(hide_password=False)
    # every process has fulfils and cancels: half of all calls are each
    ops = [
        ["fulfil" if (p + t) % 2 else "cancel" for t in range(THREADS)] for p in range(PROCESSES)
    ]
    procs = [
        ctx.Process(target=race_in_process, args=(url, ops[p], ids, start, queue))
        for p in range(PROCESSES)
    ]
    for proc in procs:
        proc.start()
    per_round: dict[int, list[tuple[str, str]]] = {i: [] for i in range(ROUNDS)}
    for _ in procs:
        for i, results in queue.get(timeout=180).items():
            per_round[i].extend(results)
    for proc in procs:
        proc.join(timeout=30)
        assert proc.exitcode == 0
    statuses = []
    for i in range(ROUNDS):
        outcomes = Counter(result for _, result in per_round[i])
        assert len(per_round[i]) == PROCESSES * THREADS
        assert not [r for r in outcomes if r.startswith("bug:")], outcomes
        winner = next(r for r in outcomes if r.startswith("ok:")).removeprefix("ok:")
        statuses.append(winner)
        won_by = "fulfil" if winner == "fulfilled" else "cancel"
        for op, result in per_round[i]:  # the winner's kind all see it done, the others 409
            assert result == (f"ok:{winner}" if op == won_by else "invalid_transition"), outcomes
    cancelled, fulfilled = statuses.count("cancelled"), statuses.count("fulfilled")
    assert balance(pg_db, "alice") == 1000 - ROUNDS * 100 + cancelled * 100
    with pg_db.read() as conn:
        stock, reserved = conn.execute(select(shop.c.stock, shop.c.reserved)).one()
    assert (stock, reserved) == (10 - fulfilled, 0)
    report = verify(pg_db)
    assert report.ok, report.problems
