"""The case list pages by key (app/storage/cases.py SORT_COLUMNS): each of its orders, and each
filter in the default order, walks an index from the key on, so the first page, the last page
and a filtered page cost the same with a million cases as with a hundred thousand
(bench/case_list_scale.py). The date's indexes end in the case's id, the tiebreaker (SQLite has it
there already; PostgreSQL sorted each page's ties without it). No index on the place: a place is
free text, and PostgreSQL refuses a B-tree entry over a third of a page.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# name -> (columns now, columns before 0020 or None)
INDEXES: dict[str, tuple[list[str], list[str] | None]] = {
    "ix_cases_listed_at": (["listed_at", "id"], ["listed_at"]),
    "ix_cases_station_listed_at": (["station_id", "listed_at", "id"], ["station_id", "listed_at"]),
    "ix_cases_list_status": (["status", "listed_at", "id"], None),
    "ix_cases_list_officer": (["officer_id", "listed_at", "id"], None),
    "ix_cases_list_classification": (["classification", "listed_at", "id"], None),
    "ix_cases_list_reference": (["year", "station_id", "number"], None),
}


def upgrade() -> None:
    for name, (columns, before) in INDEXES.items():
        if before is not None:
            op.drop_index(name, "cases")
        op.create_index(name, "cases", columns)


def downgrade() -> None:
    for name, (_columns, before) in INDEXES.items():
        op.drop_index(name, "cases")
        if before is not None:
            op.create_index(name, "cases", before)
