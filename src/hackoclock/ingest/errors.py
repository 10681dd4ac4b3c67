"""Errors that stop an import before anything is written."""

from __future__ import annotations

from hackoclock.errors import InvalidInput


class BrokenFile(InvalidInput):
    """The file cannot be read as a whole: not JSON, truncated, wrong encoding, empty."""

    code = "broken_file"


class UnknownFormat(BrokenFile):
    """The content matches none of the supported formats (or not the one asked for)."""

    code = "unknown_format"
