"""Training with worked cases: a trainee's attempts with their scores by step, and the exercises
trainers made from approved real cases (anonymised, reviewed before use). Used in the training
database only; every database has the tables so that one schema serves both.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "training_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("exercise_id", sa.String(64), nullable=False),
        sa.Column("exercise_version", sa.Integer(), nullable=False),
        sa.Column("exercise_title", sa.Text(), server_default="", nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(64), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("scores", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name="fk_training_attempts_case_id_cases", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_training_attempts"),
    )
    for column in ("exercise_id", "case_id", "username"):
        op.create_index(f"ix_training_attempts_{column}", "training_attempts", [column])
    op.create_table(
        "training_exercises",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("exercise_id", sa.String(64), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reviewed_by", sa.Text(), server_default="", nullable=False),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_training_exercises"),
        sa.UniqueConstraint("exercise_id", name="uq_training_exercises_exercise_id"),
    )


def downgrade() -> None:
    op.drop_table("training_exercises")
    for column in ("exercise_id", "case_id", "username"):
        op.drop_index(f"ix_training_attempts_{column}", "training_attempts")
    op.drop_table("training_attempts")
