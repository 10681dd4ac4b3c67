"""Check that a JSON document had the array a reader looked for."""

from __future__ import annotations

from hackoclock.ingest.errors import UnknownFormat
from hackoclock.ingest.readers.json_array_lines import ArrayReader


def require_array(json_stream: ArrayReader, keys: tuple[str, ...], fmt: str) -> None:
    """Raise UnknownFormat when a top-level object held none of ``keys``."""
    if json_stream.array_key is None and json_stream.other:
        wanted = " or ".join(f'"{k}"' for k in keys)
        raise UnknownFormat(f"not a {fmt} file: no {wanted} array in the JSON object")
