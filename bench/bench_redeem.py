"""Benchmark: redemptions per second on PostgreSQL through the shop service layer.

Creates a scratch database, migrates it, gives ``--creators`` creators enough points (by
crediting a real scoring run), then runs ``--workers`` concurrent workers (threads or processes)
that each call ``shop.redeem`` for ``--seconds`` seconds with fresh idempotency keys, spread over
the creators. Reports throughput and p50/p99 latency, runs pgbench's simple-update test
(``pgbench -N -c 32 -j 2 -T 10``) on a scratch database of the same server for comparison, then
checks ``verify`` and that no creator spent more than they had. Both scratch databases are dropped.

    .venv/bin/python bench/bench_redeem.py --workers 32 --mode threads --seconds 10
    .venv/bin/python bench/bench_redeem.py --workers 32 --mode hybrid --processes 4
    .venv/bin/python bench/bench_redeem.py --workers 32 --mode processes
    HACKOCLOCK_DB_POOL_PRE_PING=0 .venv/bin/python bench/bench_redeem.py --workers 32

The pool's pre-ping (one round trip per checkout) follows ``HACKOCLOCK_DB_POOL_PRE_PING``.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import re
import statistics
import subprocess
import sys
import threading
import time
import uuid
from typing import Any

from bench_world import seed_credited_world
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from hackoclock.db.engine import Database
from hackoclock.db.tables_ledger import ledger_accounts
from hackoclock.db.tables_shop import redemptions
from hackoclock.errors import HackoclockError
from hackoclock.ledger.service import verify
from hackoclock.settings import Settings
from hackoclock.shop.service import redeem

ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
COST = 10


def _pre_ping() -> bool:
    """``HACKOCLOCK_DB_POOL_PRE_PING`` (default on), read in every process."""
    return Settings().db_pool_pre_ping


def _admin(sql: str) -> None:
    engine = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(sql))
    engine.dispose()


def _drop(name: str) -> None:
    _admin(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        f"WHERE datname = '{name}' AND pid <> pg_backend_pid()"
    )
    _admin(f'DROP DATABASE IF EXISTS "{name}"')


def _setup(url: str, n_creators: int, points: int) -> None:
    ids = [f"bench{i:05d}" for i in range(n_creators)]
    seed_credited_world(url, ids, lambda _i: points, reward_id="bench", cost=COST)


def _worker_loop(
    db: Database, worker: int, n_workers: int, n_creators: int, seconds: float, start: Any
) -> tuple[list[float], int]:
    """Redeem in a loop for ``seconds`` after every worker has reached ``start`` (a barrier)."""
    latencies: list[float] = []
    refused = 0
    mine = [f"bench{i:05d}" for i in range(worker, n_creators, n_workers)]
    tag = uuid.uuid4().hex[:8]
    start.wait()
    deadline = time.perf_counter() + seconds
    i = 0
    while time.perf_counter() < deadline:
        creator = mine[i % len(mine)]
        t0 = time.perf_counter()
        try:
            redeem(db, creator, "bench", f"{tag}-{i}")
            latencies.append(time.perf_counter() - t0)
        except HackoclockError:
            refused += 1
        i += 1
    return latencies, refused


def _process_worker(
    url: str, worker: int, n_workers: int, n_creators: int, seconds: float, start: Any, out: Any
) -> None:
    db = Database(url, pool_size=1, pool_pre_ping=_pre_ping())
    with db.read():  # import and connect before the clock starts
        pass
    out.put(_worker_loop(db, worker, n_workers, n_creators, seconds, start))
    db.dispose()


def _run_threads(
    url: str,
    workers: int,
    n_creators: int,
    seconds: float,
    *,
    first: int = 0,
    total: int | None = None,
) -> tuple[list[float], int]:
    """``workers`` threads; they are workers ``first``.. of ``total`` (for the hybrid mode)."""
    db = Database(url, pool_size=workers, pool_pre_ping=_pre_ping())
    start = threading.Barrier(workers)
    results: list[tuple[list[float], int]] = []
    lock = threading.Lock()

    def body(w: int) -> None:
        res = _worker_loop(db, first + w, total or workers, n_creators, seconds, start)
        with lock:
            results.append(res)

    threads = [threading.Thread(target=body, args=(w,)) for w in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    db.dispose()
    return [x for r in results for x in r[0]], sum(r[1] for r in results)


def _run_processes(
    url: str, workers: int, n_creators: int, seconds: float
) -> tuple[list[float], int]:
    ctx = multiprocessing.get_context("spawn")
    out = ctx.Queue()
    start = ctx.Barrier(workers)
    procs = [
        ctx.Process(target=_process_worker, args=(url, w, workers, n_creators, seconds, start, out))
        for w in range(workers)
    ]
    for p in procs:
        p.start()
    results = [out.get(timeout=600) for _ in procs]
    for p in procs:
        p.join(timeout=60)
    return [x for r in results for x in r[0]], sum(r[1] for r in results)


def _hybrid_process(
    url: str,
    index: int,
    threads: int,
    total: int,
    n_creators: int,
    seconds: float,
    start: Any,
    out: Any,
) -> None:
    with Database(url).read():  # import and connect before the clock starts
        pass
    start.wait()
    out.put(_run_threads(url, threads, n_creators, seconds, first=index * threads, total=total))


def _run_hybrid(
    url: str, workers: int, n_creators: int, seconds: float, processes: int
) -> tuple[list[float], int]:
    """``processes`` processes with ``workers / processes`` threads each."""
    threads = workers // processes
    ctx = multiprocessing.get_context("spawn")
    out = ctx.Queue()
    start = ctx.Barrier(processes)
    procs = [
        ctx.Process(
            target=_hybrid_process,
            args=(url, i, threads, threads * processes, n_creators, seconds, start, out),
        )
        for i in range(processes)
    ]
    for p in procs:
        p.start()
    results = [out.get(timeout=600) for _ in procs]
    for p in procs:
        p.join(timeout=60)
    return [x for r in results for x in r[0]], sum(r[1] for r in results)


def _pgbench(name: str, clients: int, seconds: int) -> float:
    _admin(f'CREATE DATABASE "{name}"')
    try:
        base = ["-h", "127.0.0.1", "-p", "5432", "-U", "postgres"]
        subprocess.run(["pgbench", *base, "-i", "-q", name], check=True, capture_output=True)
        out = subprocess.run(
            ["pgbench", *base, "-N", "-c", str(clients), "-j", "2", "-T", str(seconds), name],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    finally:
        _drop(name)
    match = re.search(r"tps = ([0-9.]+)", out)
    if match is None:
        raise RuntimeError(f"could not read pgbench output:\n{out}")
    return float(match.group(1))


def _check(url: str, points: int) -> tuple[bool, int, int]:
    db = Database(url)
    report = verify(db)
    with db.read() as conn:
        negative = conn.execute(
            select(func.count()).select_from(ledger_accounts).where(ledger_accounts.c.balance < 0)
        ).scalar_one()
        spent = conn.execute(
            select(redemptions.c.creator_id, func.sum(redemptions.c.amount)).group_by(
                redemptions.c.creator_id
            )
        ).all()
    overspent = sum(1 for _, total in spent if int(total) > points)
    db.dispose()
    if not report.ok:
        print("\n".join(report.problems[:20]), file=sys.stderr)
    return report.ok, int(negative), overspent


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--workers", type=int, default=32)
    parser.add_argument("--mode", choices=("threads", "processes", "hybrid"), default="threads")
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--processes", type=int, default=4, help="hybrid mode: processes")
    parser.add_argument("--creators", type=int, default=3200)
    parser.add_argument(
        "--points", type=int, default=2000, help="each creator's balance (200 redemptions)"
    )
    parser.add_argument("--pgbench-seconds", type=int, default=10)
    parser.add_argument("--skip-pgbench", action="store_true")
    args = parser.parse_args()

    name = f"hk_bench_{uuid.uuid4().hex[:8]}"
    url = make_url(ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    _admin(f'CREATE DATABASE "{name}"')
    try:
        _setup(url, args.creators, args.points)
        t0 = time.time()
        if args.mode == "hybrid":
            latencies, refused = _run_hybrid(
                url, args.workers, args.creators, args.seconds, args.processes
            )
        else:
            runner = _run_threads if args.mode == "threads" else _run_processes
            latencies, refused = runner(url, args.workers, args.creators, args.seconds)
        wall = time.time() - t0
        ok, negative, overspent = _check(url, args.points)
    finally:
        _drop(name)
    rate = len(latencies) / args.seconds
    lat = sorted(latencies)
    p50 = statistics.median(lat) * 1000 if lat else float("nan")
    p99 = lat[min(len(lat) - 1, int(len(lat) * 0.99))] * 1000 if lat else float("nan")
    print(
        f"pool_pre_ping={_pre_ping()} load_average_1m={os.getloadavg()[0]:.1f} "
        f"mode={args.mode} workers={args.workers} "
        f"processes={args.processes if args.mode == 'hybrid' else '-'} "
        f"seconds={args.seconds} creators={args.creators}"
    )
    print(f"redemptions: {len(latencies)} succeeded, {refused} refused (wall {wall:.1f}s)")
    print(f"throughput: {rate:,.0f} redemptions/s   p50 {p50:.2f} ms   p99 {p99:.2f} ms")
    print(f"verify ok: {ok}; accounts below zero: {negative}; creators overspent: {overspent}")
    if not args.skip_pgbench:
        tps = _pgbench(f"hk_pgbench_{uuid.uuid4().hex[:8]}", 32, args.pgbench_seconds)
        print(
            f"pgbench -N -c 32 -j 2 -T {args.pgbench_seconds}: {tps:,.0f} tps; "
            f"ratio {rate / tps:.2f}"
        )
    if not ok or negative or overspent:
        sys.exit(1)


if __name__ == "__main__":
    main()
