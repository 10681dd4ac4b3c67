"""Scoring periods: the prototype's ``seed`` formula, the ``fair`` default and ``rank``.

The math (``seed``, ``fair``, ``rank``, ``points``, ``stats``, ``periods``) is written once as Ibis
expressions and runs on DuckDB or Spark; ``service`` and ``queries`` do the database I/O.
"""

METHODS = ("fair", "seed", "rank")
ENGINES = ("duckdb", "spark")
