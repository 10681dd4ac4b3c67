"""Benchmark: what this machine allows at best, below any importer or scorer we could write.

The speed goals of issue 2 (import 1,000,000 videos at 50,000 records/s into SQLite and
100,000/s into PostgreSQL) and issue 4 (score 10,000,000 video-periods from Parquet in 10 s)
are measured here against floors: the same data moved with every piece of our own work taken
out. A goal below its floor cannot be met on this machine by a better implementation of the
same job.

    .venv/bin/python bench/bench_floor.py [--part ingest|scoring|all]

Ingest (the 1,000,000-video scraper export of ``bench_ingest.py``, made if missing):

* ``decode``: read the file's lines and ``orjson.loads`` each element, nothing else;
* ``prepare``: our reading worker (decode, validate, build rows) on the same records;
* ``sqlite_executemany``: the prepared rows (already in memory) written with ``executemany``
  into a migrated database, as the loader does, in one transaction; no reading at all;
* ``sqlite_engine``: the same rows copied inside SQLite with ``INSERT ... SELECT`` from an
  in-memory copy (file order): SQLite's own cost, with no Python per row;
* ``sqlite_engine_bare``: the same copy without foreign-key checks, secondary indexes and
  ``synchronous`` (guarantees the schema keeps; only to show what they cost);
* ``postgres_bulk``: the prepared rows written by the bulk loader (COPY into tables whose
  foreign keys and secondary indexes are dropped, rebuilt at the end), with the server
  process's CPU (``postgres_bulk_server``, commit included);
* ``postgres_bare_copy``: the same rows COPYed into copies of the tables with no index or
  constraint at all (nothing checked, nothing rebuilt): the least PostgreSQL can do.

Scoring (the 10,000,000-row Parquet of ``bench_scoring.py``, made if missing):

* ``read``: DuckDB reads every input column;
* ``write_parquet``: DuckDB reads the input and writes a Parquet file with the real result's
  30 columns and types (the computed ones from cheap arithmetic on ``views``), sorted by
  ``video_id``: the scorer's output with no scoring in it;
* ``write_memory``: the same result kept as an in-memory DuckDB table, no file.

Each part runs in its own child process. Prints one JSON line per measurement.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

DEFAULT_PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _measure(name: str, records: int, work: Callable[[], Any], **extra: Any) -> dict[str, Any]:
    cpu, wall = _cpu(), time.perf_counter()
    work()
    wall, cpu = time.perf_counter() - wall, _cpu() - cpu
    out = {
        "measure": name,
        "records": records,
        "wall_s": round(wall, 2),
        "cpu_s": round(cpu, 2),
        "us_per_record_wall": round(wall / records * 1e6, 2),
        **extra,
    }
    print(json.dumps(out), flush=True)
    return out


# ---------------------------------------------------------------- ingest


def _element_lines(path: Path) -> Iterator[bytes]:
    """The array's element lines of a one-element-per-line scraper export."""
    with path.open("rb") as f:
        f.readline()  # {"headers": ..., "collector": [
        for line in f:
            line = line.rstrip(b"\r\n").rstrip(b",")
            if line.startswith(b"{"):
                yield line


def ingest(path: Path, pg_admin: str | None) -> None:
    import orjson

    from hackoclock.db.engine import Database
    from hackoclock.db.migrate import upgrade
    from hackoclock.ingest.prepare import prepare_chunks

    records = sum(1 for _ in _element_lines(path))

    def decode() -> None:
        for line in _element_lines(path):
            orjson.loads(line)

    _measure("decode", records, decode)

    with tempfile.TemporaryDirectory() as tmp:
        db = Database(f"sqlite:///{tmp}/floor.db")
        upgrade(db)
        job = _job(db, path, sqlite=True)
        chunks: list[Any] = []
        gc.disable()  # as in the reading worker
        _measure("prepare", records, lambda: chunks.extend(prepare_chunks(job)))
        gc.enable()
        _sqlite_executemany(db, chunks, records)
        _sqlite_engine(Path(tmp) / "floor.db", Path(tmp) / "engine.db", records)
        _sqlite_engine(Path(tmp) / "floor.db", Path(tmp) / "engine.db", records, bare=True)
        db.engine.dispose()
        chunks.clear()

    if pg_admin:
        _postgres(pg_admin, path, records)


def _job(db: Any, path: Path, *, sqlite: bool) -> Any:
    """A PrepareJob for ``path``, into a batch opened in ``db``."""
    from datetime import UTC, datetime

    from hackoclock.ingest.load import batches
    from hackoclock.ingest.prepare import PrepareJob
    from hackoclock.ingest.service import CHUNK_RECORDS

    now = datetime.now(UTC)
    with db.write() as conn:
        batch_id = batches.open_batch(
            conn,
            source=str(path),
            fmt="scraper",
            sha256="0" * 64,
            observed_default=now,
            started_at=now,
        )
    job = PrepareJob(
        path=path,
        fmt="scraper",
        default_observed=now,
        now=now,
        batch_id=batch_id,
        sqlite=sqlite,
        chunk_records=CHUNK_RECORDS,
    )
    return job


