"""The case after submission: a referral's answer deadline, consent rule and legal basis; who
withdrew a consent and how; what each
coordination entry sent and whether a printout added it; a re-contact's result; links between
cases (same incident, series, duplicate).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("referrals") as batch:
        batch.add_column(sa.Column("answer_due_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("consent_rule", sa.String(16), nullable=True))
        batch.add_column(sa.Column("legal_basis", sa.Text(), server_default="", nullable=False))
        batch.create_index("ix_referrals_answer_due_on", ["answer_due_on"])
    with op.batch_alter_table("consents") as batch:
        batch.add_column(sa.Column("withdrawn_by", sa.String(64), server_default="", nullable=False))
        batch.add_column(sa.Column("withdrawal_note", sa.Text(), server_default="", nullable=False))
    with op.batch_alter_table("coordination_events") as batch:
        batch.add_column(sa.Column("data_sent", sa.JSON(), server_default="[]", nullable=False))
        batch.add_column(
            sa.Column("automatic", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    with op.batch_alter_table("follow_ups") as batch:
        batch.add_column(sa.Column("result", sa.Text(), server_default="", nullable=False))
        batch.add_column(sa.Column("scheduled_by", sa.Text(), server_default="", nullable=False))
        batch.create_index("ix_follow_ups_due_on", ["due_on"])
    op.create_table(
        "case_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("other_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("basis", sa.String(16), nullable=True),
        sa.Column("note", sa.Text(), server_default="", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name="fk_case_links_case_id_cases", ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["other_id"], ["cases.id"], name="fk_case_links_other_id_cases", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_case_links"),
        sa.UniqueConstraint("case_id", "other_id", name="uq_case_links_case_other"),
    )
    op.create_index("ix_case_links_case_id", "case_links", ["case_id"])
    op.create_index(
        "ix_cases_duplicate_of_id",
        "cases",
        ["duplicate_of_id"],
        sqlite_where=sa.text("duplicate_of_id IS NOT NULL"),
        postgresql_where=sa.text("duplicate_of_id IS NOT NULL"),
    )
    op.create_index("ix_case_links_other_id", "case_links", ["other_id"])


def downgrade() -> None:
    op.drop_index("ix_cases_duplicate_of_id", "cases")
    op.drop_table("case_links")
    with op.batch_alter_table("follow_ups") as batch:
        batch.drop_index("ix_follow_ups_due_on")
        batch.drop_column("scheduled_by")
        batch.drop_column("result")
    with op.batch_alter_table("coordination_events") as batch:
        batch.drop_column("automatic")
        batch.drop_column("data_sent")
    with op.batch_alter_table("consents") as batch:
        batch.drop_column("withdrawal_note")
        batch.drop_column("withdrawn_by")
    with op.batch_alter_table("referrals") as batch:
        batch.drop_index("ix_referrals_answer_due_on")
        batch.drop_column("legal_basis")
        batch.drop_column("consent_rule")
        batch.drop_column("answer_due_on")
