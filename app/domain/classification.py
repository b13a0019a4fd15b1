"""Which classifications a case may carry: one main classification, and others beside it only
where the protocol pack allows several (a violent attack also filmed and posted as hate speech).
Statistics count the main one."""

from __future__ import annotations

from collections.abc import Iterable

from app.domain.case import CaseRecord
from app.domain.completeness import (
    ADMINISTRATIVE_OFFENCES,
    CRIMINAL_CLASSIFICATIONS,
    NON_CRIME_OFFENCES,
)
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


def offence_mismatch(classification: str, offence_types: Iterable[str]) -> str:
    """Whether the classification fits the offence types recorded: "check_crime_without_offence"
    (a crime with no criminal offence type), "check_offence_without_crime" (an offence type on
    a classification that is not a crime), or "" when they agree. The wizard shows it to the
    officer with the pack's guidance; the supervisor's checklist flags it."""
    offences = set(offence_types)
    if classification in CRIMINAL_CLASSIFICATIONS and not offences - ADMINISTRATIVE_OFFENCES:
        return "check_crime_without_offence"
    allowed = NON_CRIME_OFFENCES.get(classification)
    if allowed is not None and not offences <= allowed:
        return "check_offence_without_crime"
    return ""
