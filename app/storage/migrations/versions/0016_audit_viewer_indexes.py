"""The audit viewer's filters: by user, case (object reference) and action, each with the id so
that a page walks the index newest first and stops; and the time of an event, for a range of
days.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = {
    "ix_audit_events_username_id": ["username", "id"],
    "ix_audit_events_object_ref_id": ["object_ref", "id"],
    "ix_audit_events_action_id": ["action", "id"],
    "ix_audit_events_at": ["at"],
}


def upgrade() -> None:
    for name, columns in INDEXES.items():
        op.create_index(name, "audit_events", columns)


def downgrade() -> None:
    for name in INDEXES:
        op.drop_index(name, "audit_events")
