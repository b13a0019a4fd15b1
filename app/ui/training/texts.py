"""How a worked case and its feedback read on screen: a bundled case's texts through the
catalogs (a force's and a trainer's as written), and each point of the feedback in words."""

from __future__ import annotations

from html import escape

from app.domain.case import CoordinationKind, PerceptionSource, PersonRole, RiskLevel, ServiceKind
from app.domain.protocol import ProtocolPack
from app.domain.training import CaseSource, Point, PointOutcome, SituationPerson, WorkedCase
from app.domain.training_feedback import YES
from app.i18n import N_, _
from app.ui import labels

# What a worked case practises (its `covers`).
COVERS: dict[str, str] = {
    "crime": N_("a crime"),
    "hate_speech": N_("hate speech"),
    "non_crime_incident": N_("a non-crime hate incident"),
    "administrative_offence": N_("an administrative offence"),
    "border": N_("a case on the border"),
    "child_victim": N_("a child victim"),
    "third_party_report": N_("a third-party report"),
    "declines_help": N_("a victim who declines help"),
    "two_motives": N_("two motives at once"),
    "confidential_address": N_("a service with a confidential address"),
}

# Each topic of the feedback: what it is about, and where its values' labels come from.
TOPICS: dict[str, str] = {
    "offence_types": N_("Offence type"),
    "no_individual_victim": N_("No individual victim"),
    "interpreter": N_("Interpreter needed"),
    "child_victim": N_("A child victim, with a guardian recorded"),
    "motives": N_("Motive"),
    "indicators": N_("Indicator"),
    "perception_sources": N_("Perceived as hate by"),
    "classification": N_("Classification"),
    "additional_classifications": N_("Additional classification"),
    "rights_language": N_("Rights given in"),
    "protection_needs": N_("Protection needs"),
    "risk_level": N_("Risk level"),
    "needs": N_("Need"),
    "measures": N_("Measure"),
    "declines_measures": N_("The victim declines measures"),
    "referrals": N_("Referral with consent"),
    "referral_declined": N_("Referral the victim declined"),
    "coordination": N_("Coordination"),
}
PACK_KINDS = {
    "offence_types": "offence_types", "motives": "motives", "indicators": "indicators",
    "classification": "classifications", "additional_classifications": "classifications",
    "needs": "needs", "measures": "measures",
}  # fmt: skip
ENUMS = {
    "perception_sources": PerceptionSource, "risk_level": RiskLevel, "referrals": ServiceKind,
    "referral_declined": ServiceKind, "coordination": CoordinationKind,
}  # fmt: skip
FLAGS = frozenset({"no_individual_victim", "child_victim", "declines_measures"})
OUTCOMES: dict[PointOutcome, str] = {
    PointOutcome.MATCHED: N_("✓ Matched"),
    PointOutcome.MISSED: N_("✗ Missed"),
    PointOutcome.ADDED: N_("+ Added, not in the model answer"),
    PointOutcome.INSTEAD: N_("→ Chosen instead"),
}


def shown(worked: WorkedCase, text: str) -> str:
    """A text of the worked case in the screen language: a bundled case's through the catalogs."""
    return _(text) if text and worked.source is CaseSource.BUNDLED else text


def covers(worked: WorkedCase) -> str:
    return ", ".join(_(COVERS[c]) if c in COVERS else c for c in worked.covers)


def point_text(point: Point, pack: ProtocolPack) -> str:
    """ "Motive: Racist or xenophobic", "Interpreter needed: yes", "No individual victim"."""
    topic = _(TOPICS.get(point.topic, point.topic))
    if point.topic in FLAGS:
        return topic
    value = point.value
    if point.topic in PACK_KINDS:
        value = _(pack.label(PACK_KINDS[point.topic], value))
    elif point.topic in ENUMS:
        enum = ENUMS[point.topic]
        value = labels.label(enum(value)) if value in set(enum) else value
    elif point.topic == "rights_language":
        value = labels.language_name(value)
    else:  # a yes-or-no answer
        value = _("Yes") if value == YES else _("No")
    return f"{topic}: {value}"


def person_html(worked: WorkedCase, person: SituationPerson) -> str:
    role = labels.label(PersonRole(person.role)) if person.role in set(PersonRole) else person.role
    facts = [f"<b>{escape(role)}</b>: {escape(person.name)}"]
    if person.age is not None:
        facts.append(escape(_("{age} years old").format(age=person.age)))
    if person.languages:
        names = ", ".join(labels.language_name(code) for code in person.languages)
        facts.append(escape(_("speaks {languages}").format(languages=names)))
    lines = [", ".join(facts)]
    if person.says:
        lines.append(escape(_("Says: “{words}”").format(words=shown(worked, person.says))))
    if person.description:
        lines.append(escape(_("Seen: {what}").format(what=shown(worked, person.description))))
    return "<br>".join(lines)


def situation_html(worked: WorkedCase) -> str:
    """The situation as the officer meets it, and the people there: no model answer."""
    parts = [
        f"<h3>{escape(shown(worked, worked.title))}</h3>",
        "<p>" + escape(shown(worked, worked.situation)).replace("\n", "<br>") + "</p>",
    ]
    if worked.people:
        heading = _("Who is there")
        parts.append(f"<h4>{escape(heading)}</h4>")
        parts += [f"<p>{person_html(worked, p)}</p>" for p in worked.people]
    return "".join(parts)


def score_text(scored: int, possible: int) -> str:
    return _("{scored} of {possible}").format(scored=scored, possible=possible)
