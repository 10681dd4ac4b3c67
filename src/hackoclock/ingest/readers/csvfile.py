"""CSV files: the prototype's columns, the Santa Clara dialects, and other common spellings."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Any, TextIO

from hackoclock.ingest.errors import BrokenFile, UnknownFormat
from hackoclock.ingest.model import EXTRA_COUNTS, SourceRecord
from hackoclock.ingest.readers.aliases import EXTRA_PREFIX, canonical_columns

DELIMITERS = (",", ";", "\t", "|")


def read_csv(stream: TextIO) -> Iterator[SourceRecord]:
    """Yield one record per data row; rows with the wrong number of cells are unreadable."""
    try:
        yield from _rows(stream)
    except UnicodeDecodeError as exc:
        raise BrokenFile(f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    except csv.Error as exc:
        raise BrokenFile(f"unreadable CSV: {exc}") from None


def _rows(stream: TextIO) -> Iterator[SourceRecord]:
    header_line = stream.readline()
    if not header_line.strip():
        raise BrokenFile("the CSV file is empty (no header line)")
    delimiter = max(DELIMITERS, key=header_line.count)
    headers = next(csv.reader([header_line], delimiter=delimiter))
    columns = canonical_columns(headers)
    if "video_id" not in columns.values():
        raise UnknownFormat("CSV header has no video id column (video_id, id, aweme_id, ...)")
    width = len(headers)
    items = [(i, n) for i, n in columns.items() if not n.startswith(EXTRA_PREFIX)]
    extras = [(i, n[len(EXTRA_PREFIX) :]) for i, n in columns.items() if n.startswith(EXTRA_PREFIX)]
    number = 0
    for row in csv.reader(stream, delimiter=delimiter):
        if not row or (len(row) == 1 and not row[0].strip()):
            continue
        number += 1
        if len(row) != width and not (len(row) > width and not any(row[width:])):
            error = f"the row has {len(row)} cells, the header has {width}"
            yield SourceRecord(number, "", {}, error=error, raw_row=row)
            continue
        fields: dict[str, Any] = {name: row[index] for index, name in items}
        if extras:
            fields[EXTRA_COUNTS] = {name: row[index] for index, name in extras}
        yield SourceRecord(number, "", fields, raw_row=row)
