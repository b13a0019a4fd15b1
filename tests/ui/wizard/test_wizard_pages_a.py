"""Wizard pages of steps 3-7: communication, what happened, evidence, identification and
classification. Each page round-trips the record, edits change it as the officer means, issues
show beside their field, and every page works from the keyboard alone."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import TypeVar

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QLabel,
    QMessageBox,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.domain.case import (
    Attachment,
    CaseRecord,
    CaseStatus,
    Consent,
    ConsentMethod,
    ConsentPurpose,
    IndicatorObservation,
    Perception,
    PerceptionSource,
    Person,
    PersonRole,
    ReporterType,
)
from app.domain.completeness import missing_for_submission
from app.domain.languages import spoken
from app.domain.validation import Issue
from app.services import Services
from app.services.cases import MAX_ATTACHMENT_BYTES
from app.services.context import Actor
from app.ui.widgets.form_error import FormErrorLabel
from app.ui.wizard.base import StepPage, WizardContext
from app.ui.wizard.pages import PAGE_CLASSES
from app.ui.wizard.pages.classification import ClassificationPage
from app.ui.wizard.pages.communication import CommunicationPage, language_code
from app.ui.wizard.pages.evidence import EvidencePage
from app.ui.wizard.pages.first_response import FirstResponsePage
from app.ui.wizard.pages.identification import IdentificationPage, with_mnemonic
from app.ui.wizard.pages.incident import IncidentPage, PersonDialog
from app.ui.wizard.wizard import CaseWizard
from tests.helpers import record
from tests.ui.keyboard_checks import (
    assert_unique,
    fields,
    labelled,
    place,
    tab_chain,
    visible_mnemonics,
)

P = TypeVar("P", bound=StepPage)
Reopen = Callable[[CaseRecord], CaseWizard]
MY_PAGES: list[type[StepPage]] = [
    IncidentPage,
    CommunicationPage,
    EvidencePage,
    IdentificationPage,
    ClassificationPage,
]
AT = datetime(2026, 3, 14, 18, 30, tzinfo=UTC)
WIZARD_MNEMONICS = {"B", "N", "C"}  # < &Back, &Next >, Save and &close: on every page


def full_record() -> CaseRecord:
    """Every field the five pages show, filled (indicators in pack order, as the page keeps)."""
    return record(
        status=CaseStatus.DRAFT,
        occurred_at=AT,
        place="Rua da Palma 112, bus stop",
        district="Arroios",
        place_type="public_transport",
        narrative="Two men shouted at her and pulled at her headscarf.\nThey left on foot.",
        reporter_type=ReporterType.CIVIL_SOCIETY,
        offence_types=("assault", "threats"),
        verbatim_words='"Volta para a tua terra!"',
        evidence_notes="CCTV at the pharmacy on the corner.",
        indicators=(
            IndicatorObservation("comments_gestures", "Shouted twice"),
            IndicatorObservation("lack_of_other_motive", ""),
        ),
        perceptions=(
            Perception(PerceptionSource.VICTIM, "Because of her headscarf.", "P1"),
            Perception(PerceptionSource.OTHER, "A passer-by heard the insults.", None),
        ),
        officer_assessment="Words and the headscarf point to an anti-Muslim motive.",
        motives=("racist_xenophobic", "anti_muslim"),
        classification="hate_crime",
        persons=(
            Person(
                "P1",
                PersonRole.VICTIM,
                name="Amina Rahman",
                alias="Mina",
                date_of_birth=date(1990, 5, 17),
                gender="female",
                phone="+351 912 000 000",
                email="amina@example.org",
                address="Rua A 1",
                languages=spoken("bn"),
                interpreter_needed=True,
                interpreter_language="bn",
                accessibility_needs="Reads little: explain orally",
                companion="Her sister",
                safe_phone="+351 913 000 000",
                religion="Muslim",
            ),
            Person(
                "P2",
                PersonRole.VICTIM,
                name="Nadia Rahman",
                age_band="under 18",
                is_minor=True,
                guardian="Amina Rahman",
                languages=spoken("sw"),
            ),
            Person("P3", PersonRole.WITNESS, name="João Ferreira", description="Shop owner"),
            Person("P5", PersonRole.SUSPECT, description="About 25, shaved head"),
        ),
        attachments=(
            Attachment("scarf.jpg", "image/jpeg", "a" * 64, 10, AT, "officer", "Torn scarf"),
        ),
    )


# ---------------------------------------------------------------------- fixtures and helpers


@pytest.fixture(autouse=True)
def _no_unexpected_message_box(monkeypatch: pytest.MonkeyPatch) -> None:
    """A message box nobody expected fails the test instead of waiting for a click forever."""

    def unexpected(_parent: QWidget, title: str, text: str, *_a: object, **_k: object) -> None:
        raise AssertionError(f"unexpected message box {title!r}: {text}")

    for name in ("question", "information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(unexpected))


@pytest.fixture
def wizard(qtbot: QtBot, demo_services: Services, officer: Actor) -> CaseWizard:
    """The wizard over a new draft, shown."""
    opened = demo_services.cases.create_draft(officer)
    wizard = CaseWizard(demo_services, officer, opened)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    return wizard


@pytest.fixture
def reopen(qtbot: QtBot, wizard: CaseWizard) -> Reopen:
    """A wizard over the same draft saved with the given record (its header kept)."""

    def reopen(changed: CaseRecord) -> CaseWizard:
        wizard.close()  # Save and close, as the officer would
        services, officer = wizard.services, wizard.actor
        base = wizard.record()
        keep = ("reference", "station_code", "status", "created_at", "created_by", "officer")
        merged = replace(changed, attachments=(), **{name: getattr(base, name) for name in keep})
        opened = services.cases.save_draft(officer, wizard.case_id, wizard.version, merged)
        again = CaseWizard(services, officer, opened)
        qtbot.addWidget(again)
        again.show()
        qtbot.waitExposed(again)
        return again

    return reopen


def page_of(wizard: CaseWizard, cls: type[P]) -> P:
    return next(p for p in wizard.pages if isinstance(p, cls))


def go_to(wizard: CaseWizard, cls: type[P]) -> P:
    """Walks the wizard with Next to the page, as the officer does (refresh and save on the way)."""
    for _step in range(len(wizard.pages)):
        if isinstance(wizard.currentPage(), cls):
            break
        wizard.next()
    page = wizard.currentPage()
    assert isinstance(page, cls)
    return page


def standalone(qtbot: QtBot, wizard: CaseWizard, cls: type[P]) -> P:
    """A page outside the wizard (for round trips), on the wizard's context."""
    context = WizardContext(
        wizard.services, wizard.actor, wizard.context.pack, wizard.context.case_id
    )
    page = cls(context)
    qtbot.addWidget(page)
    return page


