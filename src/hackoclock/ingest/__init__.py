"""Importers: read TikTok metric files (four formats), validate each record, load the database.

The entry points are in :mod:`hackoclock.ingest.service` (``import_file``, ``status``).
"""
