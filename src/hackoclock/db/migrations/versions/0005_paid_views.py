"""video_scores: cumulative views at the period's end, views already paid, views paid by the run

Revision ID: 0005_paid_views
Revises: 0002_scoring (branch "scoring")
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_paid_views"
down_revision = "0002_scoring"
branch_labels = None
depends_on = None

COLUMNS = ("views_total", "views_paid_before", "paid_views")


def upgrade() -> None:
    with op.batch_alter_table("video_scores") as batch:
        for name in COLUMNS:
            batch.add_column(sa.Column(name, sa.BigInteger(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("video_scores") as batch:
        for name in reversed(COLUMNS):
            batch.drop_column(name)
