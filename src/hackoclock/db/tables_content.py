"""Content scores and content-analysis failures.

``content_scores`` keeps one row per (video, provider, model, version): changing the lexicon
version or the Gemini prompt version scores every video again without losing the old rows.
``content_failures`` keeps the last failure per (video, provider, model, version) with the
number of attempts so far; a later success deletes it. A score the provider cannot give (a
caption in a language it does not read, nothing to read) is stored with ``score`` NULL and
``unknown_reason`` set: it is an outcome, not a failure, and is not tried again.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
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

content_scores = Table(
    "content_scores",
    metadata,
    Column("video_id", ID, ForeignKey("videos.video_id"), primary_key=True),
    Column("provider", String(32), primary_key=True),
    Column("model", String(128), primary_key=True),
    Column("version", String(64), primary_key=True),
    # NULL: the provider could not read the video; ``unknown_reason`` says why (0008).
    Column("score", Float),
    Column("unknown_reason", String(64)),
    Column("neutral", Boolean, nullable=False),
    Column("rationale", Text, nullable=False),
    Column("details", JSON),
    Column("created_at", DateTime(timezone=True), nullable=False),
)
Index(
    "ix_content_scores_provider",
    content_scores.c.provider,
    content_scores.c.model,
    content_scores.c.version,
)

content_failures = Table(
    "content_failures",
    metadata,
    Column("video_id", ID, ForeignKey("videos.video_id"), primary_key=True),
    Column("provider", String(32), primary_key=True),
    Column("model", String(128), primary_key=True),
    Column("version", String(64), primary_key=True),
    Column("reason", String(64), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("last_error", Text, nullable=False),
    Column("failed_at", DateTime(timezone=True), nullable=False),
)
