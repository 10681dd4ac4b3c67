"""content scores and content failures

Revision ID: 0003_content
Revises: 0001_foundation
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_content"
down_revision = "0001_foundation"
branch_labels = ("content",)
depends_on = None

KEY = ("video_id", "provider", "model", "version")


def _key_columns() -> list[sa.Column]:
    return [
        sa.Column("video_id", sa.String(length=64), nullable=False),
        sa.Column("provider", sa.String(length=32), nullable=False),
        sa.Column("model", sa.String(length=128), nullable=False),
        sa.Column("version", sa.String(length=64), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "content_scores",
        *_key_columns(),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("neutral", sa.Boolean(), nullable=False),
        sa.Column("rationale", sa.Text(), nullable=False),
        sa.Column("details", sa.JSON(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["video_id"], ["videos.video_id"], name=op.f("fk_content_scores_video_id_videos")
        ),
        sa.PrimaryKeyConstraint(*KEY, name=op.f("pk_content_scores")),
    )
    with op.batch_alter_table("content_scores", schema=None) as batch_op:
        batch_op.create_index(
            "ix_content_scores_provider", ["provider", "model", "version"], unique=False
        )

    op.create_table(
        "content_failures",
        *_key_columns(),
        sa.Column("reason", sa.String(length=64), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=False),
        sa.Column("failed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["video_id"], ["videos.video_id"], name=op.f("fk_content_failures_video_id_videos")
        ),
        sa.PrimaryKeyConstraint(*KEY, name=op.f("pk_content_failures")),
    )


def downgrade() -> None:
    op.drop_table("content_failures")
    with op.batch_alter_table("content_scores", schema=None) as batch_op:
        batch_op.drop_index("ix_content_scores_provider")
    op.drop_table("content_scores")