def error_line(page: StepPage, field: str) -> FormErrorLabel:
    return next(line for name, line in page._error_lines if name == field)


def answer(monkeypatch: pytest.MonkeyPatch, name: str, reply: object = None) -> list[str]:
    """Replaces QMessageBox.<name> with one that records its text and gives `reply`."""
    shown: list[str] = []

    def fake(_parent: QWidget, _title: str, text: str, *_a: object, **_k: object) -> object:
        shown.append(text)
        return reply

    monkeypatch.setattr(QMessageBox, name, staticmethod(fake))
    return shown


# ---------------------------------------------------------------------- registration


def test_the_pages_follow_first_response_in_protocol_order(pack_steps: list[str]) -> None:
    start = PAGE_CLASSES.index(FirstResponsePage)
    assert PAGE_CLASSES[start + 1 : start + 6] == MY_PAGES
    for cls in MY_PAGES:
        assert cls.step_id in pack_steps


@pytest.fixture
def pack_steps(demo_services: Services, officer: Actor) -> list[str]:
    return [step.id for step in demo_services.cases.station_pack(officer).steps]


# ---------------------------------------------------------------------- round trips


@pytest.mark.parametrize("cls", MY_PAGES, ids=lambda c: c.__name__)
def test_load_then_store_gives_the_same_record(
    qtbot: QtBot, wizard: CaseWizard, cls: type[StepPage]
) -> None:
    page = standalone(qtbot, wizard, cls)
    full = full_record()
    page.load(full)
    page.refresh(full)
    assert page.store(full) == full


@pytest.mark.parametrize("cls", MY_PAGES, ids=lambda c: c.__name__)
def test_an_empty_draft_round_trips_too(
    qtbot: QtBot, wizard: CaseWizard, cls: type[StepPage]
) -> None:
    page = standalone(qtbot, wizard, cls)
    empty = record(status=CaseStatus.DRAFT)
    page.load(empty)
    page.refresh(empty)
    assert page.store(empty) == empty


def test_ids_the_pack_no_longer_has_are_kept(qtbot: QtBot, wizard: CaseWizard) -> None:
    old = replace(
        full_record(),
        place_type="old_place",
        offence_types=("assault", "old_offence"),
        indicators=(IndicatorObservation("comments_gestures"), IndicatorObservation("old", "x")),
        motives=("anti_roma", "old_motive"),
        classification="old_class",
    )
    for cls in (IncidentPage, IdentificationPage, ClassificationPage):
        page = standalone(qtbot, wizard, cls)
        page.load(old)
        assert page.store(old) == old


# ---------------------------------------------------------------------- communication


def test_communication_has_one_tab_per_victim_after_they_are_named(wizard: CaseWizard) -> None:
    page = go_to(wizard, CommunicationPage)
    assert page.tabs.count() == 0
    assert not page.tabs.isVisibleTo(page)
    assert "What happened" in page.note.text()
    wizard.back()  # "What happened", just before
    incident = wizard.currentPage()
    assert isinstance(incident, IncidentPage)
    for name in ("Amina", "Nadia"):
        incident.add_person(PersonRole.VICTIM).name.setText(name)
        assert incident.dialog is not None
        incident.dialog.accept()
    incident.add_person(PersonRole.WITNESS).accept()
    wizard.next()
    assert wizard.currentPage() is page
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == ["Amina", "Nadia"]
    assert page.tabs.isVisibleTo(page)


