"""Shop tables: rewards (the prototype's ``shop``), redemptions and exposure grants.

The shop owns these rows; points never live here. A redemption's points move only through the
ledger's transfers (``reserve``, ``redeem``, ``unreserve``, referenced ``redemption:<id>``).
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from hackoclock.db.meta import metadata
from hackoclock.db.tables import ID

shop = Table(
    "shop",
    metadata,
    Column("reward_id", String(64), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("description", Text, nullable=False, server_default=""),
    Column("kind", String(24), nullable=False),
    Column("amount", BigInteger, nullable=False),
    Column("exposure", Text, nullable=False),
    Column("exposure_minutes", Integer),
    Column("stock", BigInteger),
    Column("reserved", BigInteger, nullable=False, server_default="0"),
    Column("limit_per_period", Integer),
    Column("limit_period", String(8), nullable=False, server_default="week"),
    Column("active", Boolean, nullable=False, server_default="1"),
    Column("active_from", DateTime(timezone=True)),
    Column("active_until", DateTime(timezone=True)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    CheckConstraint("amount > 0", name="amount_positive"),
    CheckConstraint("stock IS NULL OR stock >= 0", name="stock_not_negative"),
    CheckConstraint("reserved >= 0", name="reserved_not_negative"),
    CheckConstraint("stock IS NULL OR reserved <= stock", name="reserved_within_stock"),
    CheckConstraint("limit_per_period IS NULL OR limit_per_period > 0", name="limit_positive"),
    CheckConstraint("exposure_minutes IS NULL OR exposure_minutes > 0", name="minutes_positive"),
)

redemptions = Table(
    "redemptions",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("reward_id", String(64), ForeignKey("shop.reward_id"), nullable=False),
    Column("creator_id", ID, ForeignKey("creators.creator_id"), nullable=False),
    Column("amount", BigInteger, nullable=False),
    Column("exposure", Text, nullable=False),
    Column("creation_date", DateTime(timezone=True), nullable=False),
    Column("status", String(16), nullable=False),
    Column("idempotency_key", String(128), nullable=False),
    Column("video_id", ID, ForeignKey("videos.video_id")),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    CheckConstraint("amount > 0", name="amount_positive"),
    CheckConstraint("status IN ('pending', 'fulfilled', 'cancelled')", name="status_known"),
    UniqueConstraint("creator_id", "idempotency_key", name="uq_redemptions_creator_key"),
)
Index(
    "ix_redemptions_usage",
    redemptions.c.creator_id,
    redemptions.c.reward_id,
    redemptions.c.creation_date,
)
Index("ix_redemptions_status", redemptions.c.status)

exposure_grants = Table(
    "exposure_grants",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("redemption_id", String(36), ForeignKey("redemptions.id"), nullable=False, unique=True),
    Column("creator_id", ID, ForeignKey("creators.creator_id"), nullable=False),
    Column("video_id", ID, ForeignKey("videos.video_id")),
    Column("minutes", Integer, nullable=False),
    Column("starts_at", DateTime(timezone=True), nullable=False),
    Column("ends_at", DateTime(timezone=True), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    CheckConstraint("minutes > 0", name="minutes_positive"),
    CheckConstraint("ends_at > starts_at", name="window_ordered"),
)
