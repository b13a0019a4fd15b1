"""Accounts managed in the program: a password an administrator reset must be changed by its
user at their next sign-in.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "users",
        sa.Column("must_change_password", sa.Boolean(), server_default=sa.false(), nullable=False),
    )


def downgrade() -> None:
    # Plain ALTER TABLE (SQLite 3.35 and later): a batch rebuild of users is refused by the cases'
    # foreign keys.
    op.drop_column("users", "must_change_password")
