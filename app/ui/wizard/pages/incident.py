"""Step 4: what happened — when, where, the facts, the offence types, who reported it, and the
people of the case, each typed by role (LED Art. 6: victims, witnesses, suspects, reporters)."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain.case import (
    SPECIAL_CATEGORY_FIELDS,
    CaseRecord,
    GuardianRelation,
    Person,
    PersonRole,
    ReporterType,
)
from app.domain.child import ADULT_BANDS, age_day, age_is_known, is_child
from app.domain.languages import spoken
from app.domain.operations import PersonPart, person_references
from app.i18n import _, ngettext
from app.ui import labels
from app.ui.widgets.buttons import ok_cancel_buttons
from app.ui.widgets.dates import BIRTH_CALENDAR_YEARS_BACK, DateField, DateTimeField
from app.ui.widgets.tables import row_picker
from app.ui.wizard.base import (
    ChoiceList,
    StepPage,
    WizardContext,
    no_caption,
    quiet,
)
from app.ui.wizard.pages.communication import LanguageCombo
from app.ui.wording import person_name

# What the person dialog edits. Everything else of a person (language, safe contact...) belongs
# to other steps and is kept as it is.
IDENTITY_FIELDS: tuple[str, ...] = (
    "role", "name", "alias", "date_of_birth", "age_band", "is_minor", "guardian_of", "relation",
    "gender",
    "phone", "email", "address", "description",
    "ethnicity", "religion", "sexual_orientation", "gender_identity", "health", "disability",
)  # fmt: skip
SPECIAL_FIELDS: tuple[str, ...] = tuple(f for f in IDENTITY_FIELDS if f in SPECIAL_CATEGORY_FIELDS)
# A guardian's language is asked here: no other step has a tab for them.
GUARDIAN_FIELDS: tuple[str, ...] = ("languages",)
_KEY_NUMBER = re.compile(r"P(\d+)")


def key_number(key: str | None) -> int:
    match = _KEY_NUMBER.fullmatch(key or "")
    return int(match[1]) if match else 0


def references_to(record: CaseRecord, key: str) -> list[str]:
    """The parts of the case that name the person `key`, worded for the officer."""
    found = person_references(record, key)
    words = {
        "perceptions": lambda n: ngettext("{n} recorded perception", "{n} recorded perceptions", n),
        "rights": lambda n: ngettext(
            "{n} record of rights information", "{n} records of rights information", n
        ),
        "assessments": lambda n: ngettext("{n} needs assessment", "{n} needs assessments", n),
        "consents": lambda n: ngettext("{n} consent", "{n} consents", n),
        "referrals": lambda n: ngettext("{n} referral", "{n} referrals", n),
        "guardians": lambda n: ngettext("{n} guardian", "{n} guardians", n),
    }
    return [words[part](n).format(n=n) for part, n in found.items()]


class PersonDialog(QDialog):
    """One person of the case. Special-category data sit apart, off unless strictly necessary."""

    def __init__(
        self,
        person: Person,
        parent: QWidget | None = None,
        *,
        on: date | None = None,
        persons: tuple[Person, ...] = (),
    ) -> None:
        super().__init__(parent)
        self.original = person
        self.on = on or date.today()  # the day the age counts on: the incident's
        self.setWindowTitle(
            _("{role} {key}").format(role=labels.label(person.role), key=person.key)
        )
        outer = QVBoxLayout(self)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        outer.addLayout(form)

        def row(target: QFormLayout, label: str, widget: QWidget) -> QLabel:
            caption = QLabel(label)
            caption.setBuddy(widget)
            target.addRow(caption, widget)
            return caption

        self.role = QComboBox()
        for role in PersonRole:
            self.role.addItem(labels.label(role), role.value)
        row(form, _("&Role:"), self.role)
        self.name = QLineEdit()
        row(form, _("&Name:"), self.name)
        self.alias = QLineEdit()
        row(form, _("Alias or nic&kname:"), self.alias)
        self.date_of_birth = DateField(years_back=BIRTH_CALENDAR_YEARS_BACK)
        self.age_rows = [row(form, _("Date of &birth:"), self.date_of_birth)]
        form.addRow(no_caption(), self.date_of_birth.message)
        self.age_band = QComboBox()
        self.age_band.setEditable(True)
        self.age_band.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.age_band.addItems(["", _(labels.UNDER_18), *ADULT_BANDS])
        self.age_rows.append(row(form, _("Age ban&d (if the date is not known):"), self.age_band))
        # Ticked by the program from the birth date or the band; the officer's only without both.
        self.is_minor = QCheckBox(_("&Minor (under 18)"))
        form.addRow("", self.is_minor)
        # A guardian or legal representative of a child victim (Dir. 2012/29/EU Art. 24).
        self.guardian_of = QComboBox()
        for other in persons:
            if other.role is PersonRole.VICTIM and other.key != person.key:
                self.guardian_of.addItem(person_name(other), other.key)
        self.guardian_rows = [row(form, _("&Guardian of:"), self.guardian_of)]
        self.relation = QComboBox()
        self.relation.addItem(_("Choose…"), "")
        for relation in GuardianRelation:
            self.relation.addItem(labels.label(relation), relation.value)
        self.guardian_rows.append(row(form, _("&Who they are to the child:"), self.relation))
        self.language = LanguageCombo()
        self.guardian_rows.append(row(form, _("Lang&uage:"), self.language))
        self.gender = QLineEdit()
        row(form, _("G&ender:"), self.gender)
        self.phone = QLineEdit()
        row(form, _("&Phone:"), self.phone)
        self.email = QLineEdit()
        row(form, _("E-ma&il:"), self.email)
        self.address = QLineEdit()
        row(form, _("&Address:"), self.address)
        self.description = QPlainTextEdit()
        self.description.setTabChangesFocus(True)
        self.description.setMaximumHeight(72)
        self.description_label = row(form, "", self.description)

        # LED Art. 10: only when strictly necessary. Unticked, the fields are out of sight and
        # nothing of them is kept.
        self.special = QCheckBox(
            _("Spe&cial-category data — only if strictly necessary (LED Art. 10)")
        )
        outer.addWidget(self.special)
        self.special_fields = QGroupBox()
        self.special_fields.setObjectName("specialCategories")
        special_form = QFormLayout(self.special_fields)
        special_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        hint = QLabel(
            _(
                "Record these only if this case strictly needs them, e.g. because the offender"
                " targeted them. Prefer recording the offender's bias motive. Untick this box"
                " and none of them is kept."
            )
        )
        hint.setWordWrap(True)
        special_form.addRow(hint)
        self.ethnicity = QLineEdit()
        row(special_form, _("Et&hnic origin:"), self.ethnicity)
        self.religion = QLineEdit()
        row(special_form, _("Religi&on or belief:"), self.religion)
        self.sexual_orientation = QLineEdit()
        row(special_form, _("Se&xual orientation:"), self.sexual_orientation)
        self.gender_identity = QLineEdit()
        row(special_form, _("Gender identit&y:"), self.gender_identity)
        self.health = QLineEdit()
        row(special_form, _("Hea&lth:"), self.health)
        self.disability = QLineEdit()
        row(special_form, _("Di&sability:"), self.disability)
        outer.addWidget(self.special_fields)

        buttons = ok_cancel_buttons()
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        outer.addStretch(1)
        outer.addWidget(buttons)

        self.role.currentIndexChanged.connect(self._role_changed)
        self.date_of_birth.value_changed.connect(lambda *_args: self._age_changed())
        self.age_band.currentTextChanged.connect(lambda _text: self._age_changed())
        self.special.toggled.connect(self._special_toggled)
        self._fill(person)
        self.resize(640, self.sizeHint().height())

    def _fill(self, person: Person) -> None:
        self.role.setCurrentIndex(max(0, self.role.findData(person.role.value)))
        self._role_changed()
        self.name.setText(person.name)
        self.alias.setText(person.alias)
        self.date_of_birth.set_value(person.date_of_birth)
        self.age_band.setCurrentText(labels.stored(person.age_band))
        self.is_minor.setChecked(person.is_minor)
        self._age_changed()
        index = self.guardian_of.findData(person.guardian_of)
        if index < 0 and person.guardian_of:  # a person no longer a victim: kept, by key
            self.guardian_of.addItem(person.guardian_of, person.guardian_of)
            index = self.guardian_of.count() - 1
        self.guardian_of.setCurrentIndex(max(index, 0))
        self.relation.setCurrentIndex(max(0, self.relation.findData(person.relation or "")))
        self.language.set_code(person.language)
        self.gender.setText(person.gender)
        self.phone.setText(person.phone)
        self.email.setText(person.email)
        self.address.setText(person.address)
        self.description.setPlainText(person.description)
        for name in SPECIAL_FIELDS:
            line: QLineEdit = getattr(self, name)
            line.setText(getattr(person, name))
        recorded = any(getattr(person, name) for name in SPECIAL_FIELDS)
        self.special.setChecked(recorded)
        self._special_toggled(recorded)

    def person(self) -> Person:
        """The person as the dialog now shows it; fields of other steps are kept."""
        special = self.special.isChecked()
        guardian = self.role.currentData() == PersonRole.GUARDIAN.value
        relation = self.relation.currentData()
        values: dict[str, object] = {
            "role": PersonRole(self.role.currentData()),
            "name": self.name.text().strip(),
            "alias": self.alias.text().strip(),
            "date_of_birth": self.date_of_birth.value(),
            "age_band": self.age_band_value(),
            "is_minor": self.is_minor.isChecked(),
            "guardian_of": str(self.guardian_of.currentData() or "") if guardian else "",
            "relation": GuardianRelation(relation) if guardian and relation else None,
            "gender": self.gender.text().strip(),
            "phone": self.phone.text().strip(),
            "email": self.email.text().strip(),
            "address": self.address.text().strip(),
            "description": self.description.toPlainText().strip(),
        }
        for name in SPECIAL_FIELDS:
            line: QLineEdit = getattr(self, name)
            values[name] = line.text().strip() if special else ""
        if guardian:  # the language they are told in: their preferred one, read
            code = self.language.code()
            values["languages"] = spoken(code) if code else ()
        return replace(self.original, **values)  # type: ignore[arg-type]

    def _role_changed(self) -> None:
        suspect = self.role.currentData() == PersonRole.SUSPECT.value
        self.description_label.setText(
            _("Descrip&tion (as described):") if suspect else _("Descrip&tion:")
        )
        # A guardian's own age does not matter here; whom they represent does.
        guardian = self.role.currentData() == PersonRole.GUARDIAN.value
        for caption in self.guardian_rows:
            caption.setVisible(guardian)
            caption.buddy().setVisible(guardian)
        for caption in self.age_rows:
            caption.setVisible(not guardian)
            caption.buddy().setVisible(not guardian)
        self.is_minor.setVisible(not guardian)

    def _age_changed(self) -> None:
        """The "minor" box follows the birth date or the age band (app.domain.child), shown but
        not editable then: the officer sees why the case is treated as a child's."""
        shown = replace(
            self.original,
            date_of_birth=self.date_of_birth.value(),
            age_band=self.age_band_value(),
            is_minor=self.is_minor.isChecked(),
        )
        known = age_is_known(shown)
        if known:
            self.is_minor.setChecked(is_child(shown, self.on))
        self.is_minor.setEnabled(not known)

    def age_band_value(self) -> str:
        """The age band as stored: "under 18" from the list in English, any other as typed."""
        text = self.age_band.currentText().strip()
        return labels.UNDER_18 if text == _(labels.UNDER_18) else text

    def _special_toggled(self, on: bool) -> None:
        self.special_fields.setVisible(on)
        layout = self.layout()
        if layout is not None:
            layout.activate()
        self.resize(max(self.width(), 640), self.sizeHint().height())


