"""The country of a station, whose working days count.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "stations", sa.Column("country", sa.String(length=2), server_default="", nullable=False)
    )


def downgrade() -> None:
    with op.batch_alter_table("stations") as batch:
        batch.drop_column("country")
