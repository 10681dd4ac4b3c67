"""CSV that is safe to open in a spreadsheet: no cell is read as a formula.

A cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is run as a formula by
Excel, LibreOffice and Google Sheets (CSV injection, OWASP). Such text cells get a leading
apostrophe, which the spreadsheet shows as text; numbers are written as they are.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping, Sequence
from typing import IO, Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """The value to write: ``None`` as empty, formula-like text behind an apostrophe."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_rows(out: IO[str], fields: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> int:
    """A header and one line per row, every cell through :func:`safe_cell`; returns the count."""
    writer = csv.DictWriter(
        out, fieldnames=list(fields), lineterminator="\n", extrasaction="ignore"
    )
    writer.writeheader()
    n = 0
    for row in rows:
        writer.writerow({k: safe_cell(row.get(k)) for k in fields})
        n += 1
    return n
