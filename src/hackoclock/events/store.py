"""The events store: Parquet files partitioned by day (``root/day=YYYY-MM-DD/part-*.parquet``),
read by DuckDB; ingest streams each file in batches and quarantines bad rows with reasons."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv
import pyarrow.parquet as pq

from hackoclock.errors import InvalidInput
from hackoclock.events.model import check

BATCH = 1_000_000


@dataclass
class IngestReport:
    """What one ingest did: rows read, accepted, quarantined (with the quarantine file)."""

    read: int = 0
    accepted: int = 0
    quarantined: int = 0
    quarantine_file: Path | None = None
    days: set[str] = field(default_factory=set)


def _batches(path: Path) -> Iterator[pa.Table]:
    suffix = path.suffix.lower()
    if suffix == ".parquet":
        for b in pq.ParquetFile(path).iter_batches(batch_size=BATCH):
            yield pa.Table.from_batches([b])
    elif suffix == ".csv":
        opts = pcsv.ConvertOptions(
            column_types={"viewer_id": pa.string(), "video_id": pa.string(), "time": pa.string()}
        )
        with pcsv.open_csv(
            path, convert_options=opts, read_options=pcsv.ReadOptions(block_size=64 << 20)
        ) as reader:
            for b in reader:
                yield pa.Table.from_batches([b])
    elif suffix in (".jsonl", ".ndjson"):
        yield from _jsonl(path)
    else:
        raise InvalidInput(f"{path}: events are read from .parquet, .csv or .jsonl files")


def _jsonl(path: Path) -> Iterator[pa.Table]:
    rows: list[dict[str, object]] = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError as exc:
                value = {"__error__": f"line {n}: not JSON ({exc.msg})", "__line__": line[:500]}
            rows.append(
                value if isinstance(value, dict) else {"__error__": f"line {n}: not an object"}
            )
            if len(rows) >= 200_000:
                yield _rows_table(rows)
                rows = []
    if rows:
        yield _rows_table(rows)


def _rows_table(rows: list[dict[str, object]]) -> pa.Table:
    keys = ("viewer_id", "video_id", "time", "watch_seconds", "video_seconds", "source", "kind")
    cols = {k: [None if r.get(k) is None else str(r.get(k)) for r in rows] for k in keys}
    cols["__error__"] = [r.get("__error__") for r in rows]  # type: ignore[misc]
    cols["__line__"] = [r.get("__line__") for r in rows]  # type: ignore[misc]
    return pa.table(cols)


def ingest(paths: list[Path], root: Path) -> IngestReport:
    """Read event files into the day partitions under ``root``; bad rows go to
    ``root/_quarantine/<id>.jsonl`` with their reasons, nothing is dropped silently."""
    report = IngestReport()
    for path in paths:
        if not path.is_file():
            raise InvalidInput(f"{path}: no such file")
    qdir = root / "_quarantine"
    qfile = qdir / f"{uuid.uuid4().hex}.jsonl"
    for path in paths:
        for batch in _batches(path):
            errors = batch["__error__"].to_pylist() if "__error__" in batch.column_names else []
            lines = batch["__line__"].to_pylist() if errors else []
            checked = check(
                batch.drop_columns(["__error__", "__line__"]) if errors else batch, report.read
            )
            quarantined = checked.quarantined
            for q in quarantined:  # a line that is not JSON says so, not "viewer_id is missing"
                text = errors[int(q["row"]) - report.read] if errors else None  # type: ignore[call-overload]
                if text:  # keep the raw line: nothing is lost
                    q["reasons"] = [text]
                    q["record"] = {"line": lines[int(q["row"]) - report.read]}  # type: ignore[call-overload]
            accepted = checked.accepted
            report.read += batch.num_rows
            if quarantined:
                qdir.mkdir(parents=True, exist_ok=True)
                with qfile.open("a", encoding="utf-8") as fh:
                    for q in quarantined:
                        fh.write(json.dumps({"file": str(path), **q}, default=str) + "\n")
                report.quarantined += len(quarantined)
                report.quarantine_file = qfile
            report.days |= write_days(accepted, root)
            report.accepted += accepted.num_rows
    return report


def write_days(table: pa.Table, root: Path) -> set[str]:
    """Append rows to their day partitions (one new file per day per call)."""
    if table.num_rows == 0:
        return set()
    day = pc.strftime(table["time"], "%Y-%m-%d")
    table = table.append_column("day__", day)
    days = set(pc.unique(day).to_pylist())
    tag = uuid.uuid4().hex[:12]
    for d in sorted(days):
        part = table.filter(pc.equal(table["day__"], d)).drop_columns(["day__"])
        folder = root / f"day={d}"
        folder.mkdir(parents=True, exist_ok=True)
        pq.write_table(part, folder / f"part-{tag}.parquet", compression="zstd")
    return days


def glob(root: Path) -> str | None:
    """The Parquet glob of the store, or None when it holds no events."""
    if not any(root.glob("day=*/*.parquet")):
        return None
    return str(root / "day=*" / "*.parquet")
