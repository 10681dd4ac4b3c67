"""Ibis backends: DuckDB in process (default) and Spark (local mode or a cluster)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import ibis
import ibis.expr.types as ir
import pandas as pd
import pyarrow as pa
from ibis.backends import BaseBackend

from hackoclock.errors import InvalidInput
from hackoclock.scoring import ENGINES

_spark_sessions: dict[str, Any] = {}

DUCKDB_THREADS = 2
"""The machine's cores; more threads only contend."""
DUCKDB_MEMORY_LIMIT = "6GB"
"""A guard, not a squeeze: the sorted 10M-row write needs ~3.3 GB; at 3 GB DuckDB spilled the
sort to disk and took 25 % more CPU (docs/benchmarks/scoring.md)."""
SPARK_SHUFFLE_PARTITIONS = "4"
"""Few partitions: in local mode every partition is a task with fixed overhead."""


def connect(engine: str, spark_master: str = "local[2]") -> BaseBackend:
    """A connection to the named engine. Spark sessions are reused per master URL."""
    if engine not in ENGINES:
        raise InvalidInput(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if engine == "duckdb":
        # The result is always sorted (ORDER BY), so input order need not be carried along.
        return ibis.duckdb.connect(
            threads=DUCKDB_THREADS,
            memory_limit=DUCKDB_MEMORY_LIMIT,
            preserve_insertion_order=False,
        )
    return ibis.pyspark.connect(spark_session(spark_master))


def spark_session(master: str) -> Any:
    """A SparkSession in UTC with ANSI SQL on (division by zero raises: we guard with nullif)."""
    if master in _spark_sessions:
        return _spark_sessions[master]
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master(master)
        .appName("hackoclock-scoring")
        .config("spark.sql.session.timeZone", "UTC")
        .config("spark.sql.ansi.enabled", "true")
        .config("spark.sql.shuffle.partitions", SPARK_SHUFFLE_PARTITIONS)
        .config("spark.sql.adaptive.enabled", "true")
        .config("spark.sql.adaptive.coalescePartitions.enabled", "true")
        .config("spark.default.parallelism", SPARK_SHUFFLE_PARTITIONS)
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", "2g")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    _spark_sessions[master] = session
    return session


def load(con: BaseBackend, data: pd.DataFrame | pa.Table) -> ir.Table:
    """In-memory data as a table of ``con`` (a temporary table or view, gone with the session)."""
    name = f"hk_input_{uuid.uuid4().hex}"
    if con.name == "pyspark":
        return con.create_view(name, ibis.memtable(data), overwrite=True)
    return con.create_table(name, data, temp=True)


@contextmanager
def separate_stages() -> Iterator[None]:
    """Compile each Ibis ``mutate``/``select`` to its own SQL subquery while the block runs.

    Ibis normally fuses consecutive selects by substituting every column reference with its
    defining expression. Our stages reuse columns many times (a posterior rate, a z-score, a
    score), so fusing copies each definition into every use and the SQL grows to ~100 KB of
    repeated arithmetic, which neither engine deduplicates inside CASE branches. Unfused, each
    value is computed once per row. The math is the same; only the SQL's shape changes.
    """
    before = ibis.options.sql.fuse_selects
    ibis.options.sql.fuse_selects = False
    try:
        yield
    finally:
        ibis.options.sql.fuse_selects = before


class StageCache:
    """A materializer that has the engine compute a stage once (``Table.cache``), and frees all
    of them afterwards."""

    def __init__(self) -> None:
        self._tables: list[Any] = []

    def __call__(self, table: ir.Table) -> ir.Table:
        cached = table.cache()
        self._tables.append(cached)
        return cached

    def discard(self, table: ir.Table) -> None:
        """Free one cached stage now (its results have been used), not at the end."""
        for i, cached in enumerate(self._tables):
            if cached is table:
                self._tables.pop(i).release()
                return

    def release(self) -> None:
        while self._tables:
            self._tables.pop().release()
