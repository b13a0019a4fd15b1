"""Which classifications a case may carry: one main classification, and others beside it only
where the protocol pack allows several (a violent attack also filmed and posted as hate speech).
Statistics count the main one."""

from __future__ import annotations

from app.domain.case import CaseRecord
from app.domain.protocol import ProtocolPack
from app.domain.validation import Issue, duplicates

FIELD = "additional_classifications"


def classification_issues(record: CaseRecord, pack: ProtocolPack) -> list[Issue]:
    """Why the record's additional classifications cannot stand under `pack`: the pack allows
    one only, one is not in the pack, is given twice or repeats the main one, or there is no
    main one. The main classification alone is never refused here: an old case keeps an id its
    pack has since dropped (the supervisor's checklist flags it)."""
    extra = record.additional_classifications
    if not extra:
        return []
    if not pack.several_classifications:
        return [Issue("one_classification_only", FIELD, {})]
    if not record.classification:
        return [Issue("required", "classification", {"step": "classification"})]
    known = set(pack.ids("classifications"))
    issues = [
        Issue("unknown_classification", f"{FIELD}[{i}]", {"value": c})
        for i, c in enumerate(extra)
        if c not in known
    ]
    issues += [
        Issue("duplicate_key", FIELD, {"key": k})
        for k in duplicates((record.classification, *extra))
    ]
    return issues


def all_classifications(record: CaseRecord) -> tuple[str, ...]:
    """The main classification first, then the others ("" none)."""
    main = (record.classification,) if record.classification else ()
    return main + record.additional_classifications
