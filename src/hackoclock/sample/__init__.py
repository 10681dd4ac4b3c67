"""The synthetic data generator behind ``hackoclock sample``: creators, videos, plants, files.

Pure NumPy/Arrow and file writing; it may import ``hackoclock.errors`` and nothing that
touches a database, the web or the CLI.
"""
