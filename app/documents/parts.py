"""Pieces more than one printout prints: contacts of the police and of services, and the words on
withdrawing consent."""

from __future__ import annotations

from app.documents import labels
from app.documents.data import OfficerContact, StationContact
from app.documents.text import Words
from app.domain.directory import ServiceEntry, address_for_victim


def station_rows(tr: Words, station: StationContact) -> list[tuple[str, str]]:
    rows = [
        (tr("Police station"), station.name),
        (tr("Address"), station.address),
        (tr("Phone"), station.phone),
        (tr("E-mail"), station.email),
    ]
    if station.opening_hours:
        rows.append((tr("Opening hours"), station.opening_hours))
    return rows


def officer_name(tr: Words, officer: OfficerContact) -> str:
    if officer.badge_number:
        return tr.fill(tr("{name}, badge {badge}"), name=officer.name, badge=officer.badge_number)
    return officer.name


def officer_rows(tr: Words, officer: OfficerContact, label: str) -> list[tuple[str, str]]:
    """The officer's name and whichever of their own phone and e-mail are on record."""
    rows = [(label, officer_name(tr, officer))]
    if officer.phone:
        rows.append((tr("Officer's phone"), officer.phone))
    if officer.email:
        rows.append((tr("Officer's e-mail"), officer.email))
    return rows


def service_rows(tr: Words, entry: ServiceEntry) -> list[tuple[str, str]]:
    """A support service as printed for anyone: a confidential address (a shelter's) never."""
    rows = [
        (tr("Support service"), entry.name),
        (tr("Type of service"), tr.label(labels.SERVICE_KIND, entry.kind)),
        (tr("Phone"), entry.phone),
        (tr("E-mail"), entry.email),
    ]
    address = address_for_victim(entry)
    if address:
        rows.append((tr("Address"), address))
    elif entry.address_confidential:
        rows.append((tr("Address"), tr("Not printed (confidential). Ask the service by phone.")))
    if entry.opening_hours:
        rows.append((tr("Opening hours"), entry.opening_hours))
    if entry.languages:
        rows.append((tr("Languages spoken"), tr.join(tr.language(c) for c in entry.languages)))
    return rows


def legal_basis_for_service(tr: Words) -> str:
    """Which regime covers whom: the police under the LED, the service under the GDPR."""
    return tr(
        "The police process this case under the national law transposing Directive (EU) 2016/680"
        " (the Law Enforcement Directive). The service processes what it receives under the GDPR"
        " (Regulation (EU) 2016/679), on the person's consent: Art. 6(1)(a), and Art. 9(2)(a)"
        " for special categories."
    )


def legal_basis_for_person(tr: Words) -> str:
    return tr(
        "The police keep your case under the national law transposing Directive (EU) 2016/680"
        " (the Law Enforcement Directive): that does not depend on your consent. A service that"
        " receives your data with your consent uses them under the GDPR (Regulation (EU)"
        " 2016/679, Art. 6(1)(a), and Art. 9(2)(a) for special categories)."
    )


def withdrawal_text(tr: Words) -> str:
    return tr(
        "You can withdraw your consent at any time, as easily as you gave it: tell the officer or"
        " the police station (contacts on this sheet) and give the case reference. From then on"
        " the police send nothing more about you. Withdrawing does not change what was lawfully"
        " sent before, and it does not affect the investigation or your right to support."
    )
