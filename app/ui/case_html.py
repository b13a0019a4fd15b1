"""A CaseRecord as HTML for the read-only case view and the wizard's summary (a part below both
screens). Every recorded value is escaped: the case holds what people typed, and it must show as
text, never as markup."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime

from app.domain.access import HIDDEN
from app.domain.case import (
    SPECIAL_CATEGORY_FIELDS,
    CaseRecord,
    Person,
    PersonRole,
    Review,
    ReviewDecision,
)
from app.domain.child import age_day, is_child
from app.domain.languages import SpokenLanguage
from app.domain.protocol import ProtocolPack
from app.i18n import N_, _, format_date, format_datetime, format_size
from app.ui import labels
from app.ui.wording import CHECK_TITLES, person_name
from app.ui.wording import section as section_title

# A value of a row: plain text, or None / "" for "not recorded" (the row is left out).
Value = str | None
Row = tuple[str, Value]

SPECIAL_LABELS: dict[str, str] = {
    "ethnicity": N_("Ethnic or national origin"),
    "religion": N_("Religion or belief"),
    "sexual_orientation": N_("Sexual orientation"),
    "gender_identity": N_("Gender identity"),
    "health": N_("Health"),
    "disability": N_("Disability"),
}
# What a value hidden from the actor's role (app.domain.access.HIDDEN) reads as.
HIDDEN_TEXT = N_("recorded, hidden (special category)")


def special_value(value: str) -> str:
    return _(HIDDEN_TEXT) if value == HIDDEN else value


# The wizard section where each part of the record is typed, to name a change by its section.
FIELD_SECTIONS: dict[str, str] = {
    **dict.fromkeys(
        ("reported_at", "attended_at", "immediate_danger", "injuries", "injuries_note",
         "medical_help", "medical_note", "response_delayed", "delay_plan"),
        "first_response",
    ),
    **dict.fromkeys(
        ("occurred_at", "place", "district", "place_type", "narrative", "reporter_type",
         "no_individual_victim", "offence_types", "persons"),
        "incident",
    ),
    **dict.fromkeys(("verbatim_words", "evidence_notes", "attachments"), "evidence"),
    **dict.fromkeys(("indicators", "perceptions", "officer_assessment"), "identification"),
    **dict.fromkeys(
        ("motives", "classification", "classification_reason", "additional_classifications"),
        "classification",
    ),
    **dict.fromkeys(("rights", "recorded_steps"), "rights"),
    "assessments": "assessment",
    **dict.fromkeys(("consents", "referrals"), "referral"),
    **dict.fromkeys(
        ("coordination", "community_impact", "mediation_proposed", "mediation_safeguards"),
        "coordination",
    ),
}  # fmt: skip
# Changed fields whose values are ids of a pick-list of the protocol pack.
PICK_LISTS = {
    "motives": "motives",
    "offence_types": "offence_types",
    "classification": "classifications",
    "additional_classifications": "classifications",
    "place_type": "place_types",
}


def spoken_language(language: SpokenLanguage) -> str:
    """A language with what the officer must know: "Portuguese (pt) — does not read it"."""
    marks = [_("preferred")] if language.preferred else []
    if not language.reads:
        marks.append(_("does not read it"))
    name = labels.language_name(language.code)
    return f"{name} — {', '.join(marks)}" if marks else name


def changed_step(path: str) -> str:
    """The section of a changed value's path ("persons[P2].name" -> "incident")."""
    return FIELD_SECTIONS.get(re.split(r"[.\[]", path, maxsplit=1)[0], "")


EMPTY_CELL = "—"
KEY_WIDTH = 190  # pixels: the same for every section, so values line up down the page
STYLE = """
h1 { font-size: x-large; margin-bottom: 2px; }
h2 { font-size: large; margin-top: 18px; margin-bottom: 4px; color: #1c3d6e; }
h3 { font-size: medium; margin-top: 10px; margin-bottom: 2px; }
table { margin-bottom: 6px; }
td { padding: 2px 8px 2px 0; vertical-align: top; }
td.k { color: #555555; }
th { text-align: left; padding: 2px 8px 2px 0; background: #e8edf3; }
p.empty { color: #777777; font-style: italic; }
p.note { color: #555555; }
p.warn { color: #8a1c1c; font-weight: bold; }
"""


