"""What became of a case in the justice system: dated outcomes (sent to the prosecutor, charged,
prosecuted, convicted, acquitted, discontinued) with the court's reference, which the statistics
count as ODIHR does (recorded, prosecuted, sentenced).

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "case_outcomes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("happened_on", sa.Date(), nullable=False),
        sa.Column("court_reference", sa.Text(), server_default="", nullable=False),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("recorded_by", sa.String(64), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name="fk_case_outcomes_case_id_cases", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_case_outcomes"),
    )
    op.create_index("ix_case_outcomes_case_id", "case_outcomes", ["case_id"])
    op.create_index("ix_case_outcomes_kind_happened_on", "case_outcomes", ["kind", "happened_on"])


def downgrade() -> None:
    op.drop_index("ix_case_outcomes_kind_happened_on", "case_outcomes")
    op.drop_index("ix_case_outcomes_case_id", "case_outcomes")
    op.drop_table("case_outcomes")
