"""The wizard page a draft was left on.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Plain ALTER TABLE, not batch mode: rebuilding `cases` on SQLite would drop its search triggers.
def upgrade() -> None:
    op.add_column(
        "cases", sa.Column("wizard_step", sa.String(length=32), server_default="", nullable=False)
    )


def downgrade() -> None:
    op.drop_column("cases", "wizard_step")
