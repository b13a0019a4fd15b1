"""A case's classification reason and additional classifications, and the steps its protocol
pack adds to the rights information (Spain: the offer of legal actions).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


COLUMNS: tuple[sa.Column[object], ...] = (
    sa.Column("classification_reason", sa.Text(), server_default="", nullable=False),
    sa.Column("additional_classifications", sa.JSON(), server_default="[]", nullable=False),
    sa.Column("recorded_steps", sa.JSON(), server_default="[]", nullable=False),
)


# Plain ALTER TABLE, not batch mode: rebuilding `cases` on SQLite would drop its search triggers.
def upgrade() -> None:
    for column in COLUMNS:
        op.add_column("cases", column)


def downgrade() -> None:
    for column in COLUMNS:
        op.drop_column("cases", column.name)
