"""A case's timeline in words of the screen language: the dialog and the command line both say it
this way. No Qt here."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from enum import StrEnum

from app.documents import CONSENT, LEAFLET, PROSECUTOR, REFERRAL
from app.domain.timeline import EntryKind, Group, TimelineEntry
from app.i18n import N_, _, format_date, format_datetime, format_size, format_time, ngettext
from app.ui.labels import TABLES, label, language_name, stored

# The filter's choices, in this order: None shows everything.
FILTERS: dict[Group | None, str] = {
    None: N_("All"),
    Group.DECISIONS: N_("Decisions"),
    Group.REFERRALS: N_("Referrals"),
    Group.CONSENTS: N_("Consents"),
    Group.COORDINATION: N_("Coordination"),
    Group.ACCESS: N_("Views, prints and exports"),
}
DOCUMENT_NAMES = {
    LEAFLET: N_("Victim-rights leaflet"),
    REFERRAL: N_("Referral sheet (copies for the service, the victim and the file)"),
    PROSECUTOR: N_("Report to the prosecutor, with the bias-indicator annex"),
    CONSENT: N_("Consent receipt for the victim"),
}
SIMPLE = {
    EntryKind.CREATED: N_("Case created"),
    EntryKind.IMPORTED: N_("Case imported"),
    EntryKind.ATTACHMENT_REMOVED: N_("Attachment removed"),
    EntryKind.ANONYMISED: N_("Anonymised: its retention period had passed"),
}


def _enum(value: object) -> str:
    # Values whose labels are not in the table yet show their stable id.
    return label(value) if isinstance(value, StrEnum) and type(value) in TABLES else str(value)


class TimelineWords:
    """Says each entry of one case's timeline: who by full name, persons by name as the case
    view shows them to the same user, the rest in the screen language."""

    def __init__(self, user_names: Mapping[str, str], person_names: Mapping[str, str]) -> None:
        self.user_names = user_names
        self.person_names = person_names

    def when(self, entry: TimelineEntry) -> str:
        return format_datetime(entry.at)

    def who(self, entry: TimelineEntry) -> str:
        return self.user_names.get(entry.who, entry.who)

    def person(self, key: object) -> str:
        return self.person_names.get(str(key)) or str(key)

    def what(self, entry: TimelineEntry) -> str:
        p = entry.params
        kind = entry.kind
        if kind in SIMPLE:
            return _(SIMPLE[kind])
        if kind is EntryKind.SAVES:
            return self._saves(entry)
        if kind is EntryKind.DECISION:
            return self._decision(entry)
        if kind is EntryKind.RIGHTS_GIVEN:
            return _("Rights information given to {person} (leaflet in {language})").format(
                person=self.person(p["person"]), language=language_name(str(p["language"]))
            )
        if kind is EntryKind.STEP_RECORDED:
            return _("Step “{step}” recorded for {person}").format(
                step=p["step"], person=self.person(p["person"])
            )
        if kind is EntryKind.ASSESSMENT:
            text = _("Needs assessed for {person}").format(person=self.person(p["person"]))
            risk = p.get("risk")
            return f"{text} · {_enum(risk)}" if risk else text
        if entry.group is Group.CONSENTS:
            return self._consent(entry)
        if kind is EntryKind.REFERRAL_PROPOSED:
            return _("Referral to {service} proposed").format(service=p["service"])
        if kind is EntryKind.REFERRAL_STEP:
            text = _("Referral to {service}: {status}").format(
                service=p["service"], status=_enum(p["status"])
            )
            return f"{text} ({_enum(p['channel'])})" if "channel" in p else text
        if kind is EntryKind.COORDINATION:
            return self._coordination(entry)
        if kind is EntryKind.RECONTACT_DONE:
            return _("Victim re-contacted (due on {day})").format(day=self._day(p["due_on"]))
        if kind is EntryKind.RECONTACT_SCHEDULED:
            return _("Re-contact scheduled for {day}").format(day=self._day(p["due_on"]))
        if kind is EntryKind.LINKED:
            parts = [_enum(p["kind"]), str(p["other"])]
            if "basis" in p:
                parts.append(_enum(p["basis"]))
            return _("Linked: {link}").format(link=" · ".join(parts))
        if kind is EntryKind.OUTCOME:
            text = _("Outcome: {kind} on {day}").format(
                kind=_enum(p["kind"]), day=self._day(p["on"])
            )
            return f"{text} · {p['court_reference']}" if "court_reference" in p else text
        if kind is EntryKind.ATTACHMENT_ADDED:
            if "filename" not in p:
                return _("Attachment added")
            size = format_size(int(str(p["size"])))
            return _("Attachment added: {name} ({size})").format(name=p["filename"], size=size)
        if kind is EntryKind.VIEWED:
            if p.get("attachment"):
                return _("Attachment viewed")
            return _("Timeline viewed") if p.get("part") == "timeline" else _("Case opened")
        if kind is EntryKind.PRINTED:
            return self._printed(entry)
        if kind is EntryKind.EXPORTED:
            return _("Export failed") if p.get("failed") else _("Case exported")
        return str(p.get("action", kind))

    def line(self, entry: TimelineEntry) -> str:
        """The entry on one line (the command line): when, who, what, and its note or reason."""
        text = f"{self.when(entry)}  {self.who(entry) or '-'}  {self.what(entry)}"
        note = " ".join(entry.note.split())
        return f"{text} — {note}" if note else text

    # ------------------------------------------------------------------ helpers

    @staticmethod
    def _day(value: object) -> str:
        return format_date(value) if isinstance(value, date) else str(value)

    def _saves(self, entry: TimelineEntry) -> str:
        count = int(str(entry.params["count"]))
        if count == 1 or entry.until is None:
            return _("Saved")
        until: datetime = entry.until
        last = format_time(until, "short") if until.date() == entry.at.date() else (
            format_datetime(until)
        )  # fmt: skip
        return ngettext(
            "Saved {n} time, the last at {time}", "Saved {n} times, the last at {time}", count
        ).format(n=count, time=last)

    def _decision(self, entry: TimelineEntry) -> str:
        p = entry.params
        parts = [_enum(p["decision"])]
        if "escalated_to" in p:
            reviewer = str(p["escalated_to"])
            parts.append(_("to {name}").format(name=self.user_names.get(reviewer, reviewer)))
        if "checks" in p and isinstance(p["checks"], tuple):
            n = len(p["checks"])
            parts.append(ngettext("{n} check confirmed", "{n} checks confirmed", n).format(n=n))
        if "sections" in p and isinstance(p["sections"], tuple):
            n = len(p["sections"])
            parts.append(ngettext("{n} section commented", "{n} sections commented", n).format(n=n))
        if "changes" in p:
            n = int(str(p["changes"]))
            parts.append(ngettext("{n} field changed", "{n} fields changed", n).format(n=n))
        if p.get("hate_flag_removed"):
            parts.append(_("every bias motive removed"))
        return " · ".join(parts)

    def _consent(self, entry: TimelineEntry) -> str:
        p = entry.params
        texts = {
            EntryKind.CONSENT_GIVEN: _("Consent of {person} given: {purpose}, {recipient}"),
            EntryKind.CONSENT_REFUSED: _("Consent of {person} refused: {purpose}, {recipient}"),
            EntryKind.CONSENT_WITHDRAWN: _("Consent of {person} withdrawn: {purpose}, {recipient}"),
        }
        return texts[entry.kind].format(
            person=self.person(p["person"]), purpose=_enum(p["purpose"]),
            recipient=stored(str(p["recipient"])),
        )  # fmt: skip

    def _coordination(self, entry: TimelineEntry) -> str:
        p = entry.params
        parts = [_enum(p["kind"])]
        if p["recipient"]:
            parts.append(stored(str(p["recipient"])))
        if p.get("reference_number"):
            parts.append(str(p["reference_number"]))
        sent = p.get("data_sent")
        if isinstance(sent, tuple) and sent:
            parts.append(_("sent: {data}").format(data=", ".join(_enum(s) for s in sent)))
        if p.get("automatic"):
            parts.append(_("added by a printout or an export"))
        return " · ".join(parts)

    def _printed(self, entry: TimelineEntry) -> str:
        p = entry.params
        document = str(p.get("document", ""))
        name = _(DOCUMENT_NAMES[document]) if document in DOCUMENT_NAMES else document
        language = language_name(str(p.get("language", "")))
        if p.get("failed"):
            return _("Printing failed: {document}").format(document=name)
        places = {"screen": _("on screen"), "printer": _("to a printer"), "file": _("to a file")}
        text = _("Printed: {document} ({language})").format(document=name, language=language)
        place = places.get(str(p.get("to")))
        return f"{text} · {place}" if place else text
