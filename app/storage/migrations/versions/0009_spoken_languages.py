"""A person's languages: several ISO 639 codes, each with whether they read it and which one they
prefer. An old record's single language becomes its one, preferred, language.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-08
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The persons table as this migration sees it (never the models, which move on).
persons = sa.table(
    "persons",
    sa.column("id", sa.Integer()),
    sa.column("language", sa.Text()),
    sa.column("languages", sa.JSON()),
)


def upgrade() -> None:
    op.add_column("persons", sa.Column("languages", sa.JSON(), server_default="[]", nullable=False))
    connection = op.get_bind()
    rows = connection.execute(sa.select(persons.c.id, persons.c.language).where(persons.c.language != ""))
    # As it was typed: the program tidies a code (or flags what is none) when the case is next saved.
    # Whether they read it was never asked; the leaflet was offered in it, so it counts as read.
    for person_id, language in rows.all():
        spoken = [{"code": language.strip(), "reads": True, "preferred": True}]
        connection.execute(persons.update().where(persons.c.id == person_id).values(languages=spoken))
    with op.batch_alter_table("persons") as batch:
        batch.drop_column("language")


def downgrade() -> None:
    op.add_column("persons", sa.Column("language", sa.Text(), server_default="", nullable=False))
    connection = op.get_bind()
    for person_id, languages in connection.execute(sa.select(persons.c.id, persons.c.languages)).all():
        listed = languages or []
        chosen = next((x for x in listed if x.get("preferred")), listed[0] if listed else None)
        if chosen:
            connection.execute(persons.update().where(persons.c.id == person_id).values(language=chosen["code"]))
    with op.batch_alter_table("persons") as batch:
        batch.drop_column("languages")
