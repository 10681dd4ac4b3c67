"""Scoring periods: the prototype's ``seed`` formula and the ``fair`` default.

The math (``seed``, ``fair``, ``points``, ``stats``, ``periods``) is written once as Ibis
expressions and runs on DuckDB or Spark; ``service`` and ``queries`` do the database I/O.
"""

METHODS = ("fair", "seed")
ENGINES = ("duckdb", "spark")
