"""Scoring periods: methods in ``methods/`` (by name in ``methods.registry``), the fairness
report in ``report/``.

At the top: the run service, its records and read-only queries (the only modules here that do
database I/O), the pipeline that dispatches to a method, configuration, engines and periods.
"""

ENGINES = ("duckdb", "spark")