def test_a_case_without_an_individual_victim_needs_nothing_here(reopen: Reopen) -> None:
    wizard = reopen(record(no_individual_victim=True))
    page = go_to(wizard, CommunicationPage)
    assert page.tabs.count() == 0
    assert "no individual victim" in page.note.text()
    wizard.save_now()


def test_communication_edits_go_to_that_victim_only(reopen: Reopen) -> None:
    wizard = reopen(full_record())
    page = go_to(wizard, CommunicationPage)
    nadia = page.tabs.forms()["P2"]
    nadia.languages.table.setCurrentCell(0, 0)
    nadia.languages.remove_current()  # Swahili
    nadia.languages.picker.setEditText("ar")
    nadia.languages.add_typed()
    nadia.interpreter.setChecked(True)
    assert nadia.interpreter_language.isEnabled()
    assert nadia.interpreter_language.code() == "ar"  # the victim's language, to start with
    nadia.accessibility.setText("  A child: simple words ")
    nadia.companion.setText("Her aunt")
    persons = {p.key: p for p in wizard.record().persons}
    assert persons["P2"] == replace(
        full_record().persons[1],
        languages=spoken("ar"),
        interpreter_needed=True,
        interpreter_language="ar",
        accessibility_needs="A child: simple words",
        companion="Her aunt",
    )
    assert persons["P1"] == full_record().persons[0]
    amina = page.tabs.forms()["P1"]
    amina.interpreter.setChecked(False)
    assert not amina.interpreter_language.isEnabled()
    stored = next(p for p in wizard.record().persons if p.key == "P1")
    assert (stored.interpreter_needed, stored.interpreter_language) == (False, "")
    assert wizard.save_now()
    wizard.save_now()


def test_a_language_may_be_typed_as_a_code_or_a_name() -> None:
    assert language_code("Arabic") == "ar"
    assert language_code(" arabic ") == "ar"
    assert language_code("Arabic (ar)") == "ar"
    assert language_code("SW") == "sw"
    assert language_code("") == ""
    assert language_code("the one from the hills") == "the one from the hills"


def test_a_typed_language_name_becomes_its_entry(reopen: Reopen) -> None:
    wizard = reopen(full_record())
    page = go_to(wizard, CommunicationPage)
    languages = page.tabs.forms()["P1"].languages
    languages.picker.setEditText("Tigrinya")  # typed (the completer's popup is not offscreen)
    assert languages.typed_code() == "ti"
    languages.add_typed()
    assert languages.table.item(1, 0).text() == "Tigrinya (ti)"
    assert [x.code for x in languages.languages()] == ["bn", "ti"]
    wizard.save_now()


def test_a_missing_language_shows_in_the_victims_tab(reopen: Reopen) -> None:
    wizard = reopen(full_record())
    page = go_to(wizard, CommunicationPage)
    issues = [
        Issue("required", "victim_language", {"step": "communication", "person": "P2"}),
        Issue("required", "victim_language", {"step": "communication", "person": "P9"}),
    ]
    page.show_issues(issues)
    forms = page.tabs.forms()
    assert forms["P2"].error.text() == "Record the language this victim understands best."
    assert forms["P1"].error.isHidden()
    assert page.page_errors.text() == "Record the language of Victim P9."
    page.show_issues([])
    assert forms["P2"].error.isHidden()
    assert page.page_errors.isHidden()
    wizard.save_now()


def test_submission_gaps_name_the_victim_without_a_language(reopen: Reopen) -> None:
    plain = replace(full_record(), persons=(Person("P1", PersonRole.VICTIM, name="Ana"),))
    wizard = reopen(plain)
    page = go_to(wizard, CommunicationPage)
    wizard.show_submission_issues(missing_for_submission(wizard.record(), wizard.context.pack))
    assert page.tabs.forms()["P1"].error.isVisibleTo(page)
    wizard.save_now()


# ---------------------------------------------------------------------- what happened


def test_incident_fields_are_stored(wizard: CaseWizard) -> None:
    page = go_to(wizard, IncidentPage)
    page.place.setText("  Largo do Intendente ")
    page.district.setText("Arroios")
    page.place_type.setCurrentIndex(page.place_type.findData("place_of_worship"))
    page.narrative.setPlainText("Graffiti on the mosque door.")
    page.offence_types.set_selected(["criminal_damage", "incitement"])
    page.reporter_type.setCurrentIndex(page.reporter_type.findData("third_party"))
    page.no_victim.setChecked(True)
    stored = wizard.record()
    assert (stored.place, stored.district, stored.place_type) == (
        "Largo do Intendente",
        "Arroios",
        "place_of_worship",
    )
    assert stored.narrative == "Graffiti on the mosque door."
    assert stored.offence_types == ("criminal_damage", "incitement")
    assert stored.reporter_type is ReporterType.THIRD_PARTY
    assert stored.no_individual_victim
    assert page.place_type.itemText(0) == "Choose…"
    reporter_types = {page.reporter_type.itemData(i) for i in range(page.reporter_type.count())}
    assert {"third_party", "civil_society"} <= reporter_types
    assert page.narrative.tabChangesFocus()


