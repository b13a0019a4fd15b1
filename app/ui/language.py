"""The screen language on the Qt side: our catalogs, Qt's own catalog (its buttons and calendar),
and the default QLocale that date and number editors take their formats from."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from app import i18n
from app.i18n.pseudo import is_pseudo, pseudo

# The screen languages, each named in itself: a person who cannot read the current language
# still finds their own in the menu.
SCREEN_LANGUAGES = {
    "en": "English",
    "es": "Español",
    "pt": "Português",
    "fi": "Suomi",
    "lv": "Latviešu",
    "et": "Eesti",
    "bg": "Български",
    "it": "Italiano",
}
# Qt ships no European Portuguese catalog for its own buttons: the Brazilian one is close.
QT_CATALOG_FALLBACK = {"pt": "pt_BR"}

_qt_translator: QTranslator | None = None


def apply_screen_language(code: str) -> None:
    """Makes `code` the screen language of everything built from now on. Windows already shown
    take it over through their `retranslate` (see MainWindow.switch_language)."""
    i18n.set_language(code)
    QLocale.setDefault(QLocale(i18n.babel_locale()))
    _install_qt_catalog(code)


def _install_qt_catalog(code: str) -> None:
    global _qt_translator  # noqa: PLW0603 - one Qt catalog per process, like the screen language
    app = QCoreApplication.instance()
    if app is None:
        return
    if _qt_translator is not None:
        app.removeTranslator(_qt_translator)
        _qt_translator = None
    if code == "en":
        return
    if is_pseudo(code):
        _qt_translator = PseudoTranslator(app)
        app.installTranslator(_qt_translator)
        return
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    translator = QTranslator(app)
    for name in (code, QT_CATALOG_FALLBACK.get(code, "")):
        if name and translator.load(f"qtbase_{name}", folder):
            app.installTranslator(translator)
            _qt_translator = translator
            return


class PseudoTranslator(QTranslator):
    """Qt's own texts (OK, Cancel, the calendar, context menus) in the pseudo-language, so that
    a layout test sees them lengthened and marked like ours."""

    def translate(
        self, context: str, source_text: str, disambiguation: str | None = None, n: int = -1
    ) -> str:
        return pseudo(source_text) if source_text else ""

    def isEmpty(self) -> bool:
        return False


def qt_catalog_loaded() -> bool:
    return _qt_translator is not None


def date_format(locale: QLocale | None = None) -> str:
    """The locale's short date format with a four-digit year: "3.4.26" is ambiguous."""
    return _four_digit_year((locale or QLocale()).dateFormat(QLocale.FormatType.ShortFormat))


def date_time_format(locale: QLocale | None = None) -> str:
    """The locale's short date-and-time format with a four-digit year."""
    return _four_digit_year((locale or QLocale()).dateTimeFormat(QLocale.FormatType.ShortFormat))


def _four_digit_year(fmt: str) -> str:
    return fmt if "yyyy" in fmt else fmt.replace("yy", "yyyy")
