"""Step 3: make communication possible (Dir. 2012/29/EU Art. 3 and 7), for every victim.

Each victim gets a tab: the language they understand, an interpreter, what to adapt for their age
or disability, and the person of their choice who may come with them.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QLabel,
    QLineEdit,
    QWidget,
)

from app.domain.case import CaseRecord, Person, PersonRole
from app.domain.languages import language_code as iso_language_code
from app.domain.languages import preferred
from app.domain.validation import Issue
from app.i18n import _, babel_locale
from app.ui import labels
from app.ui.widgets.form_error import FormErrorLabel
from app.ui.widgets.languages import LanguageList
from app.ui.wizard.base import (
    PerVictim,
    StepPage,
    WizardContext,
    no_caption,
    quiet,
)
from app.ui.wording import person_name

# The languages a proximity officer in the EU meets most: offered first; any other code or name
# may be typed.
COMMON_LANGUAGES: tuple[str, ...] = (
    "pt", "en", "es", "fr", "ar", "ro", "uk", "ru", "bn", "hi", "ne", "zh", "tr",
    "fi", "bg", "lv", "et", "it", "sv", "de", "pl", "ur", "fa", "so", "ti",
)  # fmt: skip

_CODE_IN_BRACKETS = re.compile(r"\(([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)?)\)\s*$")
_BARE_CODE = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)?")


def language_code(text: str) -> str:
    """The ISO 639 code for what was typed: "ar", "Arabic (ar)", "arabic" -> "ar".

    Text that names no known language is kept as typed (an officer's note beats nothing)."""
    text = text.strip()
    if not text:
        return ""
    bracketed = _CODE_IN_BRACKETS.search(text)
    if bracketed:
        return bracketed[1].replace("_", "-").lower()
    if coded := iso_language_code(text):
        return coded
    from babel import Locale  # noqa: PLC0415 - slow import, not at start-up

    lowered = text.casefold()
    for locale in (babel_locale(), "en"):
        try:
            names = Locale.parse(locale).languages
        except (ValueError, LookupError):
            continue
        for code, name in names.items():
            if name.casefold() == lowered and "_" not in code:
                return str(code)
    if _BARE_CODE.fullmatch(text):
        return text.replace("_", "-").lower()
    return text


class LanguageCombo(QComboBox):
    """A language: picked from the common ones (shown by name) or typed as a code or a name."""

    def __init__(self) -> None:
        super().__init__()
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for code in COMMON_LANGUAGES:
            self.addItem(labels.language_name(code), code)
        completer = QCompleter(self.model(), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        line = self.lineEdit()
        assert line is not None  # editable
        line.setPlaceholderText(_("Choose, or type a language or its code"))
        line.editingFinished.connect(self._tidy)
        self.setMinimumContentsLength(24)
        self.set_code("")

    def code(self) -> str:
        text = self.currentText().strip()
        index = self.findText(text, Qt.MatchFlag.MatchFixedString)
        if text and index >= 0:
            return str(self.itemData(index))
        return language_code(text)

    def set_code(self, code: str) -> None:
        if not code:
            self.setCurrentIndex(-1)
            self.setEditText("")
            return
        index = self.findData(code)
        if index < 0 and _BARE_CODE.fullmatch(code):
            self.addItem(labels.language_name(code), code)
            index = self.count() - 1
        if index >= 0:
            self.setCurrentIndex(index)
        else:
            self.setCurrentIndex(-1)
            self.setEditText(code)

    def _tidy(self) -> None:
        """A typed code or name becomes the language's entry, so the officer sees what counts."""
        code = self.code()
        if not (code and _BARE_CODE.fullmatch(code)):
            return
        index = self.findData(code)
        if index < 0 or self.currentIndex() != index or self.currentText() != self.itemText(index):
            self.set_code(code)


class VictimCommunication(QWidget):
    """The communication form of one victim: one tab of the page."""

    def __init__(self, victim: Person) -> None:
        super().__init__()
        self.key = victim.key
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.languages = LanguageList()
        caption = QLabel(_("&Languages the victim speaks:"))
        caption.setBuddy(self.languages.picker)
        self.languages.table.setAccessibleName(caption.text().replace("&", ""))
        form.addRow(caption, self.languages)
        self.error = FormErrorLabel()
        self.error.setObjectName("language_error")
        form.addRow(no_caption(), self.error)
        self.interpreter = QCheckBox(_("&Interpreter needed (free of charge during questioning)"))
        form.addRow("", self.interpreter)
        self.interpreter_language = LanguageCombo()
        self._row(form, _("Interpreter l&anguage:"), self.interpreter_language)
        self.accessibility = QLineEdit()
        self.accessibility.setPlaceholderText(
            _("e.g. a child: simple words; deaf: sign language; reads little: explain orally")
        )
        self._row(form, _("Acc&essibility needs (age, disability):"), self.accessibility)
        self.companion = QLineEdit()
        self.companion.setPlaceholderText(_("Name, and how they relate to the victim"))
        self._row(form, _("C&ompanion (a person of their choice):"), self.companion)
        self.interpreter.toggled.connect(self._interpreter_toggled)
        self.fill(victim)

    @staticmethod
    def _row(form: QFormLayout, label: str, widget: QWidget) -> None:
        caption = QLabel(label)
        caption.setBuddy(widget)
        form.addRow(caption, widget)

    def widgets(self) -> tuple[QWidget, ...]:
        return (
            self.languages, self.interpreter, self.interpreter_language, self.accessibility,
            self.companion,
        )  # fmt: skip

    def fill(self, victim: Person) -> None:
        self.languages.set_languages(victim.languages)
        self.interpreter.setChecked(victim.interpreter_needed)
        self.interpreter_language.set_code(victim.interpreter_language)
        self.interpreter_language.setEnabled(victim.interpreter_needed)
        self.accessibility.setText(victim.accessibility_needs)
        self.companion.setText(victim.companion)

    def apply(self, victim: Person) -> Person:
        needed = self.interpreter.isChecked()
        return replace(
            victim,
            languages=self.languages.languages(),
            interpreter_needed=needed,
            interpreter_language=self.interpreter_language.code() if needed else "",
            accessibility_needs=self.accessibility.text().strip(),
            companion=self.companion.text().strip(),
        )

    def _interpreter_toggled(self, needed: bool) -> None:
        self.interpreter_language.setEnabled(needed)
        if needed and not self.interpreter_language.code():
            self.interpreter_language.set_code(preferred(self.languages.languages()))


class CommunicationPage(StepPage):
    step_id = "communication"

    def __init__(self, context: WizardContext) -> None:
        super().__init__(context)
        self._victims: tuple[Person, ...] = ()
        self.note = QLabel()
        self.note.setObjectName("noVictimNote")
        self.note.setWordWrap(True)
        self.form.addRow(self.note)
        self.tabs: PerVictim[VictimCommunication] = PerVictim(VictimCommunication)
        self.tabs.on_new_form = lambda form: self.watch(*form.widgets())
        self.form.addRow(self.tabs)

    # ------------------------------------------------------------------ the contract

    def load(self, record: CaseRecord) -> None:
        with quiet(self):
            for victim in record.victims():
                form = self.tabs.forms().get(victim.key)
                if form is not None:
                    form.fill(victim)
            self._sync(record)

    def refresh(self, record: CaseRecord) -> None:
        self._sync(record)

    def store(self, record: CaseRecord) -> CaseRecord:
        forms = self.tabs.forms()
        persons = tuple(
            forms[p.key].apply(p) if p.key in forms and p.role is PersonRole.VICTIM else p
            for p in record.persons
        )
        return replace(record, persons=persons)

    def _sync(self, record: CaseRecord) -> None:
        self._victims = record.victims()
        self.tabs.sync(self._victims)
        self.tabs.setVisible(bool(self._victims))
        if self._victims:
            self.note.setText(_("One tab per victim; Ctrl+Tab moves to the next victim."))
        elif record.no_individual_victim:
            self.note.setText(
                _("This case has no individual victim: nothing needs to be recorded here.")
            )
        else:
            incident = next((s for s in self.context.pack.steps if s.id == "incident"), None)
            self.note.setText(
                _(
                    "No victim is named yet. Name the victims on the page “{page}” (Add victim);"
                    " then record here the language and needs of each of them."
                ).format(page=_(incident.title) if incident else _("What happened"))
            )

    # ------------------------------------------------------------------ issues

    def show_issues(self, issues: Sequence[Issue]) -> None:
        """A missing language shows in that victim's tab; the page names any other victim."""
        mine = [i for i in issues if i.field == "victim_language"]
        super().show_issues([i for i in issues if i.field != "victim_language"])
        forms = self.tabs.forms()
        in_tab: dict[str, str] = {}
        unplaced: list[str] = []
        for issue in mine:
            key = str(issue.params.get("person", ""))
            if key in forms:
                in_tab[key] = _("Record the language this victim understands best.")
            else:
                victim = next((v for v in self._victims if v.key == key), None)
                name = person_name(victim) if victim else _("Victim {key}").format(key=key)
                unplaced.append(_("Record the language of {name}.").format(name=name))
        for key, form in forms.items():
            form.error.show_message(in_tab.get(key, ""))
        if unplaced:
            lines = [text for text in [self.page_errors.text()] if text]
            self.page_errors.show_message("\n".join([*lines, *unplaced]))
