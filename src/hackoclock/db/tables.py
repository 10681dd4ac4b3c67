"""Core tables: creators, videos (the prototype's column names), snapshots, import batches,
quarantined records. Capabilities add their own tables in ``db/tables_*.py`` on the same
``metadata``; ``hackoclock.db.all_tables`` imports every module so the metadata is complete.

Counts are 64-bit integers and nullable: a count the source does not carry stays NULL, never 0.
"""

from __future__ import annotations

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
    UniqueConstraint,
)

from hackoclock.db.meta import metadata

ID = String(64)

creators = Table(
    "creators",
    metadata,
    Column("creator_id", ID, primary_key=True),
    Column("username", String(255)),
    Column("nickname", String(255)),
    Column("follower_count", BigInteger),
    Column("video_count", BigInteger),
    Column("stats_observed_at", DateTime(timezone=True)),  # when follower/video counts were seen
    Column("total_points", BigInteger, nullable=False, server_default="0"),
    Column("first_seen_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
Index("ix_creators_username", creators.c.username)

videos = Table(
    "videos",
    metadata,
    Column("video_id", ID, primary_key=True),
    Column("creator_id", ID, ForeignKey("creators.creator_id"), nullable=False),
    Column("url", Text),
    Column("caption", Text),
    Column("hashtags", JSON),
    Column("duration_s", Integer),
    # Sound and form (migration 0007_video_sound): NULL where the source does not say.
    Column("music_id", ID),
    Column("music_title", Text),
    Column("music_original", Boolean),
    Column("duet_from_id", ID),
    Column("date_posted", DateTime(timezone=True)),
    Column("views", BigInteger),
    Column("likes", BigInteger),
    Column("shares", BigInteger),
    Column("bookmarks", BigInteger),
    Column("comments", BigInteger),
    Column("engagement_rate", Float),
    Column("likes_per_view", Float),
    Column("shares_per_view", Float),
    Column("bookmarks_per_view", Float),
    Column("comments_per_view", Float),
    Column("observed_at", DateTime(timezone=True), nullable=False),
    Column("flags", JSON),
    Column("video_points", BigInteger),
    Column("sentiment", Float),
    Column("first_batch_id", Integer, ForeignKey("import_batches.id")),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)
Index("ix_videos_creator_id", videos.c.creator_id)

import_batches = Table(
    "import_batches",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("source", Text, nullable=False),
    Column("format", String(32), nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("observed_at_default", DateTime(timezone=True), nullable=False),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
    Column("status", String(16), nullable=False),
    Column("records_read", BigInteger, nullable=False, server_default="0"),
    Column("accepted", BigInteger, nullable=False, server_default="0"),
    Column("quarantined", BigInteger, nullable=False, server_default="0"),
    Column("flagged", BigInteger, nullable=False, server_default="0"),
    Column("snapshots_added", BigInteger, nullable=False, server_default="0"),
)
Index("ix_import_batches_sha256", import_batches.c.sha256)

metric_snapshots = Table(
    "metric_snapshots",
    metadata,
    Column(
        "id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    ),
    Column("video_id", ID, ForeignKey("videos.video_id"), nullable=False),
    Column("observed_at", DateTime(timezone=True), nullable=False),
    Column("views", BigInteger),
    Column("likes", BigInteger),
    Column("shares", BigInteger),
    Column("bookmarks", BigInteger),
    Column("comments", BigInteger),
    Column("follower_count", BigInteger),
    Column("batch_id", Integer, ForeignKey("import_batches.id"), nullable=False),
    UniqueConstraint("video_id", "observed_at", name="uq_metric_snapshots_video_observed"),
)

quarantined_records = Table(
    "quarantined_records",
    metadata,
    Column(
        "id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    ),
    Column("batch_id", Integer, ForeignKey("import_batches.id"), nullable=False),
    Column("record_no", BigInteger, nullable=False),
    Column("reason", Text, nullable=False),
    Column("raw", Text, nullable=False),
)
Index("ix_quarantined_records_batch_id", quarantined_records.c.batch_id)
