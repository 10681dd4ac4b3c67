"""Benchmark: concurrent redemptions over HTTP against uvicorn and PostgreSQL.

Creates a scratch PostgreSQL database, migrates it and credits ``--creators`` creators through a
synthetic finished scoring run (most get plenty of points; every tenth gets only ``POOR_POINTS``,
and is sent more redemptions than it can pay for). Starts ``hackoclock serve api`` with
``--workers`` uvicorn processes, then an asyncio client keeps ``--concurrency`` redemptions in
flight for ``--seconds`` seconds (after a warm-up), each with a fresh Idempotency-Key except a
share of deliberate retries of an earlier key. Reports throughput and p50/p90/p99 latency of the
redemptions (status 201/402), then checks: ``ledger verify`` passes, no balance is negative, no
creator spent more than it was credited, every retry returned the original redemption, and
redemptions in the database == distinct successful keys. The scratch database is dropped.

    .venv/bin/python bench/bench_api.py --workers 3 --concurrency 48 --seconds 20
    HACKOCLOCK_DB_POOL_PRE_PING=0 .venv/bin/python bench/bench_api.py --client wrk \
        --workers 2 --concurrency 32 --seconds 20

``--client wrk`` drives the load with ``wrk`` (Debian package ``wrk``; C, so it costs far less
CPU than the Python client) and a Lua script that sends a fresh Idempotency-Key per request and
counts statuses; it makes no deliberate retries, and checks that every 201 it got is one
redemption in the database. The server inherits the environment (``HACKOCLOCK_DB_POOL_*``).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

import httpx
import psutil
from bench_world import seed_credited_world
from pydantic import SecretStr
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from hackoclock.auth import create_token
from hackoclock.db.engine import Database
from hackoclock.db.tables_ledger import ledger_accounts
from hackoclock.db.tables_shop import redemptions
from hackoclock.ledger.service import verify
from hackoclock.settings import Settings

ADMIN_URL = os.environ.get(
    "HACKOCLOCK_BENCH_PG_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
SECRET = "bench-api-secret-" + uuid.uuid4().hex
REWARD = "bench-api"
COST = 1
RICH_POINTS = 1_000_000
POOR_POINTS = 3
RETRY_SHARE = 0.05


def admin(sql: str) -> None:
    engine = create_engine(ADMIN_URL, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(sql))
    engine.dispose()


def drop(name: str) -> None:
    admin(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        f"WHERE datname = '{name}' AND pid <> pg_backend_pid()"
    )
    admin(f'DROP DATABASE IF EXISTS "{name}"')


def creator_ids(n: int) -> list[str]:
    return [f"apibench{i:05d}" for i in range(n)]


def points_of(index: int) -> int:
    return POOR_POINTS if index % 10 == 0 else RICH_POINTS


def seed(url: str, n: int) -> None:
    """Creators with credited points (a synthetic finished run) and one cheap reward."""
    seed_credited_world(url, creator_ids(n), points_of, reward_id=REWARD, cost=COST)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(
    url: str, workers: int, port: int, http: str = "auto", loop: str = "auto"
) -> subprocess.Popen[bytes]:
    env = {**os.environ, "HACKOCLOCK_DATABASE_URL": url, "HACKOCLOCK_JWT_SECRET": SECRET}
    env.pop("HACKOCLOCK_DEMO_MODE", None)
    cmd = [
        sys.executable,
        "-m",
        "hackoclock",
        "serve",
        "api",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--log-level",
        "warning",
        *(["--http", http] if http != "auto" else []),
        *(["--loop", loop] if loop != "auto" else []),
    ]
    proc = subprocess.Popen(cmd, env=env, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server exited with {proc.returncode}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return proc
        except httpx.TransportError:
            pass
        time.sleep(0.3)
    stop_server(proc)
    raise SystemExit("server did not start within 120 s")


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    os.killpg(proc.pid, signal.SIGTERM)  # the uvicorn supervisor and its workers (own group)
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=5)


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    keys_ok: dict[tuple[str, str], str] = field(default_factory=dict)  # (creator, key) -> id
    retry_mismatches: int = 0
    errors: int = 0


async def load(
    base: str,
    tokens: dict[str, str],
    concurrency: int,
    seconds: float,
    tally: Tally,
    record: bool,
    seed_no: int,
) -> float:
    """Keep ``concurrency`` redemptions in flight for ``seconds``; returns the elapsed time."""
    rng = random.Random(seed_no)
    ids = list(tokens)
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:
        deadline = time.perf_counter() + seconds

        async def worker(w: int) -> None:
            n = 0
            while time.perf_counter() < deadline:
                creator = ids[rng.randrange(len(ids))]
                done = (
                    [k for k in tally.keys_ok if k[0] == creator]
                    if rng.random() < RETRY_SHARE
                    else []
                )
                key = done[0][1] if done else f"{seed_no}-{w}-{n}"
                n += 1
                headers = {"Authorization": f"Bearer {tokens[creator]}", "Idempotency-Key": key}
                t0 = time.perf_counter()
                try:
                    r = await client.post(f"/api/v1/rewards/{REWARD}/redeem", headers=headers)
                except httpx.HTTPError:
                    tally.errors += 1
                    continue
                elapsed = time.perf_counter() - t0
                if record:
                    tally.latencies.append(elapsed)
                    tally.statuses[r.status_code] = tally.statuses.get(r.status_code, 0) + 1
                if r.status_code == 201:
                    rid = r.json()["id"]
                    known = tally.keys_ok.setdefault((creator, key), rid)
                    if known != rid:
                        tally.retry_mismatches += 1

        started = time.perf_counter()
        await asyncio.gather(*(worker(w) for w in range(concurrency)))
        return time.perf_counter() - started


WRK_SCRIPT = """
local tokens = {%(tokens)s}
local path = "%(path)s"
local tag = "%(tag)s"
local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  counts = {}
  n = 0
  math.randomseed(id * 7919 + %(seed)d)
