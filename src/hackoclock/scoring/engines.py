"""Ibis backends: DuckDB in process (default) and Spark (local mode or a cluster)."""

from __future__ import annotations

import uuid
from typing import Any

import ibis
import ibis.expr.types as ir
import pandas as pd
import pyarrow as pa
from ibis.backends import BaseBackend

from hackoclock.errors import InvalidInput
from hackoclock.scoring import ENGINES

_spark_sessions: dict[str, Any] = {}


def connect(engine: str, spark_master: str = "local[2]") -> BaseBackend:
    """A connection to the named engine. Spark sessions are reused per master URL."""
    if engine not in ENGINES:
        raise InvalidInput(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if engine == "duckdb":
        return ibis.duckdb.connect()
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
        .config("spark.sql.shuffle.partitions", "8")
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


class StageCache:
    """A materializer that has the engine compute a stage once (``Table.cache``), and frees all
    of them afterwards."""

    def __init__(self) -> None:
        self._tables: list[Any] = []

    def __call__(self, table: ir.Table) -> ir.Table:
        cached = table.cache()
        self._tables.append(cached)
        return cached

    def release(self) -> None:
        while self._tables:
            self._tables.pop().release()
