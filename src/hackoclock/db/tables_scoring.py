"""Scoring runs and their per-video results.

A run scores the period [period_start, period_end) with one method and one configuration
(stored verbatim with its hash). ``video_scores`` holds one row per (run, video): the period's
count growth, component values, per-component point contributions (which add up exactly to
``points``), eligibility, flags and whether the points are held for review.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
)

from hackoclock.db.meta import metadata
from hackoclock.db.tables import ID


class RunStatus(StrEnum):
    """A scoring run's lifecycle (the values stored in ``scoring_runs.status``)."""

    RUNNING = "running"
    FINISHED = "finished"
    FAILED = "failed"


# the same values as plain strings, for the modules that name them so
RUN_RUNNING: Final = RunStatus.RUNNING.value
RUN_FINISHED: Final = RunStatus.FINISHED.value
RUN_FAILED: Final = RunStatus.FAILED.value

scoring_runs = Table(
    "scoring_runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("method", String(32), nullable=False),
    Column("engine", String(16), nullable=False),
    Column("period_start", DateTime(timezone=True), nullable=False),
    Column("period_end", DateTime(timezone=True), nullable=False),
    Column("config_toml", Text, nullable=False),
    Column("config_hash", String(64), nullable=False),
    Column("input_hash", String(64)),
    Column("status", String(16), nullable=False),
    Column("error", Text),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
    Column("videos_scored", BigInteger, nullable=False, server_default="0"),
    Column("points_total", BigInteger, nullable=False, server_default="0"),
    Column("parameters", JSON),
)
Index("ix_scoring_runs_period", scoring_runs.c.period_start, scoring_runs.c.period_end)

video_scores = Table(
    "video_scores",
    metadata,
    Column("run_id", Integer, ForeignKey("scoring_runs.id"), primary_key=True),
    Column("video_id", ID, ForeignKey("videos.video_id"), primary_key=True),
    Column("creator_id", ID, ForeignKey("creators.creator_id"), nullable=False),
    Column("views", BigInteger),
    Column("likes", BigInteger),
    Column("shares", BigInteger),
    Column("bookmarks", BigInteger),
    Column("comments", BigInteger),
    Column("score", Float, nullable=False),
    Column("points", BigInteger, nullable=False),
    Column("components", JSON, nullable=False),
    Column("contributions", JSON, nullable=False),
    Column("missing", JSON),
    Column("eligible", Boolean, nullable=False),
    Column("ineligible_reason", Text),
    Column("flags", JSON),
    Column("held", Boolean, nullable=False),
    # value-like methods: cumulative views at the period's end, the views already paid for the
    # video when the run was scored (the paid-views mark), and the views this run pays
    Column("views_total", BigInteger),
    Column("views_paid_before", BigInteger),
    Column("paid_views", BigInteger),
)
Index("ix_video_scores_creator", video_scores.c.creator_id, video_scores.c.run_id)
