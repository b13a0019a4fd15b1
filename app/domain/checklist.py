"""The hate-case checklist a supervisor reviews beside the case (PROTOCOL.md (i)).

Each check is evaluated from the record, the protocol pack it was handled under and a few facts of
the audit trail, where the data can say: met, not met (with reasons as codes and counts, never a
value typed in the case) or not applicable. What only a person can weigh (proportionality,
community tension, whether to attend) is left to the supervisor's judgement: they confirm it when
they approve, and the approval keeps the ids they confirmed (`Review.checks`). A check confirmed in
the case's latest approval shows as met.

Approval is not blocked by an unmet check: the supervisor sees every one and decides (return,
escalate or approve with a comment); only a confirmation of a check that needs no judgement is
refused, so the history never claims a confirmation that means nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum

from app.domain.case import (
    SPECIAL_CATEGORY_FIELDS,
    CaseRecord,
    ConsentPurpose,
    CoordinationKind,
    Person,
    ReferralStatus,
    ReviewDecision,
    ServiceKind,
    covering_consent,
)
from app.domain.child import age_day, is_child
from app.domain.classification import offence_mismatch
from app.domain.completeness import (
    CRIMINAL_CLASSIFICATIONS,
    VICTIM_RULES,
)
from app.domain.protocol import ProtocolPack
from app.domain.validation import Issue


class CheckState(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    NOT_APPLICABLE = "not_applicable"
    JUDGEMENT = "judgement"  # the supervisor confirms it on approval


@dataclass(frozen=True)
class Check:
    """One check: a stable id, its state, the protocol step it belongs to (a step id of the pack:
    its guidance and its section in the case view), where PROTOCOL.md has it, and why it is not
    met or not applicable (codes worded by app.i18n.issues)."""

    id: str
    state: CheckState
    step: str
    source: str
    reasons: tuple[Issue, ...] = ()


@dataclass(frozen=True)
class AuditFacts:
    """What the audit trail says about the case's consultations: its view, export and print
    events, and how many of them have no reason (LED Art. 25)."""

    consultations: int = 0
    without_reason: int = 0


# The checks only a person can weigh, in the order the approve dialog lists them.
JUDGEMENT_CHECKS = ("proportionality", "community_tension", "attendance")

# Which special-category fields of a victim a bias motive can need: the bias is against a group,
# so recording that the victim belongs (or is seen to belong) to it may be needed. Ids of the EU
# baseline and of its overlays; a motive not named here ("other_group", "unknown", a new overlay's)
# leaves the need to the supervisor's judgement.
MOTIVE_FIELDS: dict[str, frozenset[str]] = {
    "racist_xenophobic": frozenset({"ethnicity"}),
    "anti_roma": frozenset({"ethnicity"}),
    "antigypsyism": frozenset({"ethnicity"}),
    "antisemitic": frozenset({"ethnicity", "religion"}),
    "anti_muslim": frozenset({"religion"}),
    "anti_christian": frozenset({"religion"}),
    "other_religion": frozenset({"religion"}),
    "gender_based": frozenset({"gender_identity"}),
    "anti_lgbti": frozenset({"sexual_orientation", "gender_identity"}),
    "disability": frozenset({"disability", "health"}),
    "illness": frozenset({"health"}),
    "aporophobia": frozenset(),
    "ideology": frozenset(),
    "age_generational": frozenset(),
}
# Art. 22(2)(a): a needs assessment that weighed these factors needs the same field of its victim.
FACTOR_FIELDS: dict[str, str] = {"health": "health", "disability": "disability"}

# A referral withdrawn before it was sent needs no consent any more.
LIVE_REFERRAL = frozenset(ReferralStatus) - {ReferralStatus.WITHDRAWN}


def _reason(code: str, count: int | None = None) -> Issue:
    return Issue(code, "", {} if count is None else {"count": count})


def _verdict(reasons: list[Issue]) -> CheckState:
    return CheckState.NOT_MET if reasons else CheckState.MET


def _counted(
    people: Iterable[Person], rules: Iterable[tuple[str, Callable[[Person], bool]]]
) -> list[Issue]:
    """One reason per rule that some of `people` fail, with how many fail it."""
    people = tuple(people)
    reasons = []
    for code, fails in rules:
        count = sum(1 for p in people if fails(p))
        if count:
            reasons.append(_reason(code, count))
    return reasons


def _classification(record: CaseRecord, pack: ProtocolPack) -> Check:
    reasons = []
    if not record.classification:
        reasons.append(_reason("check_no_classification"))
    if not record.motives:
        reasons.append(_reason("check_no_motive"))
    known = (
        (record.classification in pack.ids("classifications") or not record.classification)
        and set(record.motives) <= set(pack.ids("motives"))
        and set(record.offence_types) <= set(pack.ids("offence_types"))
    )
    if not known:
        reasons.append(_reason("check_not_in_protocol"))
    mismatch = offence_mismatch(record.classification, record.offence_types)
    if mismatch:
        reasons.append(_reason(mismatch))
    return Check(
        "classification", _verdict(reasons), "classification", "(i), (a) 4, (c)", tuple(reasons)
    )


def _indicator_notes(record: CaseRecord) -> Check:
    step, source = "identification", "(a) 4, (b)"
    if not record.indicators:
        return Check(
            "indicator_notes",
            CheckState.NOT_APPLICABLE,
            step,
            source,
            (_reason("check_no_indicators"),),
        )
    count = sum(1 for i in record.indicators if not i.note.strip())
    reasons = [_reason("check_indicators_without_note", count)] if count else []
    return Check("indicator_notes", _verdict(reasons), step, source, tuple(reasons))


def _victim_check(
    record: CaseRecord,
    check_id: str,
    step: str,
    source: str,
    rules: Iterable[tuple[str, Callable[[Person], bool]]],
) -> Check:
    """A check of every victim: not applicable to a case without one."""
    victims = record.victims()
    if not victims:
        return Check(
            check_id, CheckState.NOT_APPLICABLE, step, source, (_reason("check_no_victim"),)
        )
    reasons = _counted(victims, rules)
    return Check(check_id, _verdict(reasons), step, source, tuple(reasons))


def _rights(record: CaseRecord) -> Check:
    def given(v: Person) -> list[tuple[str, str]]:
        return [
            (r.leaflet_language, r.leaflet_version) for r in record.rights if r.person_key == v.key
        ]

    def understood(v: Person) -> list[str]:
        return [version for language, version in given(v) if _same_language(language, v.language)]

    return _victim_check(
        record,
        "rights",
        "rights",
        "(a) 5, (d); Dir. 2012/29/EU Art. 4",
        [
            ("check_rights_not_given", lambda v: not given(v)),
            ("check_leaflet_language", lambda v: bool(given(v)) and not understood(v)),
            (
                "check_leaflet_version",
                lambda v: bool(understood(v)) and not any(x.strip() for x in understood(v)),
            ),
        ],
    )


def _same_language(leaflet: str, spoken: str) -> bool:
    """The leaflet's language is the victim's (by the main language code: "pt" for "pt-BR")."""

    def main(code: str) -> str:
        return code.strip().lower().replace("_", "-").split("-")[0]

    return bool(main(spoken)) and main(leaflet) == main(spoken)


def _interpreter(record: CaseRecord) -> Check:
    step, source = "communication", "(a) 3; Dir. 2012/29/EU Art. 7"
    needing = [v for v in record.victims() if v.interpreter_needed]
    if not needing:
        return Check(
            "interpreter",
            CheckState.NOT_APPLICABLE,
            step,
            source,
            (_reason("check_no_interpreter_needed"),),
        )

    def arranged(v: Person) -> bool:
        at_rights = any(r.person_key == v.key and r.interpreter_provided for r in record.rights)
        referred = any(
            r.person_key == v.key
            and r.service_kind is ServiceKind.INTERPRETER
            and r.status in LIVE_REFERRAL
            for r in record.referrals
        )
        return at_rights or referred

    reasons = _counted(
        needing,
        [
            ("check_interpreter_language", lambda v: not v.interpreter_language.strip()),
            ("check_interpreter_not_arranged", lambda v: not arranged(v)),
        ],
    )
    return Check("interpreter", _verdict(reasons), step, source, tuple(reasons))


def _child_protection(record: CaseRecord) -> Check:
    step, source = "assessment", "(e); Dir. 2012/29/EU Art. 22(4)"
    children = [v for v in record.victims() if is_child(v, age_day(record))]
    if not children:
        return Check(
            "child_protection",
            CheckState.NOT_APPLICABLE,
            step,
            source,
            (_reason("check_no_child_victim"),),
        )
    count = sum(
        1
        for v in children
        if not any(a.person_key == v.key and a.protection_needs for a in record.assessments)
    )
    reasons = [_reason("check_child_without_protection", count)] if count else []
    return Check("child_protection", _verdict(reasons), step, source, tuple(reasons))


def _referral_consent(record: CaseRecord) -> Check:
    step, source = "referral", "(a) 7, (f); recital 40"
    referrals = [r for r in record.referrals if r.status in LIVE_REFERRAL]
    if not referrals:
        return Check(
            "referral_consent",
            CheckState.NOT_APPLICABLE,
            step,
            source,
            (_reason("check_no_referral"),),
        )

    count = sum(
        1
        for r in referrals
        if covering_consent(record.consents, r.consent_key, r.service_name, ConsentPurpose.REFERRAL)
        is None
    )
    reasons = [_reason("check_referral_without_consent", count)] if count else []
    return Check("referral_consent", _verdict(reasons), step, source, tuple(reasons))


def _prosecutor(record: CaseRecord) -> Check:
    step, source = "coordination", "(a) 8, (g)"
    if record.classification not in CRIMINAL_CLASSIFICATIONS:
        return Check(
            "prosecutor", CheckState.NOT_APPLICABLE, step, source, (_reason("check_not_criminal"),)
        )
    sent = [e for e in record.coordination if e.kind is CoordinationKind.PROSECUTOR]
    reasons = []
    if not sent:
        reasons.append(_reason("check_prosecutor_not_informed"))
    elif not any(e.reference_number.strip() for e in sent):
        reasons.append(_reason("check_prosecutor_no_reference"))
    return Check("prosecutor", _verdict(reasons), step, source, tuple(reasons))


def _competent_force(record: CaseRecord) -> Check:
    # The record has no "outside municipal competence" flag: a hand-over is checked where the
    # case records one.
    step, source = "coordination", "(a) 8, (g)"
    sent = [e for e in record.coordination if e.kind is CoordinationKind.COMPETENT_FORCE]
    if not sent:
        return Check(
            "competent_force",
            CheckState.NOT_APPLICABLE,
            step,
            source,
            (_reason("check_no_hand_over"),),
        )
    count = sum(1 for e in sent if not e.reference_number.strip())
    reasons = [_reason("check_hand_over_no_reference", count)] if count else []
    return Check("competent_force", _verdict(reasons), step, source, tuple(reasons))


def special_fields(person: Person) -> frozenset[str]:
    """The special-category fields filled in for a person."""
    return frozenset(f for f in SPECIAL_CATEGORY_FIELDS if str(getattr(person, f)).strip())


def _special_categories(record: CaseRecord) -> Check:
    """Special-category data (LED Art. 10) only where needed: a victim's field that a motive of the
    case, or a factor of their needs assessment, concerns. Never for a suspect, witness or reporter:
    the motive is the offender's bias, not anyone's identity."""
    step, source = "identification", "(h); LED Art. 10"
    filled = [(p, special_fields(p)) for p in record.persons if special_fields(p)]
    if not filled:
        return Check(
            "special_categories",
            CheckState.NOT_APPLICABLE,
            step,
            source,
            (_reason("check_no_special_categories"),),
        )
    by_motives = frozenset().union(*(MOTIVE_FIELDS.get(m, frozenset()) for m in record.motives))
    unexplained = 0
    for person, fields in filled:
        needed: frozenset[str] = frozenset()
        if person in record.victims():
            factors = {
                f for a in record.assessments if a.person_key == person.key for f in a.factors
            }
            needed = by_motives | {FACTOR_FIELDS[f] for f in factors if f in FACTOR_FIELDS}
        unexplained += len(fields - needed)
    if not unexplained:
        return Check("special_categories", CheckState.MET, step, source)
    if any(m not in MOTIVE_FIELDS for m in record.motives):
        # "other group", "unknown" or a motive this list does not know: a person must weigh it.
        reason = _reason("check_special_categories_judge", unexplained)
        return Check("special_categories", CheckState.JUDGEMENT, step, source, (reason,))
    reason = _reason("check_special_categories_unexplained", unexplained)
    return Check("special_categories", CheckState.NOT_MET, step, source, (reason,))


def _audit_reasons(facts: AuditFacts) -> Check:
    reasons = (
        [_reason("check_consultation_without_reason", facts.without_reason)]
        if facts.without_reason
        else []
    )
    return Check("audit_reasons", _verdict(reasons), "review", "(h); LED Art. 25", tuple(reasons))


def _judgement(check_id: str, step: str, source: str) -> Check:
    return Check(check_id, CheckState.JUDGEMENT, step, source)


def confirmed_at_approval(record: CaseRecord) -> tuple[str, ...]:
    """The checks the supervisor confirmed when the case was last approved, if that approval is
    still in force (no submission since)."""
    for review in reversed(record.reviews):
        if review.decision is ReviewDecision.APPROVE:
            return review.checks
        if review.decision is ReviewDecision.SUBMIT:
            return ()
    return ()


def checklist(record: CaseRecord, pack: ProtocolPack, facts: AuditFacts) -> tuple[Check, ...]:
    """Every check of PROTOCOL.md (i) for this case, in the order of the protocol's steps."""
    victim_rule = VICTIM_RULES
    checks = (
        _classification(record, pack),
        _indicator_notes(record),
        _victim_check(
            record,
            "victim_perception",
            "identification",
            "(a) 4",
            [
                (
                    "check_victims_without_perception",
                    lambda v: not victim_rule["victim_perception"](record, v),
                )
            ],
        ),
        _rights(record),
        _interpreter(record),
        _victim_check(
            record,
            "needs_assessment",
            "assessment",
            "(a) 6, (e); Dir. 2012/29/EU Art. 22",
            [("check_victims_not_assessed", lambda v: not victim_rule["assessment"](record, v))],
        ),
        _child_protection(record),
        _referral_consent(record),
        _prosecutor(record),
        _competent_force(record),
        _special_categories(record),
        _audit_reasons(facts),
        _judgement("proportionality", "review", "(i); (h)"),
        _judgement("community_tension", "coordination", "(i); (a) 9"),
        _judgement("attendance", "first_response", "(i); (a) 1"),
    )
    confirmed = confirmed_at_approval(record)
    return tuple(
        Check(c.id, CheckState.MET, c.step, c.source)
        if c.state is CheckState.JUDGEMENT and c.id in confirmed
        else c
        for c in checks
    )


def confirmation_issues(confirmed: Iterable[str], checks: Iterable[Check]) -> list[Issue]:
    """Why these confirmations cannot be recorded: each id that is not a check waiting for the
    supervisor's judgement (unknown, or decided by the data). Unconfirmed ones do not stop an
    approval: the supervisor has seen them, and the approval keeps which were confirmed."""
    open_ids = {c.id for c in checks if c.state is CheckState.JUDGEMENT}
    return [Issue("unknown_check", "checks", {"check": c}) for c in confirmed if c not in open_ids]
