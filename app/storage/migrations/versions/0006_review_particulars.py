"""What a decision carries: comments on sections, the changes since a return or made by a
supplement, the reviewer an escalation waits for, a dropped bias motive; and the record as it was
last submitted, to show what changed on resubmission.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Plain ADD/DROP COLUMN (SQLite 3.35+): a batch would copy `cases` and lose its search triggers.
REVIEW_COLUMNS: tuple[sa.Column[object], ...] = (
    sa.Column("sections", sa.JSON(), server_default="[]", nullable=False),
    sa.Column("changes", sa.JSON(), server_default="[]", nullable=False),
    sa.Column("escalated_to", sa.String(length=64), server_default="", nullable=False),
    sa.Column("hate_flag_removed", sa.Boolean(), server_default=sa.false(), nullable=False),
)
CASE_COLUMNS: tuple[sa.Column[object], ...] = (
    sa.Column("escalated_to", sa.String(length=64), server_default="", nullable=False),
    sa.Column("submitted_record", sa.JSON(), nullable=True),
)


def upgrade() -> None:
    for column in REVIEW_COLUMNS:
        op.add_column("review_actions", column)
    for column in CASE_COLUMNS:
        op.add_column("cases", column)


def downgrade() -> None:
    for column in CASE_COLUMNS:
        op.drop_column("cases", column.name)
    for column in REVIEW_COLUMNS:
        op.drop_column("review_actions", column.name)
