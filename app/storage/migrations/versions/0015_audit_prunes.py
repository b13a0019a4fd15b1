"""Old audit events removed by year, with a sealed prune anchor: the table of anchors, and the
DELETE trigger of audit_events that lets through only events up to the newest anchor's last id.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

APPEND_ONLY_MESSAGE = "audit events are append-only"
PRUNED = "(SELECT COALESCE(MAX(last_id), 0) FROM audit_prunes)"
SQLITE_DELETE_ONLY_PRUNED = (
    "CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events "
    f"WHEN OLD.id > {PRUNED} BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY_MESSAGE}'); END"
)
SQLITE_ANCHORS_APPEND_ONLY = [
    f"CREATE TRIGGER audit_prunes_no_{verb} BEFORE {verb.upper()} ON audit_prunes "
    f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY_MESSAGE}'); END"
    for verb in ("update", "delete")
]
# The same function keeps refusing UPDATE and TRUNCATE, and every DELETE but of pruned events.
POSTGRESQL_DELETE_ONLY_PRUNED = (
    "CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
    f"BEGIN IF TG_OP = 'DELETE' AND TG_TABLE_NAME = 'audit_events' AND OLD.id <= {PRUNED} "
    f"THEN RETURN OLD; END IF; RAISE EXCEPTION '{APPEND_ONLY_MESSAGE}' "
    "USING ERRCODE = 'insufficient_privilege'; END $$"
)
POSTGRESQL_ANCHORS_APPEND_ONLY = [
    "CREATE TRIGGER audit_prunes_append_only BEFORE UPDATE OR DELETE ON audit_prunes "
    "FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()",
    "CREATE TRIGGER audit_prunes_no_truncate BEFORE TRUNCATE ON audit_prunes "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()",
]
POSTGRESQL_APPEND_ONLY = (
    "CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
    f"BEGIN RAISE EXCEPTION '{APPEND_ONLY_MESSAGE}' USING ERRCODE = 'insufficient_privilege'; "
    "END $$"
)


def upgrade() -> None:
    op.create_table(
        "audit_prunes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key_id", sa.String(length=64), nullable=False),
        sa.Column("last_id", sa.Integer(), nullable=False),
        sa.Column("last_hash", sa.String(length=64), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("mac", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_prunes")),
        sa.UniqueConstraint("last_id", name=op.f("uq_audit_prunes_last_id")),
    )
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER audit_events_no_delete")
        for statement in [SQLITE_DELETE_ONLY_PRUNED, *SQLITE_ANCHORS_APPEND_ONLY]:
            op.execute(statement)
    else:
        for statement in [POSTGRESQL_DELETE_ONLY_PRUNED, *POSTGRESQL_ANCHORS_APPEND_ONLY]:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER audit_prunes_no_update")
        op.execute("DROP TRIGGER audit_prunes_no_delete")
        op.execute("DROP TRIGGER audit_events_no_delete")
        op.execute(
            "CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events "
            f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY_MESSAGE}'); END"
        )
    else:
        op.execute("DROP TRIGGER audit_prunes_no_truncate ON audit_prunes")
        op.execute("DROP TRIGGER audit_prunes_append_only ON audit_prunes")
        op.execute(POSTGRESQL_APPEND_ONLY)
    op.drop_table("audit_prunes")