def esc(value: object) -> str:
    return html.escape(str(value)).replace("\n", "<br>")


def yes_no(value: bool | None) -> Value:
    if value is None:
        return None
    return _("Yes") if value else _("No")


def when(value: datetime | date | None) -> Value:
    if value is None:
        return None
    if isinstance(value, datetime):
        return format_datetime(value)
    return format_date(value)


def nothing() -> str:
    text = esc(_("Nothing recorded"))
    return f'<p class="empty">{text}</p>'


def heading(text: str, level: int = 2) -> str:
    return f"<h{level}>{esc(text)}</h{level}>"


def fields(rows: Iterable[Row]) -> str:
    """A two-column table of the rows that have a value; "" when none has."""
    cells = [
        f'<tr><td class="k" width="{KEY_WIDTH}">{esc(key)}</td><td>{esc(value)}</td></tr>'
        for key, value in rows
        if value not in (None, "")
    ]
    return f"<table>{''.join(cells)}</table>" if cells else ""


def table(header: Sequence[str], rows: Iterable[Sequence[Value]]) -> str:
    # An empty cell shows a dash: "not recorded" (and an empty last cell upsets Qt's spacing).
    body = [
        "<tr>" + "".join(f"<td>{esc(cell) if cell else EMPTY_CELL}</td>" for cell in row) + "</tr>"
        for row in rows
    ]
    if not body:
        return ""
    head = "".join(f"<th>{esc(title)}</th>" for title in header)
    return f'<table cellspacing="0"><tr>{head}</tr>{"".join(body)}</table>'


def anchor(step: str) -> str:
    """Where the section of a protocol step begins (a step id of the pack): the view scrolls
    there from the checklist beside the case."""
    return f'<a name="{step}"></a>'


def section(title: str, *parts: str) -> str:
    content = "".join(part for part in parts if part)
    return heading(title) + (content or nothing())


