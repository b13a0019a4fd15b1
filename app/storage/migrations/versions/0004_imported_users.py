"""Imported cases name people of another database apart from this database's accounts.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Plain ALTER TABLE, not batch mode: rebuilding `cases` on SQLite would drop its search triggers.
def upgrade() -> None:
    op.add_column("cases", sa.Column("imported_created_by", sa.String(length=64), nullable=True))
    op.add_column("cases", sa.Column("imported_officer", sa.String(length=64), nullable=True))
    op.create_table(
        "imported_users",
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("full_name", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("badge_number", sa.Text(), server_default="", nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"],
            ["cases.id"],
            name=op.f("fk_imported_users_case_id_cases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("case_id", "username", name=op.f("pk_imported_users")),
    )


def downgrade() -> None:
    op.drop_table("imported_users")
    op.drop_column("cases", "imported_officer")
    op.drop_column("cases", "imported_created_by")
