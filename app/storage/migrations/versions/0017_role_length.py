"""A user's role holds up to 32 characters: "data_protection_officer" (23) did not fit the 16 of
users.role and imported_users.role, so PostgreSQL refused a data-protection officer's account.
PostgreSQL only: SQLite keeps any length, and re-creating its users table would trip the cases'
foreign keys.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("users", "imported_users")


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return  # SQLite keeps any length in a VARCHAR (app/storage/tables.py ROLE_TYPE)
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.alter_column("role", type_=sa.String(32), existing_type=sa.String(16))


def downgrade() -> None:
    # The column stays wide: narrowing it would cut every data-protection officer's role.
    pass
