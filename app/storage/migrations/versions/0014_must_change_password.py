"""Accounts managed in the program: a password an administrator reset must be changed by its
user at their next sign-in. The role column widened for "data_protection_officer" (23 characters),
which VARCHAR(16) refused on PostgreSQL.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-14
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.add_column(
            sa.Column(
                "must_change_password", sa.Boolean(), server_default=sa.false(), nullable=False
            )
        )
        batch.alter_column(
            "role", existing_type=sa.String(16), type_=sa.String(32), existing_nullable=False
        )


def downgrade() -> None:
    with op.batch_alter_table("users") as batch:
        batch.alter_column(
            "role", existing_type=sa.String(32), type_=sa.String(16), existing_nullable=False
        )
        batch.drop_column("must_change_password")
