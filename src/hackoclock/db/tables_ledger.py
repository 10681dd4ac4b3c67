"""Ledger tables: accounts, immutable transfers, accruals.

Double entry: every movement of points is one ``ledger_transfers`` row that takes a positive
amount from a debit account and gives it to a credit account, so all balances always net to zero.
Only creator accounts carry a cached ``balance`` (updated in the same transaction as their
transfers); system accounts (issuance, held, reserved, redeemed) are summed on demand so no single
row becomes a hot spot. CHECK constraints are the last line of defence behind the services.
Only ``ledger/transfers.py`` inserts transfers or changes balances. The shop's tables live in
``tables_shop``.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
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

ACCOUNT_CODE = String(80)

ledger_accounts = Table(
    "ledger_accounts",
    metadata,
    Column("code", ACCOUNT_CODE, primary_key=True),
    Column("kind", String(16), nullable=False),
    Column("creator_id", ID, ForeignKey("creators.creator_id"), unique=True),
    Column("balance", BigInteger),
    Column("debt", BigInteger, nullable=False, server_default="0"),
    Column("created_at", DateTime(timezone=True), nullable=False),
    CheckConstraint("balance IS NULL OR balance >= 0", name="balance_not_negative"),
    CheckConstraint("debt >= 0", name="debt_not_negative"),
    CheckConstraint(
        "(kind = 'creator') = (creator_id IS NOT NULL AND balance IS NOT NULL)",
        name="creator_accounts_cache_balance",
    ),
)

ledger_transfers = Table(
    "ledger_transfers",
    metadata,
    Column(
        "id", BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    ),
    Column("debit_account", ACCOUNT_CODE, ForeignKey("ledger_accounts.code"), nullable=False),
    Column("credit_account", ACCOUNT_CODE, ForeignKey("ledger_accounts.code"), nullable=False),
    Column("amount", BigInteger, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("ref", String(200), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("checksum", String(64), nullable=False),
    CheckConstraint("amount > 0", name="amount_positive"),
    CheckConstraint("debit_account <> credit_account", name="distinct_accounts"),
    UniqueConstraint("kind", "ref", name="uq_ledger_transfers_kind_ref"),
)
Index("ix_ledger_transfers_debit", ledger_transfers.c.debit_account, ledger_transfers.c.id)
Index("ix_ledger_transfers_credit", ledger_transfers.c.credit_account, ledger_transfers.c.id)

ledger_accruals = Table(
    "ledger_accruals",
    metadata,
    Column("run_id", Integer, ForeignKey("scoring_runs.id"), primary_key=True),
    Column("video_id", ID, ForeignKey("videos.video_id"), primary_key=True),
    Column("creator_id", ID, ForeignKey("creators.creator_id"), nullable=False),
    Column("period_start", DateTime(timezone=True), nullable=False),
    Column("period_end", DateTime(timezone=True), nullable=False),
    Column("points", BigInteger, nullable=False),
    Column("amount", BigInteger, nullable=False),
    Column("clawed", BigInteger, nullable=False, server_default="0"),
    Column("debt_added", BigInteger, nullable=False, server_default="0"),
    Column("state", String(16), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("resolved_at", DateTime(timezone=True)),
    Column("resolved_by", String(200)),
    Column("resolution_reason", Text),
    Column("note", Text),  # why the row posts what it posts (views removed, a replacement)
    CheckConstraint("points >= 0", name="points_not_negative"),
    CheckConstraint("clawed >= 0 AND debt_added >= 0", name="clawback_not_negative"),
)
Index(
    "ix_ledger_accruals_video_period",
    ledger_accruals.c.video_id,
    ledger_accruals.c.period_start,
    ledger_accruals.c.period_end,
)
Index("ix_ledger_accruals_state", ledger_accruals.c.state)
Index("ix_ledger_accruals_creator", ledger_accruals.c.creator_id)

# The paid-views mark of each video a ``value`` run has credited: the views paid for so far (a
# high-water mark that only a removal of views lowers) and the points paid for them, net of
# clawbacks. Moved in the same transaction as the accruals that pay those views.
ledger_view_marks = Table(
    "ledger_view_marks",
    metadata,
    Column("video_id", ID, ForeignKey("videos.video_id"), primary_key=True),
    Column("creator_id", ID, ForeignKey("creators.creator_id"), nullable=False),
    Column("paid_views", BigInteger, nullable=False),
    Column("paid_points", BigInteger, nullable=False),
    Column("run_id", Integer, ForeignKey("scoring_runs.id"), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    CheckConstraint("paid_views >= 0", name="paid_views_not_negative"),
    CheckConstraint("paid_points >= 0", name="paid_points_not_negative"),
)
Index("ix_ledger_view_marks_creator", ledger_view_marks.c.creator_id)
