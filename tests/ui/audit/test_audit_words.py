"""Every audit action has a label; an event's object and details read in words."""

from __future__ import annotations

from app.domain.audit_actions import AuditAction
from app.ui import labels
from app.ui.audit.words import details_words, object_words


def test_every_audit_action_has_a_label() -> None:
    assert set(labels.AUDIT_ACTION) == set(AuditAction)
    assert labels.TABLES[AuditAction] is labels.AUDIT_ACTION
    assert labels.label(AuditAction.AUDIT_EXPORT) == "Audit trail exported"


def test_objects_and_details_in_words() -> None:
    assert object_words("case", "LIS-01-2026-000001") == "Case LIS-01-2026-000001"
    assert object_words("audit_trail", "") == "The audit trail"
    assert object_words("something_new", "x") == "something_new x"
    assert details_words({"intact": True, "findings": 0}) == "problems found: 0; intact: Yes"
    assert details_words({"call": "CaseService.open_case", "why": "role"}) == (
        "call: CaseService.open_case; why: the role does not allow it"
    )
    assert details_words({"to": "file", "count": 3}) == "events: 3; delivered to: a file"