class CaseHtml:
    def __init__(
        self, record: CaseRecord, pack: ProtocolPack, user_names: Mapping[str, str]
    ) -> None:
        self.record = record
        self.pack = pack
        self.names = {p.key: p.name or p.alias or p.key for p in record.persons}
        self.user_names = user_names

    def user(self, username: str) -> str:
        """A colleague by full name; an account the database no longer has by user name."""
        return self.user_names.get(username, username)

    def label(self, kind: str, item_id: str) -> str:
        return _(self.pack.label(kind, item_id)) if item_id else ""

    def labels(self, kind: str, ids: Iterable[str]) -> str:
        return ", ".join(self.label(kind, item_id) for item_id in ids)

    def person(self, key: str | None) -> str:
        return self.names.get(key, key) if key else ""

    # ------------------------------------------------------------------ sections

    def render(self) -> str:
        r = self.record
        title = esc(_("Case {reference}").format(reference=r.reference))
        parts = [
            f"<style>{STYLE}</style><h1>{title}</h1>",
            self.summary(),
            anchor("incident") + self.incident(),
            anchor("first_response") + self.safety(),
            anchor("evidence") + self.bias_evidence(),
            self.identification(),
            anchor("classification") + self.motives(),
            anchor("communication") + self.persons(),
            anchor("rights") + self.rights(),
            anchor("assessment") + self.assessments(),
            anchor("referral") + self.consents(),
            self.referrals(),
            anchor("coordination") + self.coordination(),
            self.attachments(),
            anchor("review") + self.reviews(),
            anchor("follow_up") + self.follow_ups(),
            self.links(),
            self.outcomes(),
        ]
        return "".join(parts)

    def recap(self) -> str:
        """What the officer recorded, section by section in the order an officer reads a case
        before submitting it (the wizard's summary page): no history, no administrative data."""
        parts = [
            f"<style>{STYLE}</style>",
            self.persons(),
            self.incident(),
            self.safety(),
            self.motives(),
            self.identification(),
            self.rights(),
            self.assessments(),
            self.consents(),
            self.referrals(),
            self.coordination(),
            self.bias_evidence(),
            self.attachments(),
        ]
        return "".join(parts)

    def summary(self) -> str:
        r = self.record
        return section(
            _("Summary"),
            fields(
                [
                    (_("Reference"), r.reference),
                    (_("Status"), labels.label(r.status)),
                    (_("Officer"), self.user(r.officer)),
                    (_("Created"), _("{time} by {user}").format(
                        time=when(r.created_at), user=self.user(r.created_by)
                    )),
                    (_("Reported"), when(r.reported_at)),
                    (_("Attended"), when(r.attended_at)),
                    (_("Closed"), when(r.closed_at)),
                    (_("Outcome"), r.outcome),
                    (_("Closing note"), r.closure_note),
                    (_("Duplicate of"), r.duplicate_of),
                    (_("Protocol pack"), _("{pack}, version {version}").format(
                        pack=r.protocol_pack, version=r.protocol_version
                    )),
                ]
            ),
        )  # fmt: skip

    def incident(self) -> str:
        r = self.record
        return section(
            _("Incident"),
            fields(
                [
                    (_("Occurred"), when(r.occurred_at)),
                    (_("Place"), r.place),
                    (_("District"), r.district),
                    (_("Type of place"), self.label("place_types", r.place_type)),
                    (_("Reported by"), labels.label(r.reporter_type)),
                    (_("Offence types"), self.labels("offence_types", r.offence_types)),
                    (_("No individual victim"), _("Yes") if r.no_individual_victim else None),
                    (_("Account of the incident"), r.narrative),
                ]
            ),
        )

    def safety(self) -> str:
        r = self.record
        return section(
            _("Safety"),
            fields(
                [
                    (_("Immediate danger"), yes_no(r.immediate_danger)),
                    (_("Injuries"), yes_no(r.injuries)),
                    (_("About the injuries"), r.injuries_note),
                    (_("Medical help"), yes_no(r.medical_help)),
                    (_("About the medical help"), r.medical_note),
                    (_("Response delayed"), _("Yes") if r.response_delayed else None),
                    (_("Plan for the delay"), r.delay_plan),
                ]
            ),
        )

    def bias_evidence(self) -> str:
        r = self.record
        return section(
            _("Bias evidence"),
            fields(
                [
                    (_("Words used (verbatim)"), r.verbatim_words),
                    (_("Evidence notes"), r.evidence_notes),
                ]
            ),
        )

    def identification(self) -> str:
        r = self.record
        perceptions = table(
            [_("Perceived by"), _("Person"), _("What they perceived")],
            [(labels.label(p.source), self.person(p.person_key), p.text) for p in r.perceptions],
        )
        indicators = table(
            [_("Indicator"), _("Officer's note")],
            [(self.label("indicators", i.indicator), i.note) for i in r.indicators],
        )
        return "".join(
            [
                anchor("identification"),
                heading(_("Identification")),
                heading(_("Perception of the victim/witnesses"), 3),
                perceptions or nothing(),
                heading(_("Indicators observed by the officer (assessment)"), 3),
                '<p class="note">'
                + esc(_("An indicator is a reason to investigate the motive, not a proven fact."))
                + "</p>",
                indicators or nothing(),
                heading(_("Officer's assessment"), 3),
                fields([(_("Assessment"), r.officer_assessment)]) or nothing(),
            ]
        )

    def motives(self) -> str:
        r = self.record
        return section(
            _("Motives and classification"),
            fields(
                [
                    (_("Motives"), self.labels("motives", r.motives)),
                    (_("Classification"), self.label("classifications", r.classification)),
                    (
                        _("Also classified as"),
                        self.labels("classifications", r.additional_classifications),
                    ),
                    (_("Why this classification"), r.classification_reason),
                    (_("Impact on the community"), r.community_impact),
                    (_("Mediation proposed"), _("Yes") if r.mediation_proposed else None),
                    (_("Mediation safeguards"), ", ".join(r.mediation_safeguards)),
                ]
            ),
        )

    def persons(self) -> str:
        parts = []
        for role in PersonRole:
            people = [p for p in self.record.persons if p.role is role]
            if people:
                parts.append(heading(labels.person_role_plural(role), 3))
                parts.extend(self.one_person(p) for p in people)
        return section(_("Persons"), *parts)

    def name_of(self, key: str) -> str:
        person = next((p for p in self.record.persons if p.key == key), None)
        return person_name(person) if person else key

    def one_person(self, p: Person) -> str:
        out = [f"<p><b>{esc(p.name or p.alias or p.key)}</b></p>"]
        out.append(
            fields(
                [
                    (_("Alias"), p.alias),
                    (_("Date of birth"), when(p.date_of_birth)),
                    (_("Age"), labels.stored(p.age_band)),
                    (_("Minor"), _("Yes") if is_child(p, age_day(self.record)) else None),
                    (_("Guardian"), p.guardian),  # recorded as text before migration 0008
                    (_("Guardian of"), self.name_of(p.guardian_of)),
                    (_("Relation to the child"), labels.label(p.relation)),
                    (_("Gender"), p.gender),
                    (_("Address"), p.address),
                    (_("Phone"), p.phone),
                    (_("E-mail"), p.email),
                    (_("Description"), p.description),
                ]
            )
        )
        communication = fields(
            [
                (_("Languages"), "; ".join(spoken_language(x) for x in p.languages)),
                (_("Interpreter needed"), yes_no(p.interpreter_needed) if p.language else None),
                (_("Interpreter language"), labels.language_name(p.interpreter_language)),
                (_("Accessibility needs"), p.accessibility_needs),
                (_("Accompanied by"), p.companion),
            ]
        )
        if communication:
            heading_text = esc(_("Communication needs"))
            out.append(f"<p><i>{heading_text}</i></p>{communication}")
        contact = fields(
            [
                (_("Safe phone"), p.safe_phone),
                (_("Safe times"), p.safe_times),
                (_("Messages may be left"), yes_no(p.message_ok)),
                (_("Safe e-mail"), p.safe_email),
                (_("Preferred channel"), p.preferred_channel),
                (_("Do not contact via"), p.do_not_contact_via),
            ]
        )
        if contact:
            heading_text = esc(_("Safe contact"))
            out.append(f"<p><i>{heading_text}</i></p>{contact}")
        special = fields(
            # A field added to the domain later still shows, under its id, until it gets a label.
            (
                _(SPECIAL_LABELS[name]) if name in SPECIAL_LABELS else name,
                special_value(getattr(p, name, "")),
            )
            for name in sorted(SPECIAL_CATEGORY_FIELDS)
        )
        if special:
            warning = _(
                "Special-category data (LED Art. 10): kept only where strictly necessary;"
                " never passed on without the separate consent."
            )
            out.append(
                '<table cellpadding="6" style="background: #fdf1d8; margin-top: 4px;">'
                f"<tr><td><b>{esc(warning)}</b>{special}</td></tr></table>"
            )
        return "".join(out)

    def rights(self) -> str:
        return section(
            _("Rights information"),
            *(
                fields(
                    [
                        (_("Person"), self.person(x.person_key)),
                        (_("Given"), _("{time} by {user}").format(
                            time=when(x.given_at), user=self.user(x.given_by)
                        )),
                        (_("Leaflet language"), labels.language_name(x.leaflet_language)),
                        (_("Leaflet version"), x.leaflet_version),
                        (_("Acknowledgement given"), yes_no(x.acknowledgement_given)),
                        (_("Complaint number"), x.complaint_number),
                        (_("Interpreter provided"), yes_no(x.interpreter_provided)),
                        *self.recorded_steps(x.person_key),
                    ]
                )
                for x in self.record.rights
            ),
        )  # fmt: skip

    def recorded_steps(self, person_key: str) -> list[tuple[str, str]]:
        """The steps the pack adds (Spain: the offer of legal actions): yes or no, when, who."""
        names = {step.id: step.label for step in self.pack.recorded_steps}
        return [
            (
                _(names.get(x.step, x.step)),
                f"{yes_no(x.done)}, "
                + _("{time} by {user}").format(time=when(x.at), user=self.user(x.by)),
            )
            for x in self.record.recorded_steps
            if x.person_key == person_key
        ]

    def assessments(self) -> str:
        return section(
            _("Needs assessment"),
            *(
                fields(
                    [
                        (_("Person"), self.person(a.person_key)),
                        (_("Assessed"), _("{time} by {user}").format(
                            time=when(a.assessed_at), user=self.user(a.assessed_by)
                        )),
                        (_("Factors"), self.labels("assessment_factors", a.factors)),
                        (_("Protection needs"), yes_no(a.protection_needs)),
                        (_("Needs"), self.labels("needs", a.needs)),
                        (_("Measures"), self.labels("measures", a.measures)),
                        (_("Suggested risk"), labels.label(a.risk_suggested)),
                        (_("Risk level"), labels.label(a.risk_level)),
                        (_("Why the risk differs"), a.risk_override_reason),
                        (_("Declines measures"), _("Yes") if a.declines_measures else None),
                        (_("The victim's wishes"), a.victim_wishes),
                    ]
                )
                for a in self.record.assessments
            ),
        )  # fmt: skip

    def consents(self) -> str:
        return section(
            _("Consents"),
            table(
                [
                    _("Person"),
                    _("Recipient"),
                    _("Purpose"),
                    _("Decision"),
                    _("Method"),
                    _("Date"),
                    _("Withdrawn"),
                ],
                [
                    (
                        self.person(c.person_key),
                        labels.stored(c.recipient),
                        labels.label(c.purpose),
                        _("Granted") if c.granted else _("Refused"),
                        labels.label(c.method),
                        when(c.recorded_at),
                        when(c.withdrawn_at),
                    )
                    for c in self.record.consents
                ],
            ),
        )

    def referrals(self) -> str:
        header = [
            _("Service"), _("Kind"), _("Person"), _("Status"), _("Urgency"), _("Sent"),
            _("Answer due"), _("Steps"),
        ]  # fmt: skip
        return section(
            _("Referrals"),
            table(
                header,
                [
                    (
                        f.service_name,
                        labels.label(f.service_kind),
                        self.person(f.person_key),
                        labels.label(f.status),
                        labels.label(f.urgency),
                        when(f.sent_at),
                        when(f.answer_due_on),
                        str(len(f.steps)),  # the history itself is in Referrals…
                    )
                    for f in self.record.referrals
                ],
            ),
        )

    def coordination(self) -> str:
        return section(
            _("Coordination"),
            table(
                [_("With"), _("Recipient"), _("Sent"), _("Basis"), _("Their reference"), _("What")],
                [
                    (
                        labels.label(c.kind),
                        c.recipient,
                        when(c.sent_at),
                        labels.stored(c.basis),
                        c.reference_number,
                        c.content,
                    )
                    for c in self.record.coordination
                ],
            ),
        )

    def attachments(self) -> str:
        return section(
            _("Attachments"),
            table(
                [_("File"), _("Size"), _("SHA-256"), _("Added"), _("Description")],
                [
                    (
                        a.filename,
                        format_size(a.size),
                        f"{a.sha256[:12]}…",
                        _("{time} by {user}").format(
                            time=when(a.added_at), user=self.user(a.added_by)
                        ),
                        a.description,
                    )
                    for a in self.record.attachments
                ],
            ),
        )

    def reviews(self) -> str:
        """The case's history: each decision with who took it, when and why, and what it
        carried: comments on sections, the reviewer it was escalated to, the checks confirmed,
        what changed since the last submission or in a supplement."""
        entries = [self.review(v) for v in self.record.reviews]
        return section(_("History"), *entries)

    def review(self, v: Review) -> str:
        title = _("{decision} — {time} — {user}").format(
            decision=labels.label(v.decision), time=when(v.at), user=self.user(v.reviewer)
        )
        parts = [heading(title, 3)]
        if v.hate_flag_removed:
            warning = _("Every bias motive was removed after submission. The reason:")
            parts.append(f'<p class="warn">⚠ {esc(warning)}</p>')
        if v.comment:
            parts.append(f"<p>{esc(v.comment)}</p>")
        parts.append(
            fields(
                [
                    (_("Escalated to"), self.user(v.escalated_to) if v.escalated_to else None),
                    (_("Checks confirmed"), "; ".join(_(CHECK_TITLES.get(c, c)) for c in v.checks)),
                ]
            )
        )
        parts.append(
            table(
                [_("Section"), _("Comment")],
                [(section_title(s.section, self.pack), s.comment) for s in v.sections],
            )
        )
        if v.changes:
            caption = (
                _("What this supplement changed")
                if v.decision is ReviewDecision.SUPPLEMENT
                else _("What changed since it was last submitted")
            )
            parts.append(f'<p class="note">{esc(caption)}</p>')
            parts.append(
                table(
                    [_("Section"), _("Field"), _("Before"), _("After")],
                    [
                        (
                            section_title(changed_step(c.path), self.pack),
                            c.path,
                            self.changed_value(c.path, c.before),
                            self.changed_value(c.path, c.after),
                        )
                        for c in v.changes
                    ],
                )
            )
        return "".join(parts)

    def changed_value(self, path: str, value: str) -> str:
        """A changed value as the screens show it: pick-list ids by their label, yes or no."""
        if value in ("true", "false"):
            return yes_no(value == "true") or ""
        if value == HIDDEN:
            return _(HIDDEN_TEXT)
        kind = PICK_LISTS.get(path)
        if kind and value:
            return self.labels(kind, value.split(", "))
        return value

    def follow_ups(self) -> str:
        return section(
            _("Follow-ups"),
            table(
                [_("Due"), _("Note"), _("Done")],
                [
                    (
                        when(u.due_on),
                        u.note,
                        _("{time} by {user}").format(
                            time=when(u.done_at), user=self.user(u.done_by)
                        )
                        if u.done_at
                        else None,
                    )
                    for u in self.record.follow_ups
                ],
            ),
        )

    def links(self) -> str:
        """The cases this one is linked with, from either side (a duplicate: which one)."""
        return section(
            _("Linked cases"),
            table(
                [_("Kind"), _("Other case"), _("Shared"), _("Note"), _("Linked")],
                [
                    (
                        labels.label(link.kind),
                        link.other,
                        labels.label(link.basis),
                        link.note,
                        _("{time} by {user}").format(time=when(link.at), user=self.user(link.by)),
                    )
                    for link in self.record.links
                ],
            ),
        )

    def outcomes(self) -> str:
        """What became of the case in the justice system, in the order it happened."""
        return section(
            _("Outcomes"),
            table(
                [_("Outcome"), _("Date"), _("Court reference"), _("Note"), _("Recorded")],
                [
                    (
                        labels.label(o.kind),
                        when(o.happened_on),
                        o.court_reference,
                        o.note,
                        _("{time} by {user}").format(
                            time=when(o.recorded_at), user=self.user(o.recorded_by)
                        ),
                    )
                    for o in sorted(self.record.outcomes, key=lambda o: o.happened_on)
                ],
            ),
        )


def render_case_html(
    record: CaseRecord, pack: ProtocolPack, user_names: Mapping[str, str] | None = None
) -> str:
    return CaseHtml(record, pack, user_names or {}).render()


def render_recap_html(
    record: CaseRecord, pack: ProtocolPack, user_names: Mapping[str, str] | None = None
) -> str:
    return CaseHtml(record, pack, user_names or {}).recap()
