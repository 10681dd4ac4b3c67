"""Export every scored video of a run: JSON, CSV or Parquet, page by page (memory stays flat).

One row per video: its counts, paid views (value-like methods), points and their parts, the
multiplier's parts, flags, held state, eligibility and the explanation sentences a creator reads.
CSV cells go through :mod:`hackoclock.safecsv` (no spreadsheet formulas).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import pyarrow as pa
import pyarrow.parquet as pq
from sqlalchemy import select

from hackoclock.db.engine import Database
from hackoclock.db.tables_scoring import scoring_runs, video_scores
from hackoclock.errors import InvalidInput, NotFound
from hackoclock.safecsv import write_rows
from hackoclock.scoring import queries
from hackoclock.scoring.timeutil import aware_row

FORMATS = ("json", "csv", "parquet")
PAGE = 5_000
FIELDS = (
    "run_id",
    "method",
    "video_id",
    "creator_id",
    "caption",
    "url",
    "views",
    "likes",
    "shares",
    "bookmarks",
    "comments",
    "views_total",
    "views_paid_before",
    "paid_views",
    "points",
    "score",
    "contributions",
    "components",
    "flags",
    "held",
    "eligible",
    "ineligible_reason",
    "explanation",
)
INTS = (
    "run_id",
    "views",
    "likes",
    "shares",
    "bookmarks",
    "comments",
    "views_total",
    "views_paid_before",
    "paid_views",
    "points",
)
TEXT_LISTS = ("flags", "explanation")  # joined for CSV and Parquet
MAPPINGS = ("contributions", "components")  # JSON text for CSV and Parquet


def run_rows(db: Database, run_id: int, page: int = PAGE) -> Iterator[dict[str, Any]]:
    """Every video of the run in video id order, with explanations (``NotFound`` if no run)."""
    with db.read() as conn:
        found = conn.execute(select(scoring_runs.c.id).where(scoring_runs.c.id == run_id)).first()
    if found is None:
        raise NotFound(f"scoring run {run_id} does not exist")
    after = ""
    while True:
        query = (
            queries.scores_query()
            .where(video_scores.c.run_id == run_id, video_scores.c.video_id > after)
            .order_by(video_scores.c.video_id)
            .limit(page)
        )
        with db.read() as conn:
            rows = [aware_row(dict(r._mapping)) for r in conn.execute(query)]
        if not rows:
            return
        for row in rows:
            yield {k: v for k, v in queries.with_explanations(row).items() if k in FIELDS}
        after = rows[-1]["video_id"]


def _flat(row: dict[str, Any]) -> dict[str, Any]:
    out = dict(row)
    for k in TEXT_LISTS:
        out[k] = " ".join(row.get(k) or []) if k == "explanation" else ";".join(row.get(k) or [])
    for k in MAPPINGS:
        out[k] = json.dumps(row.get(k) or {}, sort_keys=True)
    return out


def export_run(db: Database, run_id: int, fmt: str, out: Path | IO[str]) -> int:
    """Write the run's videos to ``out`` (a text stream, or a path; Parquet needs a path);
    returns how many were written."""
    if fmt not in FORMATS:
        raise InvalidInput(f"format must be one of {', '.join(FORMATS)}, got {fmt!r}")
    rows = run_rows(db, run_id)
    if fmt == "parquet":
        if not isinstance(out, Path):
            raise InvalidInput("a Parquet export needs a file: give --out FILE")
        return _parquet(rows, out)
    if isinstance(out, Path):
        with out.open("w", encoding="utf-8", newline="") as stream:
            return _text(fmt, rows, stream)
    return _text(fmt, rows, out)


def _text(fmt: str, rows: Iterator[dict[str, Any]], out: IO[str]) -> int:
    if fmt == "csv":
        return write_rows(out, FIELDS, (_flat(r) for r in rows))
    n = 0
    out.write("[")
    for row in rows:
        out.write(("\n" if n == 0 else ",\n") + json.dumps(row, default=str, sort_keys=True))
        n += 1
    out.write("\n]\n" if n else "]\n")
    return n


def _type(name: str) -> pa.DataType:
    if name in INTS:
        return pa.int64()
    return {"held": pa.bool_(), "eligible": pa.bool_(), "score": pa.float64()}.get(
        name, pa.string()
    )


def _parquet(rows: Iterator[dict[str, Any]], path: Path) -> int:
    schema = pa.schema([(name, _type(name)) for name in FIELDS])
    n = 0
    with pq.ParquetWriter(path, schema) as writer:
        batch: list[dict[str, Any]] = []
        for row in rows:
            batch.append(_flat(row))
            if len(batch) == PAGE:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                n, batch = n + len(batch), []
        if batch or n == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            n += len(batch)
    return n
