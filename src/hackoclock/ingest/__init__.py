"""Importers: read TikTok metric files (``readers/``), validate each record, write it (``load/``).

At the top: the import service (``import_file``, ``status``), validation, parsing and the records
that flow between readers and loaders. May import ``hackoclock.db``; never scoring or a front end.
"""
