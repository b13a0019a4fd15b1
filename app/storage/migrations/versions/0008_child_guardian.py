"""A child victim's guardian is a person of the case; a child's needs and consent (issue 11).

The free-text `persons.guardian` of a child becomes a person with the role "guardian" whose name
is that text (their relation, contact and language left for the officer to add), linked to the
child by `guardian_of`; the old column is then emptied, so nothing is kept twice and nothing lost.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07
"""

import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KEY_LENGTH = 16
COLUMNS: dict[str, tuple[sa.Column[object], ...]] = {
    "persons": (
        sa.Column("guardian_of", sa.String(KEY_LENGTH), server_default="", nullable=False),
        sa.Column("relation", sa.String(32), nullable=True),
    ),
    "needs_assessments": (
        sa.Column("no_needs_reason", sa.Text(), server_default="", nullable=False),
    ),
    "consents": (
        sa.Column("guardian_key", sa.String(KEY_LENGTH), server_default="", nullable=False),
        sa.Column("child_views", sa.Text(), server_default="", nullable=False),
    ),
}
# Tables whose rows name a person by key: a new key must be free in all of them.
PERSON_KEYS = ("perceptions", "rights_information", "needs_assessments", "consents", "referrals")
_KEY = re.compile(r"P(\d+)")


def _number(key: str | None) -> int:
    match = _KEY.fullmatch(key or "")
    return int(match[1]) if match else 0


def upgrade() -> None:
    for table, columns in COLUMNS.items():
        for column in columns:
            op.add_column(table, column)
    bind = op.get_bind()
    children = bind.execute(
        sa.text("SELECT id, case_id FROM persons WHERE guardian <> '' ORDER BY case_id, id")
    ).all()
    for row_id, case_id in children:
        case = {"c": case_id}
        keys = list(bind.execute(sa.text("SELECT key FROM persons WHERE case_id = :c"), case))
        for table in PERSON_KEYS:
            query = sa.text(f"SELECT person_key FROM {table} WHERE case_id = :c")  # noqa: S608
            keys += bind.execute(query, case).all()
        position = bind.execute(
            sa.text("SELECT COALESCE(MAX(position), 0) + 1 FROM persons WHERE case_id = :c"),
            case,
        ).scalar_one()
        bind.execute(
            sa.text(
                "INSERT INTO persons (case_id, key, position, role, name, guardian_of, is_minor,"
                " interpreter_needed)"
                " SELECT case_id, :key, :position, 'guardian', guardian, key, :no, :no"
                " FROM persons WHERE id = :id"
            ),
            {
                "key": f"P{max((_number(k) for (k,) in keys), default=0) + 1}",
                "position": position,
                "no": False,
                "id": row_id,
            },
        )
        bind.execute(sa.text("UPDATE persons SET guardian = '' WHERE id = :id"), {"id": row_id})


def downgrade() -> None:
    bind = op.get_bind()
    # Back to the free text: the guardian's name on the child, the guardian person removed.
    bind.execute(
        sa.text(
            "UPDATE persons SET guardian = (SELECT g.name FROM persons g"
            " WHERE g.case_id = persons.case_id AND g.role = 'guardian'"
            " AND g.guardian_of = persons.key ORDER BY g.id LIMIT 1)"
            " WHERE EXISTS (SELECT 1 FROM persons g WHERE g.case_id = persons.case_id"
            " AND g.role = 'guardian' AND g.guardian_of = persons.key)"
        )
    )
    bind.execute(sa.text("DELETE FROM persons WHERE role = 'guardian'"))
    for table, columns in COLUMNS.items():
        with op.batch_alter_table(table) as batch:
            for column in columns:
                batch.drop_column(column.name)