def test_a_person_is_added_through_the_dialog(wizard: CaseWizard, demo_services: Services) -> None:
    page = go_to(wizard, IncidentPage)
    dialog = page.add_person(PersonRole.VICTIM)
    assert dialog.isVisible()
    dialog.name.setText(" Amina Rahman ")
    dialog.alias.setText("Mina")
    dialog.age_band.setCurrentText("under 18")
    assert dialog.is_minor.isChecked()
    assert not dialog.is_minor.isEnabled()  # the band decides
    dialog.phone.setText("+351 912 000 000")
    dialog.description.setPlainText("Wears a blue headscarf")
    dialog.accept()
    assert page.dialog is None
    assert page.people.rowCount() == 1
    assert page.people.item(0, 0).text() == "Victim"
    assert "Amina Rahman (Mina)" in page.people.item(0, 1).text()
    person = wizard.record().persons[0]
    assert person == Person(
        "P1",
        PersonRole.VICTIM,
        name="Amina Rahman",
        alias="Mina",
        age_band="under 18",
        is_minor=True,
        phone="+351 912 000 000",
        description="Wears a blue headscarf",
    )
    assert wizard.save_now()
    reopened = demo_services.cases.open_case(wizard.actor, wizard.case_id, "test")
    assert reopened.record.persons == (person,)


def test_a_cancelled_dialog_adds_nobody(wizard: CaseWizard) -> None:
    page = go_to(wizard, IncidentPage)
    page.add_person(PersonRole.SUSPECT).reject()
    assert page.persons() == ()


def test_person_keys_are_never_reused(wizard: CaseWizard, monkeypatch: pytest.MonkeyPatch) -> None:
    page = go_to(wizard, IncidentPage)
    for role in (PersonRole.VICTIM, PersonRole.WITNESS, PersonRole.SUSPECT):
        page.add_person(role).accept()
    assert [p.key for p in page.persons()] == ["P1", "P2", "P3"]
    answer(monkeypatch, "question", QMessageBox.StandardButton.Yes)
    page.people.selectRow(2)
    page.remove_selected()
    assert [p.key for p in page.persons()] == ["P1", "P2"]
    page.add_person(PersonRole.REPORTER).accept()
    assert [p.key for p in page.persons()] == ["P1", "P2", "P4"]


def test_editing_a_person_keeps_what_other_steps_recorded(reopen: Reopen) -> None:
    wizard = reopen(full_record())
    page = go_to(wizard, IncidentPage)
    page.people.selectRow(0)
    page.edit_selected()
    dialog = page.dialog
    assert dialog is not None
    assert dialog.name.text() == "Amina Rahman"
    assert dialog.special.isChecked()  # religion was recorded
    dialog.name.setText("Amina R.")
    dialog.role.setCurrentIndex(dialog.role.findData("witness"))
    dialog.accept()
    amina = wizard.record().persons[0]
    assert amina == replace(full_record().persons[0], name="Amina R.", role=PersonRole.WITNESS)
    assert amina.language == "bn"
    assert amina.safe_phone == "+351 913 000 000"
    wizard.save_now()


def test_the_person_dialog_round_trips_and_drops_unticked_special_categories(
    qtbot: QtBot,
) -> None:
    amina = full_record().persons[0]
    dialog = PersonDialog(amina)
    qtbot.addWidget(dialog)
    assert dialog.person() == amina
    dialog.special.setChecked(False)
    assert not dialog.special_fields.isVisibleTo(dialog)
    assert dialog.person() == replace(amina, religion="")
    nadia = full_record().persons[1]
    dialog = PersonDialog(nadia)
    qtbot.addWidget(dialog)
    assert not dialog.special.isChecked()
    assert dialog.person() == nadia


def test_a_suspect_is_described_as_described(qtbot: QtBot) -> None:
    dialog = PersonDialog(Person("P4", PersonRole.SUSPECT))
    qtbot.addWidget(dialog)
    assert "as described" in dialog.description_label.text()
    dialog.role.setCurrentIndex(dialog.role.findData("witness"))
    assert "as described" not in dialog.description_label.text()


def test_a_birth_date_of_a_child_ticks_minor(qtbot: QtBot) -> None:
    # On the incident's day: 17 then, though 18 by today.
    dialog = PersonDialog(Person("P1", PersonRole.VICTIM), on=date(2026, 3, 14))
    qtbot.addWidget(dialog)
    assert dialog.is_minor.isEnabled()  # neither birth date nor band: the officer says
    assert not dialog.guardian_of.isVisibleTo(dialog)  # only for a guardian
    dialog.date_of_birth.set_value(date(2008, 3, 15))
    assert dialog.is_minor.isChecked()
    assert not dialog.is_minor.isEnabled()
    dialog.date_of_birth.set_value(date(2008, 3, 14))  # 18 that day
    assert not dialog.is_minor.isChecked()
    dialog.date_of_birth.set_value(None)
    assert dialog.is_minor.isEnabled()


