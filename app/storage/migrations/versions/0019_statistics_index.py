"""The statistics' first figures read one index, not the cases themselves: incidents by status,
station and date (and whether a duplicate), the case's id for the motives' join (bench/
statistics.py: without it SQLite walked every case of ix_cases_status and read its row, 5 s for
100,000 demo cases).

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # SQLite keeps the row id (the case's id) in every index; PostgreSQL needs it included.
    op.create_index(
        "ix_cases_statistics",
        "cases",
        ["status", "station_id", "listed_at", "duplicate_of_id"],
        postgresql_include=["id"],
    )


def downgrade() -> None:
    op.drop_index("ix_cases_statistics", "cases")
