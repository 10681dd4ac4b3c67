"""The event model and its validation: every row is accepted or quarantined with a reason."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pyarrow as pa
import pyarrow.compute as pc

KINDS = ("view", "like", "comment", "share", "follow")
SOURCES = ("foryou", "following", "search", "profile", "paid", "other")
SCHEMA = pa.schema(
    [
        ("viewer_id", pa.string()),
        ("video_id", pa.string()),
        ("time", pa.timestamp("us", tz="UTC")),
        ("watch_seconds", pa.float64()),
        ("video_seconds", pa.float64()),
        ("source", pa.string()),
        ("kind", pa.string()),
    ]
)
REQUIRED = ("viewer_id", "video_id", "time", "kind")


@dataclass(frozen=True, slots=True)
class Checked:
    """One batch split into accepted rows (in :data:`SCHEMA`) and quarantined rows with reasons."""

    accepted: pa.Table
    quarantined: list[dict[str, object]]


def _column(batch: pa.Table, name: str, kind: pa.DataType) -> tuple[pa.Array, pa.Array]:
    """The column cast to ``kind`` (unparseable values become null) and a mask of bad casts."""
    if name not in batch.column_names:
        col = pa.nulls(batch.num_rows, kind)
        return col, pa.array([False] * batch.num_rows)
    raw = batch[name].combine_chunks()
    if raw.type == kind:
        return raw, pa.array([False] * batch.num_rows)
    if pa.types.is_timestamp(kind) and pa.types.is_string(raw.type):
        cast = _times(raw, kind)
    elif pa.types.is_timestamp(kind) and pa.types.is_timestamp(raw.type):
        cast = pc.cast(raw if raw.type.tz else pc.assume_timezone(raw, "UTC"), kind)
    else:
        values = [None if v is None else v for v in raw.to_pylist()]
        out = []
        for v in values:
            try:
                out.append(None if v is None else (str(v) if kind == pa.string() else float(v)))
            except (TypeError, ValueError):
                out.append(None)
        cast = pa.array(out, kind)
    bad = pc.and_(pc.is_valid(raw), pc.is_null(cast))
    return cast, bad


def check(batch: pa.Table, first_row: int = 0) -> Checked:
    """Validate a batch: required fields present, kind and source known, watch seconds in
    0..24 h and never above 4 x the video's length plus a minute (a loop cap)."""
    cols: dict[str, pa.Array] = {}
    bad_cast: dict[str, pa.Array] = {}
    for field in SCHEMA:
        cols[field.name], bad_cast[field.name] = _column(batch, field.name, field.type)
    reasons: list[list[str]] = [[] for _ in range(batch.num_rows)]

    def add(mask: pa.Array, text: str) -> None:
        for i, hit in enumerate(pc.fill_null(mask, False).to_pylist()):
            if hit:
                reasons[i].append(text)

    for name, mask in bad_cast.items():
        add(mask, f"{name}: not a valid {SCHEMA.field(name).type}")
    for name in REQUIRED:
        add(pc.and_(pc.is_null(cols[name]), pc.invert(bad_cast[name])), f"{name} is missing")
    add(
        pc.invert(pc.is_in(cols["kind"], pa.array(KINDS))),
        "kind must be one of " + ", ".join(KINDS),
    )
    src = cols["source"]
    add(
        pc.and_(pc.is_valid(src), pc.invert(pc.is_in(src, pa.array(SOURCES)))),
        "source must be one of " + ", ".join(SOURCES),
    )
    w, d = cols["watch_seconds"], cols["video_seconds"]
    add(pc.or_(pc.less(w, 0), pc.greater(w, 86_400)), "watch_seconds must be in 0..86400")
    add(pc.less_equal(d, 0), "video_seconds must be positive")
    add(
        pc.greater(w, pc.add(pc.multiply(d, 4.0), 60.0)),
        "watch_seconds above 4 x video_seconds + 60",
    )
    add(pc.and_(pc.equal(cols["kind"], "view"), pc.is_null(w)), "a view needs watch_seconds")
    ok = pa.array([not r for r in reasons])
    table = pa.table(cols, schema=SCHEMA)
    rows = batch.to_pylist() if any(reasons) else []
    quarantined = [
        {"row": first_row + i, "reasons": r, "record": {k: _plain(v) for k, v in rows[i].items()}}
        for i, r in enumerate(reasons)
        if r
    ]
    return Checked(table.filter(ok), quarantined)


def _times(raw: pa.Array, kind: pa.DataType) -> pa.Array:
    try:
        return pc.cast(raw, kind)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        out: list[datetime | None] = []
        for v in raw.to_pylist():
            try:
                t = datetime.fromisoformat(v.replace("Z", "+00:00")) if v else None
                out.append(t if t is None or t.tzinfo else t.replace(tzinfo=UTC))
            except ValueError:
                out.append(None)
        return pa.array(out, kind)


def _plain(value: object) -> object:
    return value if isinstance(value, (str, int, float, bool, type(None))) else str(value)