end

function request()
  n = n + 1
  local headers = {}
  headers["Authorization"] = "Bearer " .. tokens[math.random(#tokens)]
  headers["Idempotency-Key"] = tag .. "-" .. id .. "-" .. n
  return wrk.format("POST", path, headers, "")
end

function response(status, headers, body)
  counts[status] = (counts[status] or 0) + 1
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write("WRK-SUMMARY ", summary.requests, " ", summary.duration, " ",
           e.connect + e.read + e.write + e.timeout, "\\n")
  local all = {}
  for _, t in ipairs(threads) do
    for k, v in pairs(t:get("counts")) do all[k] = (all[k] or 0) + v end
  end
  for k, v in pairs(all) do io.write("WRK-STATUS ", k, " ", v, "\\n") end
  for _, p in ipairs({50, 90, 99}) do io.write("WRK-P ", p, " ", latency:percentile(p), "\\n") end
  io.write("WRK-MEAN ", latency.mean, "\\n")
end
"""


def run_wrk(
    base: str, tokens: dict[str, str], connections: int, seconds: float, tag: str, seed_no: int
) -> dict[str, Any]:
    """One ``wrk`` run (2 threads, ``connections`` keep-alive connections, a fresh key per
    request); returns its figures and the CPU seconds wrk used."""
    script = WRK_SCRIPT % {
        "tokens": ",".join(f'"{t}"' for t in tokens.values()),
        "path": f"/api/v1/rewards/{REWARD}/redeem",
        "tag": tag,
        "seed": seed_no,
    }
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        fh.write(script)
        lua = fh.name
    duration = f"{max(1, round(seconds))}s"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        out = subprocess.run(
            ["wrk", "-t", "2", "-c", str(connections), "-d", duration, "-s", lua, base],
            check=True,
            capture_output=True,
            text=True,
            timeout=seconds + 120,
        ).stdout
    finally:
        os.unlink(lua)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    figures: dict[str, Any] = {"statuses": {}, "percentiles_ms": {}, "cpu_s": cpu}
    for line in out.splitlines():
        parts = line.split()
        if not parts:
            continue
        if parts[0] == "WRK-SUMMARY":
            figures["requests"] = int(parts[1])
            figures["seconds"] = int(parts[2]) / 1e6
            figures["socket_errors"] = int(parts[3])
        elif parts[0] == "WRK-STATUS":
            figures["statuses"][int(parts[1])] = int(parts[2])
        elif parts[0] == "WRK-P":
            figures["percentiles_ms"][int(parts[1])] = float(parts[2]) / 1000
        elif parts[0] == "WRK-MEAN":
            figures["mean_ms"] = float(parts[1]) / 1000
    if "requests" not in figures:
        raise SystemExit(f"could not read wrk output:\n{out}")
    return figures


def cpu_snapshot(procs: list[psutil.Process]) -> dict[int, float]:
    """CPU seconds used so far by each process (by pid)."""
    out = {}
    for proc in procs:
        try:
            times = proc.cpu_times()
        except psutil.Error:
            continue  # a process that ended
        out[proc.pid] = times.user + times.system
    return out


def cpu_used(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds used between two snapshots by the processes alive at both (never negative;
    a backend that exits in between is not counted, so this can only under-count)."""
    return sum(max(0.0, after[pid] - before[pid]) for pid in before if pid in after)


def server_procs(proc: subprocess.Popen[bytes]) -> list[psutil.Process]:
    root = psutil.Process(proc.pid)
    return [root, *root.children(recursive=True)]


def postgres_procs(database: str) -> list[psutil.Process]:
    """The PostgreSQL backends serving the scratch database (pooled, so stable during a run)."""
    engine = create_engine(ADMIN_URL)
    with engine.connect() as conn:
        pids = conn.execute(
            text("SELECT pid FROM pg_stat_activity WHERE datname = :n"), {"n": database}
        ).scalars()
        procs = []
        for pid in pids:
            try:
                procs.append(psutil.Process(pid))
            except psutil.Error:
                continue
    engine.dispose()
    return procs


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def check(url: str, n: int, tally: Tally) -> dict[str, Any]:
    db = Database(url)
    report = verify(db)
    with db.read() as conn:
        balances = dict(
            conn.execute(
                select(ledger_accounts.c.creator_id, ledger_accounts.c.balance).where(
                    ledger_accounts.c.kind == "creator"
                )
            ).all()
        )
        spent = dict(
            conn.execute(
                select(redemptions.c.creator_id, func.count()).group_by(redemptions.c.creator_id)
            ).all()
        )
        total = conn.execute(select(func.count()).select_from(redemptions)).scalar_one()
    db.dispose()
    overspent = [
        c
        for i, c in enumerate(creator_ids(n))
        if spent.get(c, 0) * COST > points_of(i)
        or balances[c] != points_of(i) - spent.get(c, 0) * COST
    ]
    return {
        "ledger_verify_ok": report.ok,
        "ledger_problems": report.problems[:5],
        "negative_balances": sum(1 for b in balances.values() if b < 0),
        "overspent_or_mismatched_creators": len(overspent),
        "poor_creators_at_zero": sum(
            1 for i, c in enumerate(creator_ids(n)) if i % 10 == 0 and balances[c] == 0
        ),
        "redemptions_in_db": int(total),
        "distinct_successful_keys": len(tally.keys_ok),
        "retry_mismatches": tally.retry_mismatches,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=3, help="uvicorn worker processes")
    parser.add_argument("--concurrency", type=int, default=48, help="requests in flight")
    parser.add_argument("--seconds", type=float, default=20.0, help="measured duration")
    parser.add_argument("--warmup", type=float, default=3.0, help="unmeasured warm-up seconds")
    parser.add_argument("--creators", type=int, default=500)
    parser.add_argument("--json", help="also write the results to this file")
    parser.add_argument("--http", default="auto", help="uvicorn HTTP parser (auto, h11, ...)")
    parser.add_argument("--loop", default="auto", help="uvicorn event loop (auto, asyncio, ...)")
    parser.add_argument(
        "--client",
        choices=("httpx", "wrk"),
        default="httpx",
        help="load generator: asyncio httpx (with 5%% retries) or wrk (cheap on CPU)",
    )
    args = parser.parse_args()

    name = f"hk_bench_api_{uuid.uuid4().hex[:8]}"
    admin(f'CREATE DATABASE "{name}"')
    url = make_url(ADMIN_URL).set(database=name).render_as_string(hide_password=False)
    proc = None
    try:
        seed(url, args.creators)
        settings = Settings(jwt_secret=SecretStr(SECRET))
        tokens = {
            c: create_token(settings, sub=c, role="creator", ttl=3600)
            for c in creator_ids(args.creators)
        }
        port = free_port()
        proc = start_server(url, args.workers, port, args.http, args.loop)
        base = f"http://127.0.0.1:{port}"
        tally = Tally()
        if args.client == "wrk":
            warm = run_wrk(base, tokens, args.concurrency, args.warmup, "warm", 1)
            servers, pgs = server_procs(proc), postgres_procs(name)
            cpu0 = (cpu_snapshot(servers), cpu_snapshot(pgs))
            measured = run_wrk(base, tokens, args.concurrency, args.seconds, "run", 2)
            cpu1 = (cpu_snapshot(servers), cpu_snapshot(pgs))
            cpu = [cpu_used(a, b) for a, b in zip(cpu0, cpu1, strict=True)]
            load_avg = os.getloadavg()[0]
            stop_server(proc)
            proc = None
            results = wrk_results(args, warm, measured, cpu, load_avg)
            results.update(check(url, args.creators, tally))
            # wrk stops with up to ``concurrency`` requests in flight, per run, whose answers it
            # never counts: the server may have completed them.
            counted = warm["statuses"].get(201, 0) + measured["statuses"].get(201, 0)
            results["counted_201s"] = counted
            results["all_201_are_in_db"] = (
                counted <= results["redemptions_in_db"] <= counted + 2 * args.concurrency
            )
            return finish(results, args)
        asyncio.run(load(base, tokens, args.concurrency, args.warmup, tally, False, 1))
        servers, pgs, me = server_procs(proc), postgres_procs(name), psutil.Process()
        cpu0 = (cpu_snapshot(servers), cpu_snapshot(pgs), cpu_snapshot([me]))
        elapsed = asyncio.run(load(base, tokens, args.concurrency, args.seconds, tally, True, 2))
        cpu1 = (cpu_snapshot(servers), cpu_snapshot(pgs), cpu_snapshot([me]))
        cpu = [cpu_used(a, b) for a, b in zip(cpu0, cpu1, strict=True)]
        load_avg = os.getloadavg()[0]
        stop_server(proc)
        proc = None
        answered = len(tally.latencies)
        results = {
            "workers": args.workers,
            "concurrency": args.concurrency,
            "seconds": round(elapsed, 2),
            "creators": args.creators,
            "requests": answered,
            "statuses": tally.statuses,
            "transport_errors": tally.errors,
            "requests_per_s": round(answered / elapsed, 1),
            "redemptions_per_s": round(tally.statuses.get(201, 0) / elapsed, 1),
            "p50_ms": round(pct(tally.latencies, 0.50), 1),
            "p90_ms": round(pct(tally.latencies, 0.90), 1),
            "p99_ms": round(pct(tally.latencies, 0.99), 1),
            "mean_ms": round(statistics.fmean(tally.latencies) * 1000, 1),
            "cpu_ms_per_request_api": round(cpu[0] * 1000 / answered, 2),
            "cpu_ms_per_request_postgres": round(cpu[1] * 1000 / answered, 2),
            "cpu_ms_per_request_client": round(cpu[2] * 1000 / answered, 2),
            "load_average_1m_after": round(load_avg, 1),
            "client": "httpx",
            **server_options(args),
            **check(url, args.creators, tally),
        }
    finally:
        if proc is not None:
            stop_server(proc)
        drop(name)
    finish(results, args)


def wrk_results(
    args: argparse.Namespace,
    warm: dict[str, Any],
    measured: dict[str, Any],
    cpu: list[float],
    load_avg: float,
) -> dict[str, Any]:
    answered = measured["requests"]
    elapsed = measured["seconds"]
    return {
        "client": "wrk",
        "workers": args.workers,
        "concurrency": args.concurrency,
        "seconds": round(elapsed, 2),
        "creators": args.creators,
        "requests": answered,
        "statuses": measured["statuses"],
        "transport_errors": measured["socket_errors"] + warm["socket_errors"],
        "requests_per_s": round(answered / elapsed, 1),
        "redemptions_per_s": round(measured["statuses"].get(201, 0) / elapsed, 1),
        "p50_ms": round(measured["percentiles_ms"][50], 1),
        "p90_ms": round(measured["percentiles_ms"][90], 1),
        "p99_ms": round(measured["percentiles_ms"][99], 1),
        "mean_ms": round(measured["mean_ms"], 1),
        "cpu_ms_per_request_api": round(cpu[0] * 1000 / answered, 2),
        "cpu_ms_per_request_postgres": round(cpu[1] * 1000 / answered, 2),
        "cpu_ms_per_request_client": round(measured["cpu_s"] * 1000 / answered, 2),
        "load_average_1m_after": round(load_avg, 1),
        **server_options(args),
    }


def server_options(args: argparse.Namespace) -> dict[str, Any]:
    config = Settings()
    return {
        "http": args.http,
        "loop": args.loop,
        "pool_pre_ping": config.db_pool_pre_ping,
        "pool_size": config.db_pool_size,
    }


def finish(results: dict[str, Any], args: argparse.Namespace) -> None:
    """Print (and maybe save) the results; exit 1 if any correctness check failed."""
    print(json.dumps(results, indent=2))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump(results, fh, indent=2)
    ok = (
        results["ledger_verify_ok"]
        and results["negative_balances"] == 0
        and results["overspent_or_mismatched_creators"] == 0
        and results["retry_mismatches"] == 0
        and results["statuses"].get(500, 0) == 0
        and results.get("all_201_are_in_db", True)
    )
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
