"""Whether a coordination event shared only anonymised facts (then no consent is needed).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-08
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The basis the wizard stored for a civil-society contact of a case with no individual victim.
ANONYMISED_FACTS = "Anonymised facts for community reassurance"


def upgrade() -> None:
    op.add_column(
        "coordination_events",
        sa.Column("anonymised", sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    # What was recorded as anonymised facts stays so; everything else shared identities.
    events = sa.table(
        "coordination_events", sa.column("basis", sa.Text()), sa.column("anonymised", sa.Boolean())
    )
    op.execute(
        events.update().where(events.c.basis == ANONYMISED_FACTS).values(anonymised=sa.true())
    )


def downgrade() -> None:
    with op.batch_alter_table("coordination_events") as batch:
        batch.drop_column("anonymised")