def test_a_person_the_case_refers_to_cannot_be_removed(
    reopen: Reopen, monkeypatch: pytest.MonkeyPatch
) -> None:
    consent = Consent(
        "C1",
        "P1",
        "Victim Support",
        ConsentPurpose.REFERRAL,
        True,
        ConsentMethod.ORAL,
        AT,
        "officer",
    )
    wizard = reopen(replace(full_record(), consents=(consent,)))
    page = go_to(wizard, IncidentPage)
    shown = answer(monkeypatch, "information")
    asked = answer(monkeypatch, "question", QMessageBox.StandardButton.Yes)
    page.people.selectRow(0)
    page.remove_selected()
    assert asked == []
    assert shown == [
        "Amina Rahman cannot be removed: the case still refers to them in 1 recorded"
        " perception, 1 consent. Remove or change those first, or change this person's role"
        " instead."
    ]
    assert [p.key for p in wizard.record().persons] == ["P1", "P2", "P3", "P5"]
    assert not page.remove_person("P1")
    # Without the perception, the consent still names P1.
    identification = page_of(wizard, IdentificationPage)
    identification.remove_perception(0)
    assert "1 consent" in page.refusal_to_remove("P1")
    assert "perception" not in page.refusal_to_remove("P1")
    # Nothing names the witness: removed after the question.
    page.people.selectRow(2)
    page.remove_selected()
    assert len(asked) == 1
    assert [p.key for p in wizard.record().persons] == ["P1", "P2", "P5"]
    wizard.save_now()


def test_incident_issues_show_beside_their_fields(wizard: CaseWizard) -> None:
    page = go_to(wizard, IncidentPage)
    page.occurred_at.set_value(wizard.context.now() + timedelta(days=2))
    assert wizard.save_now()
    assert error_line(page, "occurred_at").text() == "Is in the future"
    assert error_line(page, "occurred_at").isVisibleTo(page)
    wizard.show_submission_issues(missing_for_submission(wizard.record(), wizard.context.pack))
    assert error_line(page, "persons").text().startswith("Name at least one victim")
    assert error_line(page, "narrative").text() == "Is required"
    page.add_person(PersonRole.VICTIM).accept()
    page.no_victim.setChecked(True)
    page.occurred_at.set_value(wizard.context.now() - timedelta(hours=1))
    assert wizard.save_now()
    assert error_line(page, "no_individual_victim").text() == "Is set, but the case names a victim"
    assert error_line(page, "occurred_at").isHidden()


# ---------------------------------------------------------------------- evidence


def test_evidence_texts_are_stored(wizard: CaseWizard) -> None:
    page = go_to(wizard, EvidencePage)
    page.verbatim.setPlainText(' "Volta para a tua terra!" \n')
    page.evidence_notes.setPlainText("Swastika sprayed on the door.")
    stored = wizard.record()
    assert stored.verbatim_words == '"Volta para a tua terra!"'
    assert stored.evidence_notes == "Swastika sprayed on the door."
    assert page.verbatim.tabChangesFocus()
    assert page.evidence_notes.tabChangesFocus()


