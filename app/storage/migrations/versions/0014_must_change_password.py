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
    # Only PostgreSQL holds a VARCHAR to its length; on SQLite the widening would rebuild the
    # users table, which the cases' foreign keys forbid (app/storage/tables.py User.role).
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column("users", "role", existing_type=sa.String(16), type_=sa.String(32))
    op.add_column(
        "users",
        sa.Column("must_change_password", sa.Boolean(), server_default=sa.false(), nullable=False),
    )


def downgrade() -> None:
    # Plain ALTER TABLE (SQLite 3.35 and later): a batch rebuild of users is refused by the cases'
    # foreign keys. The role column stays wide: narrowing it would cut data-protection officers.
    op.drop_column("users", "must_change_password")
