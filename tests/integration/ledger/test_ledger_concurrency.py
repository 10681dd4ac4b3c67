"""The issue's concurrency and crash tests, on SQLite and PostgreSQL."""

from __future__ import annotations

import multiprocessing
import time
from concurrent.futures import ThreadPoolExecutor

from ledger_fixtures import Score, add_creators, add_run, add_videos, fund, reward
from ledger_workers import (
    kill_crediting_after_its_first_chunk,
    redeem_all_at_once,
    redeem_in_process,
)
from sqlalchemy import func, select

from hackoclock.db.engine import Database
from hackoclock.db.tables_ledger import ledger_accruals
from hackoclock.db.tables_shop import redemptions
from hackoclock.ledger.service import balance, credit_run, lifetime_points, verify


def _url(db: Database) -> str:
    return db.url.render_as_string(hide_password=False)


def _count(db: Database, table: object) -> int:
    with db.read() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())  # type: ignore[arg-type]


def test_fifty_concurrent_redemptions_by_threads_stop_at_the_balance(db: Database) -> None:
    fund(db, {"alice": 1000})
    reward(db, amount=100)
    results = redeem_all_at_once(db, [("alice", "merch", f"k{i}") for i in range(50)])
    assert sum(r.startswith("ok:") for r in results) == 10
    assert results.count("insufficient_points") == 40
    assert balance(db, "alice") == 0
    assert verify(db).ok, verify(db).problems


def test_fifty_concurrent_redemptions_by_processes_stop_at_the_balance(db: Database) -> None:
    fund(db, {"alice": 1000})
    reward(db, amount=100)
    ctx = multiprocessing.get_context("spawn")
    start, queue = ctx.Barrier(10), ctx.Queue()
    batches = [[("alice", "merch", f"p{p}-k{i}") for i in range(5)] for p in range(10)]
    procs = [
        ctx.Process(target=redeem_in_process, args=(_url(db), b, start, queue)) for b in batches
    ]
    for proc in procs:
        proc.start()
    results = [r for _ in procs for r in queue.get(timeout=180)]
    for proc in procs:
        proc.join(timeout=30)
        assert proc.exitcode == 0
    assert len(results) == 50
    assert sum(r.startswith("ok:") for r in results) == 10
    assert balance(db, "alice") == 0
    assert verify(db).ok, verify(db).problems


def test_a_hundred_creators_racing_for_seven_units_get_exactly_seven(db: Database) -> None:
    creators = {f"c{i:03d}": 100 for i in range(100)}
    fund(db, creators)
    reward(db, amount=100, stock=7)
    results = redeem_all_at_once(db, [(c, "merch", "k") for c in creators])
    assert sum(r.startswith("ok:") for r in results) == 7
    assert results.count("out_of_stock") == 93
    assert sum(balance(db, c) for c in creators) == 93 * 100
    assert verify(db).ok, verify(db).problems


def test_one_key_retried_twenty_times_at_once_charges_once(db: Database) -> None:
    fund(db, {"alice": 1000})
    reward(db, amount=100)
    results = redeem_all_at_once(db, [("alice", "merch", "same-key")] * 20)
    assert len(set(results)) == 1 and results[0].startswith("ok:")
    assert balance(db, "alice") == 900
    assert _count(db, redemptions) == 1
    assert verify(db).ok


def test_the_same_run_credited_five_times_posts_one_accrual_per_video(db: Database) -> None:
    add_creators(db, ["alice", "bob"])
    pairs = [(f"v{i}", "alice" if i % 2 else "bob") for i in range(40)]
    add_videos(db, pairs)
    run = add_run(db, [Score(v, c, 10 + i) for i, (v, c) in enumerate(pairs)])
    with ThreadPoolExecutor(5) as pool:
        reports = list(pool.map(lambda _: credit_run(db, run, chunk_size=7), range(5)))
    assert sum(r.accruals_written for r in reports) == 40
    assert _count(db, ledger_accruals) == 40
    expected = sum(10 + i for i, (_, c) in enumerate(pairs) if c == "alice")
    assert balance(db, "alice") == expected == lifetime_points(db, "alice")
    for _ in range(2):
        assert credit_run(db, run).already_credited
    assert verify(db).ok


def test_a_crediting_process_killed_midway_leaves_a_valid_ledger_and_resumes(db: Database) -> None:
    creators = [f"c{i:03d}" for i in range(200)]
    add_creators(db, creators)
    pairs = [(f"v{i:05d}", creators[i % 200]) for i in range(6000)]
    add_videos(db, pairs)
    run = add_run(db, [Score(v, c, 1 + i % 50) for i, (v, c) in enumerate(pairs)])
    first = kill_crediting_after_its_first_chunk(_url(db), run)
    assert first.isdigit(), first
    partial = _count(db, ledger_accruals)
    assert 0 < partial < 6000
    report = verify(db)
    assert report.ok, report.problems
    credit_run(db, run)
    assert _count(db, ledger_accruals) == 6000
    total = sum(1 + i % 50 for i in range(6000))
    assert sum(balance(db, c) for c in creators) == total
    assert credit_run(db, run).already_credited
    assert verify(db).ok


def test_verify_sees_a_consistent_ledger_while_redemptions_run(db: Database) -> None:
    from hackoclock.shop.service import cancel, fulfil, redeem

    creators = {f"c{i}": 10_000 for i in range(4)}
    fund(db, creators)
    reward(db, amount=10, stock=10_000)
    stop = time.monotonic() + 3

    def churn(creator: str) -> int:
        n = 0
        while time.monotonic() < stop:
            r = redeem(db, creator, "merch", f"{creator}-{n}")
            (fulfil if n % 2 else cancel)(db, r.id)
            n += 1
        return n

    with ThreadPoolExecutor(4) as pool:
        work = [pool.submit(churn, c) for c in creators]
        reports = []
        while time.monotonic() < stop:
            reports.append(verify(db))
        done = sum(w.result() for w in work)
    assert done > 0 and reports
    assert [r.problems for r in reports if not r.ok] == []
