"""The victim-rights leaflet (PROTOCOL.md d): every right of Directive 2012/29/EU Art. 4 and the
other rights to tell at first contact, in plain words, in the victim's language.

Standalone for the station's stock of printed leaflets (blank lines for the case reference and the
officer), or personalised for a case: its reference, the officer's contacts, the support services
chosen with the victim, and a data-protection notice (LED Art. 13). A confidential address is
never printed.
"""

from __future__ import annotations

import gettext

from app.documents.data import LeafletData
from app.documents.layout import Printout
from app.documents.parts import officer_rows, service_rows, station_rows
from app.documents.text import D_, Words

# The version the rights step records with the leaflet's language (RightsInformation).
VERSION = "eu-2026.1"
BLANK = "_" * 34

# (title, text): Art. 4(1)(a)-(k), then Art. 7, 5, 3(3), 8, 6 and 11, 18 and 21.
RIGHTS: tuple[tuple[str, str], ...] = (
    (
        D_("Support"),
        D_(
            "You can get help from support services: someone to talk to, psychological help,"
            " medical care, and a safe place to stay if you need one. We can put you in touch"
            " with them."
        ),
    ),
    (
        D_("Reporting a crime"),
        D_(
            "You can report what happened to the police. We explain how, and what your part in"
            " the proceedings will be."
        ),
    ),
    (
        D_("Protection"),
        D_(
            "If you are afraid of the offender or of what may happen next, tell us. You can get"
            " protection, for example measures that keep the offender away from you."
        ),
    ),
    (
        D_("Legal advice"),
        D_(
            "You can get legal advice, and legal aid if you cannot pay for a lawyer. Ask us or a"
            " support service how."
        ),
    ),
    (
        D_("Compensation"),
        D_("You can claim compensation from the offender and, in some cases, from the State."),
    ),
    (
        D_("Interpretation and translation"),
        D_(
            "If you do not speak or understand the language of the proceedings, you can have an"
            " interpreter and a translation of the important documents."
        ),
    ),
    (
        D_("If you live in another EU country"),
        D_(
            "If you live in another country of the European Union, special arrangements protect"
            " your interests. Ask us about them."
        ),
    ),
    (
        D_("Complaints"),
        D_("If you think your rights were not respected, you can complain. We tell you how."),
    ),
    (
        D_("Contact about your case"),
        D_("You have the right to know whom to contact about your case: see below."),
    ),
    (
        D_("Restorative justice"),
        D_(
            "Restorative justice services, such as mediation with the offender, may be available."
            " Taking part is always your free choice, and you can stop at any time."
        ),
    ),
    (
        D_("Your expenses"),
        D_(
            "If you take part in the proceedings, for example as a witness, you can ask to get"
            " back what it costs you."
        ),
    ),
    (
        D_("A free interpreter with the police"),
        D_("When the police question you, you can have an interpreter, free of charge."),
    ),
    (
        D_("A written acknowledgement"),
        D_(
            "If you make a formal complaint, you get a written acknowledgement of it. If you ask,"
            " it is translated free of charge into a language you understand."
        ),
    ),
    (
        D_("A person you trust"),
        D_(
            "You may bring a person of your choice with you when you first contact us, unless"
            " that is against your interests or the case."
        ),
    ),
    (
        D_("Free and confidential support"),
        D_(
            "Support services are free and confidential, also for your family. You can get"
            " support even if you do not report the crime."
        ),
    ),
    (
        D_("News about your case"),
        D_(
            "If you ask, we tell you about your case: a decision not to prosecute, the date and"
            " place of the trial, its outcome, and if the offender is released or escapes. You can"
            " ask for a review of a decision not to prosecute."
        ),
    ),
    (
        D_("Privacy and safety"),
        D_(
            "Your privacy is protected, and so are you, from intimidation and revenge. Tell us at"
            " once if anyone threatens you."
        ),
    ),
)


def render(data: LeafletData, translations: gettext.NullTranslations, locale: str) -> bytes:
    tr = Words(translations, locale)
    case = data.case
    doc = Printout(
        tr,
        title=tr("Your rights as a victim"),
        station=data.station.name,
        printed_at=data.printed_at,
        reference=case.reference if case else "",
        demo=data.demo,
    )
    doc.title(
        tr("Your rights as a victim"),
        tr("Information for victims of crime, and of hate crime in particular"),
    )
    doc.notice(tr("In an emergency, call 112."))
    doc.text(
        tr(
            "This leaflet tells you your rights. If something is not clear, ask us: we explain it,"
            " with an interpreter if you need one. You can keep this leaflet."
        )
    )
    doc.text(
        tr(
            "Were you targeted because of who you are, or who the offender thinks you are: for"
            " example your origin, skin colour, religion, sexual orientation, gender identity or"
            " a disability? Tell us. What you perceive matters: we record it and investigate the"
            " motive."
        )
    )

    doc.heading(tr("You have the right to"))
    for title, text in RIGHTS:
        doc.subheading(tr(title))
        doc.text(tr(text))

    doc.heading(tr("Your case and your contacts"))
    if case is None:
        doc.fields(
            [
                (tr("Case reference"), BLANK),
                (tr("Your contact at the police"), BLANK),
                (tr("Officer's phone"), BLANK),
                *station_rows(tr, data.station),
            ]
        )
    else:
        rows = [(tr("Case reference"), case.reference)]
        if case.complaint_number:
            rows.append((tr("Complaint number"), case.complaint_number))
        rows += officer_rows(tr, case.officer, tr("Your contact at the police"))
        doc.fields(rows + station_rows(tr, data.station))
        doc.subheading(tr("Support services chosen with you"))
        if case.services:
            for entry in case.services:
                doc.fields(service_rows(tr, entry))
        else:
            doc.text(
                tr(
                    "No service was chosen yet. You can contact a support service at any time,"
                    " even without reporting the crime: ask us for their contacts."
                )
            )

    doc.heading(tr("Your personal data"))
    doc.text(
        tr(
            "The police station named in this leaflet records your personal data to investigate"
            " the incident and to protect and support you, under the law on data protection in"
            " police work (Directive (EU) 2016/680). Where the law requires it, the police pass"
            " your data to the prosecutor and the courts. A support service receives your details"
            " only with your consent, and you can withdraw that consent at any time."
        )
    )
    doc.text(
        tr(
            "You have the right to ask which data the police hold about you, and to have wrong"
            " data corrected or deleted, within the limits the law sets. You can complain to the"
            " data protection supervisory authority. Ask at the station for the contact of the"
            " data protection officer."
        )
    )
    doc.small(tr.fill(tr("Leaflet version {version}"), version=VERSION))
    return doc.pdf()
