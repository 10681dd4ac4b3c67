"""Benchmark: import N synthetic videos (tiktok-scraper JSON) into SQLite and PostgreSQL.

Generates the input once with ``hackoclock.sample.generate`` (cached under --workdir), then runs
each import in a fresh child process (so peak RSS is the import's alone) against a fresh
database: a SQLite file, and a PostgreSQL database this script creates and drops.

    .venv/bin/python bench/bench_ingest.py --videos 1000000 --creators 50000

Prints one line per database: records, wall seconds, records/s, CPU seconds of the import
(the importing process plus its reading worker; the database server excluded), records per
CPU second, peak RSS of the importing process and of its reading worker (MiB); on PostgreSQL
also the CPU seconds of the server process that ran the import.
On a shared machine the wall figures depend on the load; the CPU figures much less so.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
import uuid
from pathlib import Path

DEFAULT_PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def generate(path: Path, creators: int, videos: int) -> None:
    """Write the synthetic scraper export unless it is already there."""
    if path.exists():
        return
    from hackoclock.sample.generate import write_scraper_json

    started = time.perf_counter()
    write_scraper_json(path, creators, videos, seed=2026, manifest=False)
    print(
        f"generated {path} ({path.stat().st_size / 2**20:.0f} MiB) "
        f"in {time.perf_counter() - started:.1f} s",
        flush=True,
    )


def _backend_cpu(db: object) -> tuple[int | None, float]:
    """PostgreSQL: (pid, CPU seconds) of the pooled connection's server process, if readable."""
    from sqlalchemy import text

    engine = db.engine  # type: ignore[attr-defined]
    with engine.connect() as conn:
        pid = int(conn.execute(text("SELECT pg_backend_pid()")).scalar_one())
    return pid, _process_cpu(pid)


def _process_cpu(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def worker(url: str, path: Path) -> None:
    """Migrate a fresh database at ``url``, import ``path``, print the figures as JSON."""
    from hackoclock.db.engine import Database
    from hackoclock.db.migrate import upgrade
    from hackoclock.ingest.service import import_file

    db = Database(url, pool_size=1)
    upgrade(db)
    backend = _backend_cpu(db) if db.is_postgres else None
    load_before = os.getloadavg()[0]
    before = resource.getrusage(resource.RUSAGE_SELF)
    children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    report = import_file(db, path)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    main_cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    worker_cpu = (children.ru_utime - children_before.ru_utime) + (
        children.ru_stime - children_before.ru_stime
    )
    cpu = main_cpu + worker_cpu
    peak_mib = after.ru_maxrss / 1024
    worker_peak_mib = children.ru_maxrss / 1024
    server_cpu = None
    if backend is not None:
        pid, before_server = backend
        same_pid, after_server = _backend_cpu(db)
        # the import ran on the one pooled connection: its server process did the work
        server_cpu = round(after_server - before_server, 2) if same_pid == pid else None
    db.dispose()
    print(
        json.dumps(
            {
                "records": report.records_read,
                "accepted": report.accepted,
                "snapshots": report.snapshots_added,
                "seconds": round(seconds, 2),
                "records_per_s": round(report.records_read / seconds),
                "cpu_seconds": round(cpu, 2),
                "main_cpu_seconds": round(main_cpu, 2),
                "worker_cpu_seconds": round(worker_cpu, 2),
                "records_per_cpu_s": round(report.records_read / cpu),
                "server_cpu_seconds": server_cpu,
                "peak_rss_mib": round(peak_mib),
                "worker_peak_rss_mib": round(worker_peak_mib),
                "load_avg_1m_before": round(load_before, 1),
                "load_avg_1m_after": round(os.getloadavg()[0], 1),
            }
        )
    )


def run_worker(url: str, path: Path) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, __file__, "--worker", url, str(path)],
        check=True,
        capture_output=True,
        text=True,
    )
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def bench_sqlite(workdir: Path, path: Path) -> dict[str, float]:
    db_file = workdir / "bench-ingest.db"
    for suffix in ("", "-wal", "-shm"):
        Path(str(db_file) + suffix).unlink(missing_ok=True)
    try:
        return run_worker(f"sqlite:///{db_file}", path)
    finally:
        for suffix in ("", "-wal", "-shm"):
            Path(str(db_file) + suffix).unlink(missing_ok=True)


def bench_postgres(admin_url: str, path: Path) -> dict[str, float]:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"hk_bench_{uuid.uuid4().hex[:8]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
        return run_worker(url, path)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--videos", type=int, default=1_000_000)
    parser.add_argument("--creators", type=int, default=50_000)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/hackoclock-bench"))
    parser.add_argument("--db", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument(
        "--pg-admin-url", default=os.environ.get("HACKOCLOCK_BENCH_PG_URL", DEFAULT_PG_ADMIN)
    )
    parser.add_argument("--worker", nargs=2, metavar=("URL", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker[0], Path(args.worker[1]))
        return
    args.workdir.mkdir(parents=True, exist_ok=True)
    path = args.workdir / f"scraper-{args.videos}-{args.creators}.json"
    generate(path, args.creators, args.videos)
    if args.db in ("sqlite", "both"):
        print("sqlite", json.dumps(bench_sqlite(args.workdir, path)), flush=True)
    if args.db in ("postgres", "both"):
        print("postgres", json.dumps(bench_postgres(args.pg_admin_url, path)), flush=True)


if __name__ == "__main__":
    main()
