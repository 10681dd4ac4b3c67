"""Benchmark: ``ledger verify`` on a big ledger: time and peak memory.

Builds a ledger through the real crediting path (creators, videos and a finished scoring run
inserted directly, then ``credit_run``: one accrual and one transfer per video), then runs
``verify`` in a fresh child process so the peak RSS is verify's alone.

    .venv/bin/python bench/bench_verify.py --videos 500000 --db sqlite
    .venv/bin/python bench/bench_verify.py --videos 500000 --db postgres

``--src DIR`` runs verify from another source tree (``PYTHONPATH=DIR``), to set the current
code beside an older commit's on the same ledger (``git archive COMMIT src | tar -x -C DIR``).
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
from datetime import UTC, datetime
from pathlib import Path

DEFAULT_PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
NOW = datetime(2026, 11, 1, tzinfo=UTC)
BATCH = 50_000


def build(url: str, n_videos: int, n_creators: int) -> dict[str, float]:
    """Migrate ``url`` and credit one run over ``n_videos`` videos; return the timings."""
    from sqlalchemy import insert

    from hackoclock.db.engine import Database
    from hackoclock.db.migrate import upgrade
    from hackoclock.db.tables import creators, videos
    from hackoclock.db.tables_scoring import RUN_FINISHED, scoring_runs, video_scores
    from hackoclock.ledger.service import credit_run

    db = Database(url)
    upgrade(db)
    started = time.perf_counter()
    owner = [f"c{i % n_creators:07d}" for i in range(n_videos)]
    with db.write() as conn:
        conn.execute(
            insert(creators),
            [
                {"creator_id": f"c{i:07d}", "first_seen_at": NOW, "updated_at": NOW}
                for i in range(n_creators)
            ],
        )
        for lo in range(0, n_videos, BATCH):
            rows = [
                {"video_id": f"v{i:09d}", "creator_id": owner[i], "observed_at": NOW,
                 "updated_at": NOW}
                for i in range(lo, min(lo + BATCH, n_videos))
            ]  # fmt: skip
            conn.execute(insert(videos), rows)
        run_id = conn.execute(
            insert(scoring_runs)
            .values(
                method="fair", engine="duckdb", period_start=NOW,
                period_end=NOW.replace(day=8), config_toml="", config_hash="0" * 64,
                status=RUN_FINISHED, created_at=NOW, videos_scored=n_videos,
                points_total=0,
            )
            .returning(scoring_runs.c.id)
        ).scalar_one()  # fmt: skip
        for lo in range(0, n_videos, BATCH):
            rows = [
                {"run_id": run_id, "video_id": f"v{i:09d}", "creator_id": owner[i],
                 "score": 0.5, "points": 1 + i % 97, "components": {}, "contributions": {},
                 "eligible": True, "held": False, "flags": []}
                for i in range(lo, min(lo + BATCH, n_videos))
            ]  # fmt: skip
            conn.execute(insert(video_scores), rows)
    inserted = time.perf_counter()
    credit_run(db, int(run_id))
    credited = time.perf_counter()
    db.dispose()
    return {"setup_s": inserted - started, "credit_s": credited - inserted}


def child(url: str) -> None:
    from hackoclock.db.engine import Database
    from hackoclock.ledger.service import verify

    db = Database(url)
    started = time.perf_counter()
    report = verify(db)
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(
        json.dumps(
            {
                "ok": report.ok,
                "transfers": report.transfers_checked,
                "accounts": report.accounts_checked,
                "verify_s": round(seconds, 2),
                "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
                "peak_rss_mib": usage.ru_maxrss // 1024,
            }
        )
    )


def measure(url: str, src: Path | None) -> dict[str, object]:
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = str(src)
    done = subprocess.run(
        [sys.executable, __file__, "--child", url],
        capture_output=True, text=True, check=True, timeout=3600, env=env,
    )  # fmt: skip
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--videos", type=int, default=500_000)
    parser.add_argument("--creators", type=int, default=25_000)
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/hackoclock-bench"))
    parser.add_argument("--pg-admin", default=DEFAULT_PG_ADMIN)
    parser.add_argument("--src", type=Path, action="append", default=[],
                        help="also run verify from this source tree (repeatable)")  # fmt: skip
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    from sqlalchemy import create_engine, text

    name = f"hk_verify_{uuid.uuid4().hex[:8]}"
    admin = None
    if args.db == "sqlite":
        args.workdir.mkdir(parents=True, exist_ok=True)
        path = args.workdir / f"{name}.db"
        url = f"sqlite:///{path}"
    else:
        admin = create_engine(args.pg_admin, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = args.pg_admin.rsplit("/", 1)[0] + f"/{name}"
    try:
        built = build(url, args.videos, args.creators)
        print(json.dumps({"db": args.db, "videos": args.videos, **built}), flush=True)
        for src in [None, *args.src]:
            out = measure(url, src)
            print(json.dumps({"code": str(src or "this tree"), **out}), flush=True)
    finally:
        if admin is not None:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
        else:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)


if __name__ == "__main__":
    main()