def test_attachments_go_to_the_database_and_the_wizard_follows(
    wizard: CaseWizard,
    demo_services: Services,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page = go_to(wizard, EvidencePage)
    page.verbatim.setPlainText("Typed just before adding a file")  # not saved yet
    photo = tmp_path / "graffiti.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 2000)
    before = wizard.version
    assert page.add_attachment_file(photo, "Graffiti on the north wall")
    opened = demo_services.cases.open_case(wizard.actor, wizard.case_id, "test")
    assert wizard.version == opened.version > before
    [attachment] = opened.record.attachments
    assert (attachment.filename, attachment.media_type, attachment.size) == (
        "graffiti.png",
        "image/png",
        2008,
    )
    assert attachment.description == "Graffiti on the north wall"
    assert attachment.added_by == "officer"
    assert opened.record.verbatim_words == "Typed just before adding a file"
    assert page.files.rowCount() == 1
    assert page.files.item(0, 0).text() == "graffiti.png"
    assert page.files.item(0, 1).text() == "2 kB"

    # The autosave goes on working on the new version.
    page.evidence_notes.setPlainText("More notes")
    assert wizard.save_now()
    assert wizard.status.text().startswith("Draft saved")
    opened = demo_services.cases.open_case(wizard.actor, wizard.case_id, "test")
    assert opened.record.evidence_notes == "More notes"
    assert len(opened.record.attachments) == 1

    # Remove, after the question.
    asked = answer(monkeypatch, "question", QMessageBox.StandardButton.Yes)
    page.files.selectRow(0)
    assert page.remove_button.isEnabled()
    page.remove_selected()
    assert asked == ["Remove graffiti.png from the case? It is deleted from the database."]
    opened = demo_services.cases.open_case(wizard.actor, wizard.case_id, "test")
    assert opened.record.attachments == ()
    assert wizard.version == opened.version
    assert page.files.rowCount() == 0
    page.verbatim.setPlainText("Still saving")
    assert wizard.save_now()


def test_removing_one_of_two_files_with_the_same_content_keeps_the_other(
    wizard: CaseWizard, demo_services: Services, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = go_to(wizard, EvidencePage)
    opened = None
    for name in ("front.jpg", "copy-of-front.jpg"):  # e.g. from an imported case
        opened = demo_services.cases.add_attachment(
            wizard.actor, wizard.case_id, opened.version if opened else wizard.version,
            filename=name, media_type="image/jpeg", content=b"the same bytes",
        )  # fmt: skip
    assert opened is not None
    wizard.adopt(opened)
    page.show_attachments(opened.record.attachments)
    answer(monkeypatch, "question", QMessageBox.StandardButton.Yes)
    page.files.selectRow(1)
    page.remove_selected()
    reopened = demo_services.cases.open_case(wizard.actor, wizard.case_id, "test")
    assert [a.filename for a in reopened.record.attachments] == ["front.jpg"]
    assert [page.files.item(row, 0).text() for row in range(page.files.rowCount())] == ["front.jpg"]


def test_add_file_button_asks_for_the_file_and_a_description(
    wizard: CaseWizard,
    demo_services: Services,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from PySide6.QtWidgets import QFileDialog, QInputDialog  # noqa: PLC0415

    page = go_to(wizard, EvidencePage)
    doc = tmp_path / "post.pdf"
    doc.write_bytes(b"%PDF-1.4 screenshot of the post")
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *_a, **_k: (str(doc), ""))
    )
    monkeypatch.setattr(
        QInputDialog, "getText", staticmethod(lambda *_a, **_k: (" Facebook post ", True))
    )
    page.add_button.click()
    opened = demo_services.cases.open_case(wizard.actor, wizard.case_id, "test")
    [attachment] = opened.record.attachments
    assert (attachment.filename, attachment.media_type) == ("post.pdf", "application/pdf")
    assert attachment.description == "Facebook post"


def test_a_file_that_cannot_be_added_says_why(
    wizard: CaseWizard, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = go_to(wizard, EvidencePage)
    warnings = answer(monkeypatch, "warning")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert not page.add_attachment_file(empty, "")
    assert warnings == ["empty.txt is empty"]
    assert not page.add_attachment_file(tmp_path / "missing.jpg", "")
    assert warnings[-1].startswith("missing.jpg cannot be read")
    photo = tmp_path / "a.jpg"
    photo.write_bytes(b"jpeg")
    assert page.add_attachment_file(photo, "")
    copy = tmp_path / "b.jpg"
    copy.write_bytes(b"jpeg")
    assert not page.add_attachment_file(copy, "")
    assert warnings[-1] == "This file is already attached to the case, as a.jpg."
    assert page.files.rowCount() == 1
    huge = tmp_path / "video.mp4"
    with huge.open("wb") as out:
        out.truncate(MAX_ATTACHMENT_BYTES + 1)  # sparse: no disk used
    assert not page.add_attachment_file(huge, "")
    assert warnings[-1] == "video.mp4 is larger than 25 MB"
    assert page.files.rowCount() == 1


def test_a_conflict_is_reported_not_hidden(
    wizard: CaseWizard,
    demo_services: Services,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    page = go_to(wizard, EvidencePage)
    # Someone else saved the case meanwhile.
    demo_services.cases.save_draft(wizard.actor, wizard.case_id, wizard.version, wizard.record())
    warnings = answer(monkeypatch, "warning")
    photo = tmp_path / "c.jpg"
    photo.write_bytes(b"jpeg")
    assert not page.add_attachment_file(photo, "")
    assert len(warnings) == 1
    assert "Reload it" in warnings[0]
    assert page.files.rowCount() == 0


# ---------------------------------------------------------------------- identification


def test_perception_and_indicators_are_in_separate_groups(wizard: CaseWizard) -> None:
    page = go_to(wizard, IdentificationPage)
    perceived = page.findChild(QWidget, "perceived")
    observed = page.findChild(QWidget, "observed")
    assert perceived is not None
    assert observed is not None
    assert perceived.isAncestorOf(page.perceptions)
    assert not perceived.isAncestorOf(page.indicators["perception"][0])
    assert observed.isAncestorOf(page.indicators["perception"][0])
    assert observed.isAncestorOf(page.motives)
    assert "not whether it was a hate crime" in " ".join(
        label.text() for label in perceived.findChildren(QLabel)
    )


def test_indicator_notes_are_kept_only_when_ticked(wizard: CaseWizard) -> None:
    page = go_to(wizard, IdentificationPage)
    pack_order = [item.id for item in wizard.context.pack.indicators]
    symbols_tick, symbols_note = page.indicators["symbols_graffiti"]
    comments_tick, comments_note = page.indicators["comments_gestures"]
    perception_tick, _perception_note = page.indicators["perception"]
    assert not symbols_note.isEnabled()
    symbols_tick.setChecked(True)
    assert symbols_note.isEnabled()
    symbols_note.setText(" Swastika on the door ")
    comments_note.setText("typed but not ticked")
    perception_tick.setChecked(True)
    assert comments_tick.toolTip().startswith("Slurs or biased remarks")
    assert wizard.record().indicators == (
        IndicatorObservation("perception", ""),
        IndicatorObservation("symbols_graffiti", "Swastika on the door"),
    )
    assert [o.indicator for o in wizard.record().indicators] == [
        i for i in pack_order if i in ("perception", "symbols_graffiti")
    ]
    symbols_tick.setChecked(False)
    assert not symbols_note.isEnabled()
    assert wizard.record().indicators == (IndicatorObservation("perception", ""),)


def test_motives_and_reasoning_are_stored_and_unknown_with_others_warns(
    wizard: CaseWizard,
) -> None:
    page = go_to(wizard, IdentificationPage)
    page.motives.set_selected(["anti_muslim", "racist_xenophobic"])
    page.assessment.setPlainText(" The headscarf was pulled. ")
    stored = wizard.record()
    assert stored.motives == ("racist_xenophobic", "anti_muslim")  # pack order
    assert stored.officer_assessment == "The headscarf was pulled."
    assert not page.motive_warning.isVisibleTo(page)
    page.motives.set_selected(["anti_muslim", "unknown"])
    assert page.motive_warning.isVisibleTo(page)
    assert "Unknown / under assessment" in page.motive_warning.text()
    page.motives.set_selected(["unknown"])
    assert not page.motive_warning.isVisibleTo(page)
    motive_ids = {page.motives.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(11)}
    assert "unknown" in motive_ids


def test_a_perception_is_added_and_edited_through_the_dialog(reopen: Reopen) -> None:
    wizard = reopen(replace(full_record(), perceptions=()))
    page = go_to(wizard, IdentificationPage)
    dialog = page.add_perception()
    assert dialog.person.currentData() is None  # two victims: the officer says which
    dialog.person.setCurrentIndex(dialog.person.findData("P3"))
    assert dialog.source.currentData() == "witness"  # follows the person's role
    dialog.text.setPlainText(" He heard them insult her religion. ")
    dialog.accept()
    assert wizard.record().perceptions == (
        Perception(PerceptionSource.WITNESS, "He heard them insult her religion.", "P3"),
    )
    assert page.perceptions.item(0, 1).text() == "João Ferreira (Witness)"
    page.perceptions.selectRow(0)
    edit = page.edit_selected()
    assert edit is not None
    edit.person.setCurrentIndex(edit.person.findData(None))
    edit.source.setCurrentIndex(edit.source.findData("other"))
    edit.accept()
    assert wizard.record().perceptions == (
        Perception(PerceptionSource.OTHER, "He heard them insult her religion.", None),
    )
    wizard.save_now()


def test_persons_named_later_are_offered_for_perceptions(wizard: CaseWizard) -> None:
    incident = go_to(wizard, IncidentPage)
    incident.add_person(PersonRole.VICTIM).name.setText("Ana")
    assert incident.dialog is not None
    incident.dialog.accept()
    page = go_to(wizard, IdentificationPage)
    dialog = page.add_perception()
    assert dialog.person.currentData() == "P1"  # the only victim
    assert dialog.source.currentData() == "victim"
    assert dialog.person.currentText() == "Ana (Victim)"
    dialog.reject()


def test_identification_issues_show_beside_their_fields(reopen: Reopen) -> None:
    wizard = reopen(replace(full_record(), perceptions=(), motives=()))
    page = go_to(wizard, IdentificationPage)
    wizard.show_submission_issues(missing_for_submission(wizard.record(), wizard.context.pack))
    assert page.victim_perception_error.text().splitlines() == [
        "Record what Amina Rahman perceived: ask them why they think they were targeted"
        " (perceived by: Victim).",
        "Record what Nadia Rahman perceived: ask them why they think they were targeted"
        " (perceived by: Victim).",
    ]
    assert error_line(page, "motives").text() == "Is required"
    page.show_issues([Issue("unknown_person", "perceptions[0].person_key", {"key": "P9"})])
    assert error_line(page, "perceptions").text() == ("Names a person (P9) who is not in the case")
    assert page.victim_perception_error.isHidden()
    wizard.save_now()


# ---------------------------------------------------------------------- classification


def test_classification_choices_show_what_they_mean(wizard: CaseWizard) -> None:
    page = go_to(wizard, ClassificationPage)
    assert page.classification() == ""
    assert wizard.record().classification == ""
    pack = wizard.context.pack
    texts = [label.text() for label in page.choices.findChildren(QLabel)]
    for item in pack.classifications:
        assert item.description in texts
        assert page.buttons[item.id].text().replace("&", "") == item.label
    page.buttons["non_crime_incident"].setChecked(True)
    assert wizard.record().classification == "non_crime_incident"
    assert not page.prosecutor_note.isVisibleTo(page)
    page.choose("hate_speech")
    assert wizard.record().classification == "hate_speech"
    assert page.prosecutor_note.isVisibleTo(page)
    page.unset.setChecked(True)
    assert wizard.record().classification == ""


def test_classification_shows_the_facts_recorded_so_far(reopen: Reopen) -> None:
    wizard = reopen(full_record())
    page = go_to(wizard, ClassificationPage)
    assert page.summary.text() == (
        "Recorded so far — offence types: Assault or injury, Threats."
        " Bias motives: Racist or xenophobic, Anti-Muslim."
    )
    wizard.save_now()


def test_a_missing_classification_shows_beside_the_choice(wizard: CaseWizard) -> None:
    page = go_to(wizard, ClassificationPage)
    wizard.show_submission_issues(missing_for_submission(wizard.record(), wizard.context.pack))
    assert error_line(page, "classification").text() == "Is required"
    page.choose("hate_crime")
    assert wizard.save_now()
    assert error_line(page, "classification").isHidden()


# ---------------------------------------------------------------------- keyboard


@pytest.mark.parametrize("cls", MY_PAGES, ids=lambda c: c.__name__)
def test_every_field_has_a_label_and_mnemonics_are_unique(
    reopen: Reopen, cls: type[StepPage]
) -> None:
    wizard = reopen(full_record())
    page = go_to(wizard, cls)
    found = visible_mnemonics(wizard)
    assert_unique(found)
    assert {letter for letter, _text in found} >= WIZARD_MNEMONICS
    buddies = labelled(page)
    for widget in fields(page):
        assert widget in buddies or widget.accessibleName(), f"{widget!r} has no label"
    wizard.save_now()


def test_the_dialogs_have_unique_mnemonics(qtbot: QtBot, reopen: Reopen) -> None:
    wizard = reopen(full_record())
    incident = go_to(wizard, IncidentPage)
    dialog = incident.add_person(PersonRole.SUSPECT)
    dialog.special.setChecked(True)
    qtbot.waitExposed(dialog)
    assert_unique(visible_mnemonics(dialog))
    for widget in fields(dialog):
        assert widget in labelled(dialog), f"{widget!r} has no label"
    dialog.reject()
    identification = go_to(wizard, IdentificationPage)
    perception = identification.add_perception()
    qtbot.waitExposed(perception)
    assert_unique(visible_mnemonics(perception))
    perception.reject()
    wizard.save_now()


def test_mnemonics_for_pack_labels_avoid_letters_in_use() -> None:
    used = {"B", "N", "C", "S"}
    assert with_mnemonic("No other motive", used) == "No &other motive"
    assert with_mnemonic("Nature & timing", used) == "Nature && &timing"
    assert with_mnemonic("Noon", used) == "Noon"  # no free letter left: Tab still reaches it


@pytest.mark.parametrize("cls", MY_PAGES, ids=lambda c: c.__name__)
def test_tab_visits_the_fields_in_visual_order(reopen: Reopen, cls: type[StepPage]) -> None:
    wizard = reopen(full_record())
    page = go_to(wizard, cls)
    if isinstance(page, IncidentPage):
        page.people.selectRow(0)  # Edit and Remove take part
    chain = tab_chain(page)
    assert len(chain) >= 3
    for before, after in itertools.pairwise(chain):
        a, b = place(before, page), place(after, page)
        same_row = b.top() < a.bottom() and a.top() < b.bottom()
        if same_row:
            assert b.left() > a.left(), f"{after!r} comes before {before!r} on its row"
        else:
            assert b.top() >= a.bottom() - 2, f"{after!r} is above {before!r}"
    wizard.save_now()


def test_enter_on_a_single_line_field_goes_to_the_next_page(
    qtbot: QtBot, wizard: CaseWizard
) -> None:
    page = go_to(wizard, IncidentPage)
    page.narrative.setFocus()
    qtbot.keyClick(page.narrative, Qt.Key.Key_Return)
    assert wizard.currentPage() is page  # a new line in the narrative
    page.place.setFocus()
    qtbot.keyClick(page.place, Qt.Key.Key_Return)
    assert isinstance(wizard.currentPage(), CommunicationPage)


def test_alt_and_a_mnemonic_reach_the_people_table(qtbot: QtBot, wizard: CaseWizard) -> None:
    page = go_to(wizard, IncidentPage)
    wizard.activateWindow()
    qtbot.waitActive(wizard)
    page.place.setFocus()
    qtbot.keyClick(wizard, Qt.Key.Key_L, Qt.KeyboardModifier.AltModifier)
    assert page.people.hasFocus()
    qtbot.keyClick(wizard, Qt.Key.Key_V, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: page.dialog is not None)  # a mnemonic clicks after a short flash
    dialog = page.dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.name, "Ana")
    qtbot.keyClick(dialog.name, Qt.Key.Key_Return)  # Enter = OK in the dialog
    assert [p.name for p in page.persons()] == ["Ana"]
