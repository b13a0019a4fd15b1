"""A station's opening hours and official document language, kept with its contacts.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


COLUMNS: tuple[sa.Column[object], ...] = (
    sa.Column("opening_hours", sa.Text(), server_default="", nullable=False),
    sa.Column("language", sa.String(length=16), server_default="", nullable=False),
)


def upgrade() -> None:
    for column in COLUMNS:
        op.add_column("stations", column)


def downgrade() -> None:
    with op.batch_alter_table("stations") as batch:
        for column in COLUMNS:
            batch.drop_column(column.name)
