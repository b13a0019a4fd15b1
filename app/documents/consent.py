"""The consent receipt for the victim (GDPR Art. 7, PROTOCOL.md h): every decision they made in
the case, which data may go to which recipient and for what purpose, and how to withdraw."""

from __future__ import annotations

import gettext

from app.documents import labels
from app.documents.data import ConsentReceiptData
from app.documents.layout import Printout
from app.documents.parts import (
    legal_basis_for_person,
    officer_rows,
    station_rows,
    withdrawal_text,
)
from app.documents.text import Words
from app.domain.case import Consent


def render(data: ConsentReceiptData, translations: gettext.NullTranslations, locale: str) -> bytes:
    tr = Words(translations, locale)
    doc = Printout(
        tr,
        title=tr("Your consent: receipt"),
        station=data.station.name,
        printed_at=data.printed_at,
        reference=data.reference,
        demo=data.demo,
    )
    doc.title(tr("Your consent: receipt"), data.person.name or data.person.alias)
    doc.text(
        tr(
            "This receipt lists what you decided: which of your data the police may send, to whom"
            " and why. Nothing else is sent. Keep it with your papers."
        )
    )
    doc.fields(
        [
            (tr("Case reference"), data.reference),
            *officer_rows(tr, data.officer, tr("Your contact at the police")),
            *station_rows(tr, data.station),
        ]
    )
    doc.heading(tr("Your decisions"))
    for number, consent in enumerate(data.consents, start=1):
        doc.subheading(tr.fill(tr("{n}. {recipient}"), n=number, recipient=_recipient(tr, consent)))
        doc.fields(_rows(tr, consent))
    doc.heading(tr("How to withdraw your consent"))
    doc.text(withdrawal_text(tr))
    doc.text(
        tr(
            "Saying no, or withdrawing, never costs you support: support services help you"
            " whether or not you agree to a referral, and whether or not you report the crime."
        )
    )
    doc.heading(tr("Legal basis"))
    doc.text(legal_basis_for_person(tr))
    doc.signatures([tr("The person who consented"), tr("Officer")])
    return doc.pdf()


def _recipient(tr: Words, consent: Consent) -> str:
    if consent.recipient == labels.ANY_SERVICE:
        return tr(labels.ANY_SERVICE)
    return consent.recipient


def _rows(tr: Words, consent: Consent) -> list[tuple[str, str]]:
    if not consent.granted:
        decision = tr("You said no")
    elif consent.withdrawn_at is not None:
        decision = tr.fill(tr("Withdrawn on {date}"), date=tr.when(consent.withdrawn_at))
    else:
        decision = tr("You agreed")
    rows = [
        (tr("Your decision"), decision),
        (tr("Purpose"), tr.label(labels.CONSENT_PURPOSE, consent.purpose)),
        (tr("Recorded on"), tr.fill(
            tr("{date} ({method})"),
            date=tr.when(consent.recorded_at),
            method=tr.label(labels.CONSENT_METHOD, consent.method),
        )),
    ]  # fmt: skip
    if consent.granted:
        covered = [tr(labels.DATA_SCOPE.get(scope, scope)) for scope in consent.data_scope]
        rows.append((tr("Data that may be sent"), "\n".join(covered)))
        rows.append(
            (
                tr("Special categories"),
                tr("Yes: you agreed separately") if consent.special_categories else tr("No"),
            )
        )
    if consent.text_version or consent.language:
        rows.append((tr("Consent text"), tr.fill(
            tr("Version {version}, in {language}"),
            version=consent.text_version or "—",
            language=tr.language(consent.language) or "—",
        )))  # fmt: skip
    return rows