class IncidentPage(StepPage):
    step_id = "incident"

    def __init__(self, context: WizardContext) -> None:
        super().__init__(context)
        pack = context.pack
        self._persons: list[Person] = []
        self._highest = 0
        self._extra_offences: tuple[str, ...] = ()
        self._record: CaseRecord | None = None
        self.dialog: PersonDialog | None = None

        self.occurred_at = self.add_row(_("W&hen it happened:"), DateTimeField(), "occurred_at")
        self.place = self.add_row(_("Where (&place or address):"), QLineEdit(), "place")
        self.district = self.add_row(_("&District:"), QLineEdit(), "district")
        self.place_type = QComboBox()
        self.place_type.addItem(_("Choose…"), "")
        for item in pack.place_types:
            self.place_type.addItem(_(item.label), item.id)
        self.add_row(_("&Type of place:"), self.place_type, "place_type")
        self.narrative = QPlainTextEdit()
        self.narrative.setTabChangesFocus(True)
        self.narrative.setPlaceholderText(
            _("Plain facts: what was done and said, by whom, in what order.")
        )
        self.narrative.setMinimumHeight(110)
        self.add_row(_("What h&appened:"), self.narrative, "narrative")
        self.offence_types = self.add_row(
            _("&Offence types:"),
            ChoiceList(pack.offence_types, rows=len(pack.offence_types)),
            "offence_types",
        )
        # Every type in sight: the page scrolls rather than squeezing the list.
        self.offence_types.list.setMinimumHeight(self.offence_types.list.maximumHeight())
        self.reporter_type = QComboBox()
        self.reporter_type.addItem(_("Choose…"), "")
        for kind in ReporterType:
            self.reporter_type.addItem(labels.label(kind), kind.value)
        self.add_row(_("Reported b&y:"), self.reporter_type, "reporter_type")
        self.no_victim = self.add_row(
            "",
            QCheckBox(_("No &individual victim (e.g. graffiti on a place of worship)")),
            "no_individual_victim",
        )

        # The people of the case.
        self.people = QTableWidget(0, 3)
        self.people.setObjectName("people")
        self.people.setHorizontalHeaderLabels([_("Role"), _("Name or alias"), _("Description")])
        row_picker(self.people)
        self.people.setTabKeyNavigation(False)
        header = self.people.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(1, 220)
        header.setStretchLastSection(True)
        self.people.setMinimumHeight(190)
        self.people.doubleClicked.connect(lambda _index: self.edit_selected())
        self.people.itemSelectionChanged.connect(self._selection_changed)
        self.add_victim = QPushButton(_("Add &victim"))
        self.add_witness = QPushButton(_("Add &witness"))
        self.add_suspect = QPushButton(_("Add s&uspect"))
        self.add_reporter = QPushButton(_("Add &reporter"))
        self.add_guardian = QPushButton(_("Add &guardian"))
        self.edit_button = QPushButton(_("&Edit…"))
        self.remove_button = QPushButton(_("Re&move"))
        for button, role in (
            (self.add_victim, PersonRole.VICTIM),
            (self.add_witness, PersonRole.WITNESS),
            (self.add_suspect, PersonRole.SUSPECT),
            (self.add_reporter, PersonRole.REPORTER),
            (self.add_guardian, PersonRole.GUARDIAN),
        ):
            button.clicked.connect(lambda _checked=False, r=role: self.add_person(r))
        self.edit_button.clicked.connect(self.edit_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.people)
        buttons = QHBoxLayout()
        for button in (
            self.add_victim, self.add_witness, self.add_suspect, self.add_reporter,
            self.add_guardian, self.edit_button, self.remove_button,
        ):  # fmt: skip
            buttons.addWidget(button)
        buttons.addStretch(1)
        column.addLayout(buttons)
        caption = QLabel(_("Peop&le:"))
        caption.setBuddy(self.people)
        self.form.addRow(caption, box)
        self.add_error_line("persons")
        self._selection_changed()

        self.watch(
            self.occurred_at, self.place, self.district, self.place_type, self.narrative,
            self.offence_types, self.reporter_type, self.no_victim,
        )  # fmt: skip

    # ------------------------------------------------------------------ the contract

    def load(self, record: CaseRecord) -> None:
        known = set(self.context.pack.ids("offence_types"))
        with quiet(self):
            self._record = record
            self.occurred_at.set_value(record.occurred_at)
            self.place.setText(record.place)
            self.district.setText(record.district)
            index = self.place_type.findData(record.place_type)
            if index < 0:  # a place type this pack no longer has: kept, shown by its id
                self.place_type.addItem(record.place_type, record.place_type)
                index = self.place_type.count() - 1
            self.place_type.setCurrentIndex(index)
            self.narrative.setPlainText(record.narrative)
            self.offence_types.set_selected(record.offence_types)
            self._extra_offences = tuple(o for o in record.offence_types if o not in known)
            self.reporter_type.setCurrentIndex(
                max(0, self.reporter_type.findData(record.reporter_type or ""))
            )
            self.no_victim.setChecked(record.no_individual_victim)
            self._persons = list(record.persons)
            self._highest = max(
                [key_number(p.key) for p in record.persons]
                + [key_number(part.person_key) for part in self._person_parts(record)],
                default=0,
            )
            self._show_persons()

    def refresh(self, record: CaseRecord) -> None:
        self._record = record

    def store(self, record: CaseRecord) -> CaseRecord:
        reporter = self.reporter_type.currentData()
        by_key = {p.key: p for p in record.persons}
        persons = tuple(self._merged(by_key.get(p.key), p) for p in self._persons)
        return replace(
            record,
            occurred_at=self.occurred_at.value(),
            place=self.place.text().strip(),
            district=self.district.text().strip(),
            place_type=str(self.place_type.currentData() or ""),
            narrative=self.narrative.toPlainText().strip(),
            offence_types=self.offence_types.selected() + self._extra_offences,
            reporter_type=ReporterType(reporter) if reporter else None,
            no_individual_victim=self.no_victim.isChecked(),
            persons=persons,
        )

    # ------------------------------------------------------------------ people

    def persons(self) -> tuple[Person, ...]:
        return tuple(self._persons)

    def next_key(self) -> str:
        """A key never used in this case (while it is open): max + 1."""
        highest = max([self._highest, *(key_number(p.key) for p in self._persons)])
        return f"P{highest + 1}"

    def add_person(self, role: PersonRole) -> PersonDialog:
        """Opens the dialog for a new person; accepting it adds them. A new guardian is of the
        selected victim, or else of the first child victim."""
        person = Person(key=self.next_key(), role=role)
        if role is PersonRole.GUARDIAN:
            on = self.age_day()
            victims = [p for p in self._persons if p.role is PersonRole.VICTIM]
            chosen = [p for p in victims if p.key == self.selected_key()]
            children = [p for p in victims if is_child(p, on)]
            child = next(iter(chosen + children + victims), None)
            person = replace(person, guardian_of=child.key if child else "")
        return self._open_dialog(person, new=True)

    def age_day(self) -> date:
        """The day ages count on: the incident's as now typed, else the case's opening."""
        record = self._current_record()
        occurred = self.occurred_at.value()
        if occurred is not None:
            return occurred.date()
        return age_day(record) if record is not None else date.today()

    def edit_person(self, key: str) -> PersonDialog | None:
        person = next((p for p in self._persons if p.key == key), None)
        if person is None:
            return None
        current = self._current_record()
        saved = next((p for p in current.persons if p.key == key), None) if current else None
        return self._open_dialog(self._merged(saved, person), new=False)

    def edit_selected(self) -> None:
        key = self.selected_key()
        if key:
            self.edit_person(key)

    def remove_selected(self) -> None:
        key = self.selected_key()
        if not key:
            return
        person = next(p for p in self._persons if p.key == key)
        refusal = self.refusal_to_remove(key)
        if refusal:
            QMessageBox.information(self, _("Cannot remove this person"), refusal)
            return
        answer = QMessageBox.question(
            self,
            _("Remove this person?"),
            _("Remove {name} ({role}) from the case?").format(
                name=person_name(person), role=labels.label(person.role)
            ),
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.remove_person(key)

    def refusal_to_remove(self, key: str) -> str:
        """Why `key` cannot be removed ("" if it can): other parts of the case name them."""
        record = self._current_record()
        parts = references_to(record, key) if record else []
        if not parts:
            return ""
        person = next(p for p in self._persons if p.key == key)
        return _(
            "{name} cannot be removed: the case still refers to them in {parts}."
            " Remove or change those first, or change this person's role instead."
        ).format(name=person_name(person), parts=", ".join(parts))

    def remove_person(self, key: str) -> bool:
        """Removes a person nothing else refers to; False (and nothing changed) otherwise."""
        if self.refusal_to_remove(key):
            return False
        self._highest = max(self._highest, key_number(key))
        self._persons = [p for p in self._persons if p.key != key]
        self._show_persons()
        self.changed.emit()
        return True

    def selected_key(self) -> str:
        rows = self.people.selectionModel().selectedRows()
        if not rows:
            return ""
        item = self.people.item(rows[0].row(), 0)
        return str(item.data(Qt.ItemDataRole.UserRole)) if item else ""

    def _open_dialog(self, person: Person, *, new: bool) -> PersonDialog:
        dialog = PersonDialog(person, self, on=self.age_day(), persons=tuple(self._persons))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._dialog_accepted(dialog, new=new))
        dialog.finished.connect(lambda _result: self._dialog_closed(dialog))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _dialog_accepted(self, dialog: PersonDialog, *, new: bool) -> None:
        person = dialog.person()
        if new:
            self._persons.append(person)
            self._highest = max(self._highest, key_number(person.key))
        else:
            self._persons = [person if p.key == person.key else p for p in self._persons]
        self._show_persons(select=person.key)
        self.changed.emit()

    def _dialog_closed(self, dialog: PersonDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        self.people.setFocus()

    def _show_persons(self, select: str = "") -> None:
        on = self.age_day()
        self.people.setRowCount(len(self._persons))
        for row, person in enumerate(self._persons):
            role = QTableWidgetItem(labels.label(person.role))
            role.setData(Qt.ItemDataRole.UserRole, person.key)
            name = person.name or person.alias
            if person.name and person.alias:
                name = f"{person.name} ({person.alias})"
            if person.role is not PersonRole.GUARDIAN and is_child(person, on):
                name = _("{name} — minor").format(name=name or person_name(person))
            description = " ".join(person.description.split())
            cells = (
                role,
                QTableWidgetItem(name or person_name(person)),
                QTableWidgetItem(description),
            )
            for column, cell in enumerate(cells):
                cell.setToolTip(person.description if column == 2 else cell.text())
                self.people.setItem(row, column, cell)
            if person.key == select:
                self.people.selectRow(row)
        self._selection_changed()

    def _selection_changed(self) -> None:
        chosen = bool(self.selected_key())
        self.edit_button.setEnabled(chosen)
        self.remove_button.setEnabled(chosen)

    def _current_record(self) -> CaseRecord | None:
        wizard = getattr(self, "wizard_ref", None)
        return wizard.record() if wizard is not None else self._record

    @staticmethod
    def _person_parts(record: CaseRecord) -> list[PersonPart]:
        parts: list[PersonPart] = [*record.perceptions, *record.rights, *record.assessments]
        return [*parts, *record.consents, *record.referrals]

    @staticmethod
    def _merged(base: Person | None, edited: Person) -> Person:
        """`edited`'s identity over `base`, whose other fields other steps may have changed."""
        if base is None:
            return edited
        names = IDENTITY_FIELDS
        if edited.role is PersonRole.GUARDIAN:
            names += GUARDIAN_FIELDS
        return replace(base, **{name: getattr(edited, name) for name in names})
