"""content_scores: a score may be unknown (NULL) with its reason (e.g. a language not read)

Revision ID: 0008_content_unknown
Revises: 0003_content (branch "content")
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_content_unknown"
down_revision = "0003_content"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("content_scores") as batch:
        batch.alter_column("score", existing_type=sa.Float(), nullable=True)
        batch.add_column(sa.Column("unknown_reason", sa.String(length=64), nullable=True))


def downgrade() -> None:
    op.execute("DELETE FROM content_scores WHERE score IS NULL")
    with op.batch_alter_table("content_scores") as batch:
        batch.drop_column("unknown_reason")
        batch.alter_column("score", existing_type=sa.Float(), nullable=False)
