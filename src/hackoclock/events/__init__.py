"""Viewer events: model and validation, the Parquet store by day, qualified views, lockstep
detection and the viewer-centric pool. Imports pyarrow, Ibis and DuckDB; no database, web or CLI."""
