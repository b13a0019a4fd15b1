"""An audit event's object and details in the screen language. The details hold ids and codes
(app.services.audit.record); a code with words here is shown in words, any other as it is."""

from __future__ import annotations

from collections.abc import Mapping

from app.i18n import N_, _

OBJECT_TYPE = {
    "case": N_("Case {ref}"),
    "user": N_("Account {ref}"),
    "station": N_("Station {ref}"),
    "support_service": N_("Support service {ref}"),
    "attachment": N_("Attachment {ref}"),
    "audit_trail": N_("The audit trail"),
    "database": N_("The database"),
}
DETAIL_KEY = {
    "intact": N_("intact"),
    "findings": N_("problems found"),
    "count": N_("events"),
    "to": N_("delivered to"),
    "why": N_("why"),
    "error": N_("error"),
    "case": N_("case"),
    "by": N_("user"),
    "action": N_("event"),
    "from_day": N_("first day"),
    "to_day": N_("last day"),
}
DETAIL_VALUE = {
    ("to", "file"): N_("a file"),
    ("to", "printer"): N_("a printer"),
    ("to", "screen"): N_("the screen"),
    ("to", "preview"): N_("the screen"),
    ("why", "role"): N_("the role does not allow it"),
    ("why", "session_ended"): N_("the account was deactivated or locked"),
}


def object_words(object_type: str, ref: str) -> str:
    template = OBJECT_TYPE.get(object_type)
    if template is None:
        return f"{object_type} {ref}".strip()
    return _(template).format(ref=ref).strip()


def details_words(details: Mapping[str, object]) -> str:
    """key: value, ...: in words where there are words, yes/no for a flag."""
    parts = []
    for key, value in sorted(details.items()):
        name = _(DETAIL_KEY[key]) if key in DETAIL_KEY else key
        if isinstance(value, bool):
            shown = _("Yes") if value else _("No")
        elif (key, str(value)) in DETAIL_VALUE:
            shown = _(DETAIL_VALUE[key, str(value)])
        else:
            shown = str(value)
        parts.append(f"{name}: {shown}")
    return "; ".join(parts)
