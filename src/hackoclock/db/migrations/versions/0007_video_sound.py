"""videos: sound and form facts (music id, title, original flag; the video a duet comes from)

Revision ID: 0007_video_sound
Revises: 0001_foundation
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_video_sound"
down_revision = "0001_foundation"
branch_labels = None
depends_on = None

COLUMNS = (
    ("music_id", sa.String(length=64)),
    ("music_title", sa.Text()),
    ("music_original", sa.Boolean()),
    ("duet_from_id", sa.String(length=64)),
)


def upgrade() -> None:
    with op.batch_alter_table("videos") as batch:
        for name, kind in COLUMNS:
            batch.add_column(sa.Column(name, kind, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("videos") as batch:
        for name, _kind in reversed(COLUMNS):
            batch.drop_column(name)
