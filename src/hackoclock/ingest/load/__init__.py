"""The database writers of an import: SQLite and PostgreSQL loaders, bulk paths, upserts, batches.

May import ``hackoclock.db`` and the ingest records (``model``, ``chunk``); nothing from readers,
scoring, the web or the CLI.
"""
