"""Printouts: the referral sheet, the victim-rights leaflet, the prosecutor report and the consent
receipt, drawn with reportlab from plain data (app/documents/data.py), never from the database.

Each printout module has `render(data, translations, locale) -> bytes`: `translations` is a gettext
object of the `documents` domain and `locale` a Babel locale code, both for the document's language,
which is independent of the officer's screen language. Texts are marked with `tr(...)` and `D_(...)`
(app/documents/text.py), never with the screens' `_`, so they are extracted into
translations/documents.pot and not into app.pot (babel-documents.cfg).

Importing this package is cheap: reportlab is imported by the printout modules only.
"""

from __future__ import annotations

import gettext

# The languages every printout is offered in (issue 5): the screen languages and the languages
# victims in the partner cities speak most. A language without a compiled catalog prints English.
DOCUMENT_LANGUAGES: tuple[str, ...] = (
    "en", "es", "pt", "fi", "sv", "lv", "et", "bg", "it", "fr", "ro", "ar", "ru", "uk",
)  # fmt: skip
DOMAIN = "documents"
# The printouts, as the services, the screens and the audit trail name them.
LEAFLET, REFERRAL, PROSECUTOR, CONSENT = "leaflet", "referral", "prosecutor", "consent"
DOCUMENTS = (LEAFLET, REFERRAL, PROSECUTOR, CONSENT)


def document_translations(code: str) -> gettext.NullTranslations:
    """The `documents` catalog of a language; English (the source texts) without one."""
    from app.i18n import translations_for  # noqa: PLC0415 - keeps this package import light

    return translations_for(DOMAIN, code)
