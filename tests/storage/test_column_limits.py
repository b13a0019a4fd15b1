"""The domain's text limits are the widths of the columns the case is stored in."""

from __future__ import annotations

from sqlalchemy import String

from app.domain.validation import LIMITS
from app.storage.cases import CHILDREN
from app.storage.tables import (
    Case,
    CaseIndicator,
    CaseLinkRow,
    CaseMotive,
    CaseOffence,
    ImportedUser,
)

# Columns that hold a record field under another name.
FIELD_OF = {"motive": "motives", "offence_type": "offence_types"}


def test_every_limited_column_of_a_case_has_its_limit_in_the_domain() -> None:
    tables = [Case, CaseMotive, CaseOffence, CaseIndicator, ImportedUser, CaseLinkRow]
    tables += [row for row, _record in CHILDREN.values()]
    record_fields = {"reference", "status", "role", "source", "method", "kind", "decision"}
    record_fields |= {"sha256", "risk_suggested", "risk_level", "service_kind", "urgency"}
    record_fields |= {"reporter_type", "wizard_step", "purpose", "relation", "consent_rule"}
    record_fields |= {"basis"}
    for table in tables:
        for column in table.__table__.columns:
            if not isinstance(column.type, String) or column.type.length is None:
                continue
            field = FIELD_OF.get(column.name, column.name)
            if field in ("imported_created_by", "imported_officer"):
                field = "username"
            if field in record_fields:  # enumerations and patterns, checked as such
                continue
            assert LIMITS.get(field) == column.type.length, f"{table.__tablename__}.{column.name}"
