"""Printing from the screens: the choice of printout and language, the preview, the audit trail."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from pypdf import PdfReader
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.documents import DOCUMENT_LANGUAGES
from app.domain.case import CaseQuery, CaseRecord
from app.domain.languages import spoken
from app.services import Services
from app.services.context import Actor
from app.storage.tables import AuditEvent
from app.ui import preview
from app.ui.case_view.view import CaseViewDialog
from app.ui.language import apply_screen_language
from app.ui.main_window import MainWindow
from app.ui.printing import CONSENT, LEAFLET, PROSECUTOR, REFERRAL, PrintDialog
from tests.documents.reading import copies


def case_with_referral(services: Services, actor: Actor) -> CaseRecord:
    """A demo case whose victim was referred, with the consent for it."""
    for summary in services.cases.list_cases(actor, CaseQuery(), 300):
        record = services.cases.open_case(actor, summary.id, "Test").record
        if record.referrals and record.consents and record.victims():
            return record
    raise AssertionError("no demo case with a referral")


def text_of(pdf: bytes) -> str:
    import io  # noqa: PLC0415

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_a_case_offers_each_printout_in_the_victim_s_language(
    qtbot: QtBot, demo_services: Services, officer: Actor
) -> None:
    record = case_with_referral(demo_services, officer)
    dialog = PrintDialog(demo_services, officer, record)
    qtbot.addWidget(dialog)
    kinds = [dialog.document.itemData(i) for i in range(dialog.document.count())]
    assert kinds == [LEAFLET, REFERRAL, PROSECUTOR, CONSENT]

    dialog.document.setCurrentIndex(kinds.index(REFERRAL))
    assert dialog.referral.isVisibleTo(dialog)
    referral = record.referrals[dialog.referral.currentIndex()]
    victim = next(p for p in record.persons if p.key == referral.person_key)
    # The leaflet language the victim was given their rights in: one they read and the
    # program prints (the demo's victims of other languages read English).
    [rights] = [r for r in record.rights if r.person_key == victim.key]
    assert rights.leaflet_language in DOCUMENT_LANGUAGES
    assert dialog.language.currentData() == rights.leaflet_language

    dialog.document.setCurrentIndex(kinds.index(PROSECUTOR))
    assert not dialog.person.isVisibleTo(dialog)
    assert dialog.language.currentData() == "pt"  # the Lisbon station's, not the screen's


def three_readers(services: Services) -> CaseRecord:
    """A draft whose victim took the leaflet in Arabic, referred to a service working in Finnish,
    at a station whose official language is Swedish."""
    officer = services.accounts.authenticate("officer", "demo")
    admin = services.accounts.authenticate("admin", "demo")
    found = case_with_referral(services, officer)
    referral = found.referrals[0]
    entry = services.directory.get(admin, referral.service_code)
    assert entry is not None
    services.directory.save(admin, replace(entry, languages=("fi", "en")))
    services.stations.update_station(admin, officer.station_code, language="sv")
    victim = next(p for p in found.persons if p.key == referral.person_key)
    rights = [r for r in found.rights if r.person_key == victim.key]
    draft = services.cases.create_draft(officer)
    record = replace(
        draft.record,
        persons=(replace(victim, languages=spoken("ar")),),
        consents=tuple(c for c in found.consents if c.person_key == victim.key),
        referrals=(referral,),
        rights=tuple(replace(r, leaflet_language="ar") for r in rights),
    )
    return services.cases.save_draft(officer, draft.id, draft.version, record).record


def test_each_copy_starts_in_its_readers_language_and_the_officer_may_change_it(
    qtbot: QtBot, fresh_demo: Services
) -> None:
    record = three_readers(fresh_demo)
    officer = fresh_demo.accounts.authenticate("officer", "demo")
    apply_screen_language("lv")  # the officer's screen decides none of them
    try:
        dialog = PrintDialog(fresh_demo, officer, record)
    finally:
        apply_screen_language("en")
    qtbot.addWidget(dialog)
    dialog.document.setCurrentIndex(dialog.document.findData(REFERRAL))
    assert dialog.service_language.isVisibleTo(dialog)
    assert dialog.file_language.isVisibleTo(dialog)
    chosen = [
        box.currentData()
        for box in (dialog.service_language, dialog.language, dialog.file_language)
    ]
    assert chosen == ["fi", "ar", "sv"]
    for kind, expected in ((LEAFLET, "ar"), (PROSECUTOR, "sv"), (CONSENT, "ar")):
        dialog.document.setCurrentIndex(dialog.document.findData(kind))
        assert dialog.language.currentData() == expected
        assert not dialog.service_language.isVisibleTo(dialog)

    # The officer changes the service's copy to Bulgarian: the printout and the trail follow.
    dialog.document.setCurrentIndex(dialog.document.findData(REFERRAL))
    dialog.service_language.setCurrentIndex(dialog.service_language.findData("bg"))
    dialog.file_language.setCurrentIndex(dialog.file_language.findData("en"))
    dialog.reason.setEditText("Referral")
    shown = dialog.show_printout()
    assert shown is not None
    qtbot.addWidget(shown)
    found = copies(shown.pdf, service="bg", victim="ar", file="en")
    assert "Насочване към служба за подкрепа" in found["service"]
    assert "Referral to a support service" in found["file"]
    [(_action, _reason, details)] = print_events(fresh_demo, record.reference)
    assert details == {
        "document": "referral", "language": "ar", "referral": referral_key(record),
        "service_language": "bg", "file_language": "en", "to": "screen",
    }  # fmt: skip


def referral_key(record: CaseRecord) -> str:
    return record.referrals[0].key


def test_show_renders_the_chosen_printout_and_print_and_save_are_audited(
    qtbot: QtBot,
    demo_services: Services,
    supervisor: Actor,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    record = case_with_referral(demo_services, supervisor)
    parent = CaseViewDialog(record, demo_services.backend.pack(record.protocol_pack))
    qtbot.addWidget(parent)
    dialog = PrintDialog(demo_services, supervisor, record, parent)
    dialog.document.setCurrentIndex(dialog.document.findData(PROSECUTOR))
    dialog.language.setCurrentIndex(dialog.language.findData("bg"))
    dialog.reason.setEditText("Prosecutor's request")
    # A printout that leaves for the prosecutor adds to the case's log: a supervisor of the
    # station may, whoever the case's officer is.
    before = len(print_events(demo_services, record.reference))  # the demo is shared
    # The demo's texts are English, the screen's language: the word check asks first (its own
    # tests in test_printing_special_words.py); the officer has confirmed here.
    assert dialog.special_words()
    shown = dialog.show_printout(words_checked=True)
    assert shown is not None
    qtbot.addWidget(shown)
    assert shown.page_count() >= 2
    assert record.reference in text_of(shown.pdf)

    monkeypatch.setattr(preview, "ask_save_path", lambda _p, name: (str(tmp_path / name), True))
    assert shown.save_document()
    saved = tmp_path / f"prosecutor-{record.reference}-bg.pdf"
    assert saved.read_bytes() == shown.pdf
    monkeypatch.setattr(
        preview, "ask_save_path", lambda _p, _name: (str(tmp_path / "no" / "x.pdf"), True)
    )
    monkeypatch.setattr(preview.QMessageBox, "warning", lambda *_args: None)
    assert not shown.save_document()
    report = {"document": "prosecutor", "language": "bg"}
    assert print_events(demo_services, record.reference)[before:] == [
        ("print", "Prosecutor's request", {**report, "to": "screen"}),
        ("print", "Prosecutor's request", {**report, "to": "file"}),
        ("print_failed", "Prosecutor's request", {**report, "to": "file", "error": "ENOENT"}),
    ]


def print_events(services: Services, reference: str) -> list[tuple[str, str, object]]:
    with services.backend.reading() as session:
        return [
            (e.action, e.reason, json.loads(e.details))
            for e in session.scalars(
                select(AuditEvent)
                .where(AuditEvent.object_ref == reference, AuditEvent.action.like("print%"))
                .order_by(AuditEvent.id)
            )
        ]


def test_a_case_is_printed_for_a_reason_asked_in_the_dialog(
    qtbot: QtBot, demo_services: Services, officer: Actor
) -> None:
    record = case_with_referral(demo_services, officer)
    dialog = PrintDialog(demo_services, officer, record)
    qtbot.addWidget(dialog)
    assert dialog.reason.isVisibleTo(dialog)
    assert dialog.reason.currentText() == ""  # asked, not assumed
    before = len(print_events(demo_services, record.reference))  # the demo is shared
    assert not dialog.preview_button.isEnabled()
    assert dialog.show_printout() is None  # were it pressed all the same: the service refuses
    assert dialog.error.text() == "reason: is required"
    assert print_events(demo_services, record.reference)[before:] == []
    dialog.reason.setCurrentIndex(dialog.reason.findText("Victim's request for information"))
    assert dialog.preview_button.isEnabled()
    shown = dialog.show_printout()
    assert shown is not None
    qtbot.addWidget(shown)
    [(action, reason, _details)] = print_events(demo_services, record.reference)[before:]
    assert (action, reason) == ("print", "Victim's request for information")


def test_a_refused_printout_says_why_in_the_dialog(
    qtbot: QtBot, demo_services: Services, officer: Actor
) -> None:
    record = case_with_referral(demo_services, officer)
    dialog = PrintDialog(demo_services, officer, record)
    qtbot.addWidget(dialog)
    dialog.document.setCurrentIndex(dialog.document.findData(REFERRAL))
    dialog.reason.setEditText("Own case work")
    dialog.referral.addItem("R99", "R99")  # a referral the case does not have
    dialog.referral.setCurrentIndex(dialog.referral.count() - 1)
    assert dialog.show_printout() is None
    assert "R1" in dialog.error.text()


def test_the_station_s_leaflet_from_the_file_menu(
    qtbot: QtBot, demo_services: Services, officer: Actor
) -> None:
    window = MainWindow(demo_services, officer)
    qtbot.addWidget(window)
    dialog = window.print_leaflet()
    assert isinstance(dialog, PrintDialog)
    assert dialog.document.count() == 1
    assert not dialog.person.isVisibleTo(dialog)
    assert not dialog.reason.isVisibleTo(dialog)  # the station's stock is about no case
    assert dialog.preview_button.isEnabled()
    dialog.language.setCurrentIndex(dialog.language.findData("ar"))
    shown = dialog.show_printout()
    assert shown is not None
    qtbot.addWidget(shown)
    assert shown.page_count() >= 1


def test_the_case_view_prints_and_follows_a_language_switch(
    qtbot: QtBot, demo_services: Services, officer: Actor
) -> None:
    record = case_with_referral(demo_services, officer)
    view = CaseViewDialog(
        record, demo_services.backend.pack(record.protocol_pack),
        printing=(demo_services, officer),
    )  # fmt: skip
    qtbot.addWidget(view)
    assert view.print_button is not None
    assert isinstance(view.ask_what_to_print(), PrintDialog)
    try:
        apply_screen_language("fi")
        view.retranslate()
        assert view.print_button.text() != "&Print…"
        assert "Tapaus" in view.windowTitle()
    finally:
        apply_screen_language("en")