def _sqlite_executemany(db: Any, chunks: list[Any], records: int) -> None:
    from hackoclock.ingest.load.sqlite import SqliteLoader

    def write() -> None:
        with db.write() as conn:
            loader = SqliteLoader(conn)
            for chunk in chunks:
                loader.load(chunk)
            loader.close()

    _measure("sqlite_executemany", records, write)


def _sqlite_engine(source: Path, target: Path, records: int, *, bare: bool = False) -> None:
    """Copy the rows ``source`` holds (written by the loader) into a fresh copy of its schema.

    ``bare``: without the schema's guarantees (no foreign-key checks, no secondary indexes,
    ``synchronous=OFF``), to show how much of the cost they are.
    """
    import sqlite3

    con = sqlite3.connect(target, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute(f"PRAGMA synchronous={'OFF' if bare else 'NORMAL'}")
    con.execute(f"PRAGMA foreign_keys={'OFF' if bare else 'ON'}")
    con.execute("PRAGMA cache_size=-262144")
    con.execute("ATTACH ? AS src", (str(source),))
    schema = con.execute(
        "SELECT sql FROM src.sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    for (statement,) in schema:
        if not (bare and statement.startswith("CREATE INDEX")):
            con.execute(statement)
    con.execute("ATTACH ':memory:' AS mem")
    tables = ("import_batches", "creators", "videos", "metric_snapshots")
    for table in tables:  # file order: rowid order is the order the loader wrote them in
        con.execute(f"CREATE TABLE mem.{table} AS SELECT * FROM src.{table} ORDER BY rowid")
    con.execute("DETACH src")

    def copy() -> None:
        con.execute("BEGIN")
        for table in tables:
            con.execute(f"INSERT INTO main.{table} SELECT * FROM mem.{table} ORDER BY rowid")
        con.execute("COMMIT")

    _measure("sqlite_engine_bare" if bare else "sqlite_engine", records, copy)
    con.close()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)


def _postgres(admin_url: str, path: Path, records: int) -> None:
    from sqlalchemy import create_engine, text

    from hackoclock.db.engine import Database
    from hackoclock.db.migrate import upgrade
    from hackoclock.ingest.load.postgres import PostgresLoader
    from hackoclock.ingest.prepare import prepare_chunks

    name = f"hk_floor_{uuid.uuid4().hex[:8]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        db = Database(admin_url.rsplit("/", 1)[0] + f"/{name}", pool_size=1)
        upgrade(db)
        chunks = list(prepare_chunks(_job(db, path, sqlite=False)))
        with db.write() as conn:
            pid = int(conn.execute(text("SELECT pg_backend_pid()")).scalar_one())
            server_before = _process_cpu(pid)

            def write() -> None:
                loader = PostgresLoader(conn, bulk=True)
                for chunk in chunks:
                    loader.load(chunk)
                loader.close()

            _measure(
                "postgres_bulk",
                records,
                write,
                server_cpu_s_before=round(server_before, 2),
                server_pid=pid,
            )
            server = _process_cpu(pid) - server_before
        _server_line("postgres_bulk_server", records, server)
        with db.write() as conn:
            _postgres_bare(conn, chunks, records)
        db.engine.dispose()
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _server_line(name: str, records: int, seconds: float) -> None:
    out = {"measure": name, "records": records, "server_cpu_s": round(seconds, 2)}
    per = round(seconds / records * 1e6, 2)
    print(json.dumps({**out, "us_per_record_server_cpu": per}), flush=True)


def _postgres_bare(conn: Any, chunks: list[Any], records: int) -> None:
    """COPY the same rows into copies of the three tables with no index or constraint at all:
    the least the server can do to store them (nothing checked, nothing rebuilt)."""
    from sqlalchemy import text

    from hackoclock.ingest.load import upsert_sql as sql
    from hackoclock.ingest.load.postgres import COPY_TYPES

    tables = {
        "creators": ("creators", sql.CREATOR_COLUMNS),
        "videos": ("videos", sql.VIDEO_COLUMNS),
        "metric_snapshots": ("snapshots", sql.SNAPSHOT_COLUMNS),
    }
    for table in tables:
        conn.execute(text(f"CREATE TABLE bare_{table} (LIKE {table} INCLUDING DEFAULTS)"))
    pid = int(conn.execute(text("SELECT pg_backend_pid()")).scalar_one())
    pg: Any = conn.connection.driver_connection
    before = _process_cpu(pid)

    def copy_all() -> None:
        for table, (field, columns) in tables.items():
            statement = f"COPY bare_{table} ({', '.join(columns)}) FROM STDIN (FORMAT BINARY)"
            with pg.cursor() as cur, cur.copy(statement) as copy:
                copy.set_types([COPY_TYPES[c] for c in columns])
                for chunk in chunks:
                    for row in getattr(chunk, field):
                        copy.write_row(row)

    _measure("postgres_bare_copy", records, copy_all)
    _server_line("postgres_bare_copy_server", records, _process_cpu(pid) - before)


def _process_cpu(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# ---------------------------------------------------------------- scoring


def _result_schema(tmp: Path) -> Any:
    """The Arrow schema of a real ``fair`` result (a 2,000-row period scored to Parquet)."""
    import pyarrow.parquet as pq

    from hackoclock.scoring.config import load_config
    from hackoclock.scoring.engines import connect
    from hackoclock.scoring.inputs import parquet_table
    from hackoclock.scoring.pipeline import score_to_parquet
    from hackoclock.scoring.synthetic import synthetic_period

    source, target = tmp / "small.parquet", tmp / "small-out.parquet"
    pq.write_table(synthetic_period(2_000, seed=1), source)
    con = connect("duckdb")
    score_to_parquet(con, parquet_table(con, source, None, None), load_config("fair"), target)
    return pq.read_schema(target)


def _stand_in(name: str, arrow_type: Any, i: int) -> str:
    """A cheap SQL expression of the column's type (distinct per column: no shared work)."""
    kind = str(arrow_type)
    if kind in ("int64", "int32"):
        return f"((views + {i}) % 1000)::BIGINT AS {name}"
    if kind == "double":
        return f"ln(1 + views + {i})::DOUBLE AS {name}"
    if kind == "bool":
        return f"(views % {i + 2} = 0) AS {name}"
    if kind in ("string", "large_string"):
        return f"CASE WHEN views < 100 THEN 'too_few_views' END AS {name}"
    raise ValueError(f"no stand-in for {name}: {kind}")


def scoring(source: Path) -> None:
    import duckdb
    import pyarrow.parquet as pq

    rows = pq.ParquetFile(source).metadata.num_rows
    inputs = set(pq.read_schema(source).names)
    with tempfile.TemporaryDirectory() as tmp:
        schema = _result_schema(Path(tmp))
        columns = ", ".join(
            f.name if f.name in inputs else _stand_in(f.name, f.type, i)
            for i, f in enumerate(schema)
        )
        query = f"SELECT {columns} FROM read_parquet('{source}') ORDER BY video_id"
        con = duckdb.connect()
        # sums over every value (min/max would be answered from the Parquet statistics)
        every = ", ".join(
            f"sum(length({n}))" if n in ("video_id", "creator_id", "caption") else f"sum({n})"
            for n in sorted(inputs)
        )
        _measure(
            "read",
            rows,
            lambda: con.execute(f"SELECT {every} FROM read_parquet('{source}')").fetchall(),
        )
        out = Path(tmp) / "out.parquet"
        _measure(
            "write_parquet",
            rows,
            lambda: con.execute(f"COPY ({query}) TO '{out}' (FORMAT parquet)"),
            columns=len(schema),
        )
        print(json.dumps({"measure": "write_parquet_bytes", "bytes": out.stat().st_size}))
        out.unlink()
        _measure(
            "write_memory",
            rows,
            lambda: con.execute(f"CREATE TABLE result AS {query}"),
            columns=len(schema),
        )


# ---------------------------------------------------------------- driver


def _child(part: str, source: Path, pg_admin: str | None) -> None:
    if part == "ingest":
        ingest(source, pg_admin)
    else:
        scoring(source)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({"measure": f"{part}_peak_rss_mib", "mib": usage.ru_maxrss // 1024}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--part", choices=("ingest", "scoring", "all"), default="all")
    parser.add_argument("--videos", type=int, default=1_000_000)
    parser.add_argument("--creators", type=int, default=50_000)
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/hackoclock-bench"))
    parser.add_argument("--pg-admin", default=DEFAULT_PG_ADMIN, help="'' skips PostgreSQL")
    parser.add_argument("--child", nargs=2, metavar=("PART", "SOURCE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child[0], Path(args.child[1]), args.pg_admin or None)
        return
    args.workdir.mkdir(parents=True, exist_ok=True)
    bench = Path(__file__).resolve().parent
    print(json.dumps({"load_avg_1m": os.getloadavg()[0], "cpus": os.cpu_count()}), flush=True)
    if args.part in ("ingest", "all"):
        source = args.workdir / f"scraper-{args.videos}-{args.creators}.json"
        if not source.exists():
            from hackoclock.sample.generate import write_scraper_json

            write_scraper_json(source, args.creators, args.videos, seed=2026, manifest=False)
        _run(["ingest", str(source)], args.pg_admin)
    if args.part in ("scoring", "all"):
        source = args.workdir / f"periods-{args.rows}.parquet"
        if not source.exists():
            sys.path.insert(0, str(bench))
            from bench_scoring import generate

            generate(source, args.rows)
        _run(["scoring", str(source)], args.pg_admin)
    print(json.dumps({"load_avg_1m": os.getloadavg()[0]}), flush=True)


def _run(child: list[str], pg_admin: str) -> None:
    cmd = [sys.executable, __file__, "--child", *child, "--pg-admin", pg_admin]
    subprocess.run(cmd, check=True, timeout=3600)


if __name__ == "__main__":
    main()
