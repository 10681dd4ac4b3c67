"""ledger: paid-views marks per video (value runs) and a note on each accrual

Revision ID: 0006_view_marks
Revises: 0004_ledger (branch "ledger")
"""

import sqlalchemy as sa
from alembic import op

revision = "0006_view_marks"
down_revision = "0004_ledger"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ledger_view_marks",
        sa.Column("video_id", sa.String(length=64), nullable=False),
        sa.Column("creator_id", sa.String(length=64), nullable=False),
        sa.Column("paid_views", sa.BigInteger(), nullable=False),
        sa.Column("paid_points", sa.BigInteger(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "paid_points >= 0", name=op.f("ck_ledger_view_marks_paid_points_not_negative")
        ),
        sa.CheckConstraint(
            "paid_views >= 0", name=op.f("ck_ledger_view_marks_paid_views_not_negative")
        ),
        sa.ForeignKeyConstraint(
            ["creator_id"],
            ["creators.creator_id"],
            name=op.f("fk_ledger_view_marks_creator_id_creators"),
        ),
        sa.ForeignKeyConstraint(
            ["run_id"], ["scoring_runs.id"], name=op.f("fk_ledger_view_marks_run_id_scoring_runs")
        ),
        sa.ForeignKeyConstraint(
            ["video_id"], ["videos.video_id"], name=op.f("fk_ledger_view_marks_video_id_videos")
        ),
        sa.PrimaryKeyConstraint("video_id", name=op.f("pk_ledger_view_marks")),
    )
    with op.batch_alter_table("ledger_view_marks") as batch_op:
        batch_op.create_index("ix_ledger_view_marks_creator", ["creator_id"], unique=False)
    with op.batch_alter_table("ledger_accruals") as batch_op:
        batch_op.add_column(sa.Column("note", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("ledger_accruals") as batch_op:
        batch_op.drop_column("note")
    with op.batch_alter_table("ledger_view_marks") as batch_op:
        batch_op.drop_index("ix_ledger_view_marks_creator")
    op.drop_table("ledger_view_marks")
