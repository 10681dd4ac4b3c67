"""Reading a period's input: snapshots from the database (SQLAlchemy) or from Parquet.

The database is read with SQLAlchemy Core into pandas, then handed to the engine as an Ibis
memtable (DuckDB's postgres/sqlite scanners would need a download). Every snapshot before the
period's end is read with its video's creator, caption and content score and its creator's
follower count; ``periods.period_metrics`` then computes the growth in the period.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

import ibis.expr.types as ir
import pandas as pd
from ibis.backends import BaseBackend
from sqlalchemy import func, select

from hackoclock.content.originality import ORIGINALITY_INPUT
from hackoclock.db.engine import Database
from hackoclock.db.tables import creators, metric_snapshots, videos
from hackoclock.errors import InvalidInput
from hackoclock.ledger.marks import read_marks
from hackoclock.scoring.engines import load
from hackoclock.scoring.periods import period_metrics
from hackoclock.scoring.schema import COUNTS

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def to_us(moment: datetime) -> int:
    """Microseconds since the epoch of an aware datetime (naive ones are taken as UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    delta = moment - EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def read_snapshots(db: Database, period_end: datetime) -> pd.DataFrame:
    """Every snapshot observed before ``period_end``, with its video's and creator's facts."""
    s, v, c = metric_snapshots, videos, creators
    query = (
        select(
            s.c.video_id,
            v.c.creator_id,
            s.c.observed_at,
            *(s.c[name] for name in COUNTS),
            func.coalesce(s.c.follower_count, c.c.follower_count).label("follower_count"),
            v.c.sentiment,
            v.c.caption,
        )
        .join(v, v.c.video_id == s.c.video_id)
        .join(c, c.c.creator_id == v.c.creator_id)
        .where(s.c.observed_at < period_end)
        .order_by(s.c.video_id, s.c.observed_at)
    )
    with db.read() as conn:
        rows = conn.execute(query).all()
    frame = pd.DataFrame(
        [tuple(r) for r in rows],
        columns=[
            "video_id",
            "creator_id",
            "observed_at",
            *COUNTS,
            "follower_count",
            "sentiment",
            "caption",
        ],
    )
    frame["observed_us"] = [to_us(t) for t in frame["observed_at"]]
    frame = frame.drop(columns=["observed_at"])
    for name in (*COUNTS, "follower_count"):
        frame[name] = frame[name].astype("Int64")
    frame["sentiment"] = frame["sentiment"].astype("Float64")
    frame["video_id"] = frame["video_id"].astype(str)
    frame["creator_id"] = frame["creator_id"].astype(str)
    return frame


VIDEO_FACTS = (*ORIGINALITY_INPUT, "duet_from_id")  # what originality reads of every video


def read_video_facts(db: Database) -> pd.DataFrame:
    """Every video's sound, length, caption and posting time (originality compares a period's
    videos with all earlier ones, so it reads them all)."""
    with db.read() as conn:
        rows = conn.execute(select(*(videos.c[c] for c in VIDEO_FACTS))).all()
    frame = pd.DataFrame([tuple(r) for r in rows], columns=list(VIDEO_FACTS))
    frame["date_posted"] = pd.to_datetime(frame["date_posted"], utc=True)
    frame["duration_s"] = frame["duration_s"].astype("Int64")
    frame["music_original"] = frame["music_original"].astype("boolean")
    for c in ("video_id", "creator_id", "music_id", "caption", "duet_from_id"):
        frame[c] = frame[c].astype("string")
    return frame


def paid_views_marks(db: Database) -> pd.DataFrame:
    """``video_id, views_paid_before``: every paid-views mark the ledger keeps."""
    with db.read() as conn:
        marks = read_marks(conn)
    frame = pd.DataFrame(
        {"video_id": list(marks), "views_paid_before": list(marks.values())},
        columns=["video_id", "views_paid_before"],
    )
    return frame.astype({"video_id": "string", "views_paid_before": "int64"})


def latest_observation(db: Database) -> datetime | None:
    """When the newest snapshot was taken (for the all-time period)."""
    with db.read() as conn:
        newest = conn.execute(select(func.max(metric_snapshots.c.observed_at))).scalar()
    if newest is not None and newest.tzinfo is None:
        newest = newest.replace(tzinfo=UTC)
    return newest


def frame_hash(frame: pd.DataFrame) -> str:
    """sha256 of a frame's content in a fixed row and column order."""
    ordered = frame.sort_values(list(frame.columns), kind="stable", na_position="first")
    text = ordered.to_csv(index=False, lineterminator="\n")
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def period_table(
    con: BaseBackend, snapshots: pd.DataFrame, start: datetime, end: datetime
) -> ir.Table:
    """The period's metrics as an (unexecuted) table of ``con`` over a snapshot frame."""
    return period_metrics(load(con, snapshots), to_us(start), to_us(end))


def parquet_table(
    con: BaseBackend, path: Path, start: datetime | None, end: datetime | None
) -> ir.Table:
    """A Parquet input: snapshots (with ``observed_at``) or ready period rows (without)."""
    if not Path(path).exists():
        raise InvalidInput(f"input {path} does not exist")
    table = con.read_parquet(str(path))
    if "observed_at" not in table.columns:
        return table
    observed = table.observed_at
    if observed.type().is_timestamp():
        table = table.mutate(observed_us=observed.epoch_seconds() * 1_000_000)
    else:
        raise InvalidInput("observed_at in the Parquet input must be a timestamp")
    start_us = to_us(start) if start else -(2**62)
    end_us = to_us(end) if end else 2**62
    return period_metrics(table, start_us, end_us)
