"""PostgreSQL: the program's own database role, apart from the owner that migrates.

The owner (who runs `db upgrade`) owns the tables and their triggers. The program's role gets what
the program needs, and on the audit trail only SELECT and INSERT: it can neither change nor remove
an event, nor drop or disable the append-only triggers, which only the owner may touch; nor write a
prune anchor, so removing old events (`audit prune`) is the owner's alone.
"""

from __future__ import annotations

import re

from sqlalchemy import Engine, text

ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def program_grants(role: str) -> list[str]:
    if not ROLE_NAME.match(role):
        raise ValueError(role)
    return [
        f"GRANT USAGE ON SCHEMA public TO {role}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role}",
        f"GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {role}",
        f"REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM {role}",
        # Old events are removed by the owner alone (`audit prune`), with a sealed anchor.
        f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON audit_prunes FROM {role}",
        f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON alembic_version FROM {role}",
    ]


def grant_program_role(engine: Engine, role: str) -> None:
    """Run as the owner, after each `db upgrade` (new tables need their grants too)."""
    with engine.begin() as connection:
        for statement in program_grants(role):
            connection.execute(text(statement))
