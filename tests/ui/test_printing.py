"""Printing from the screens: the choice of printout and language, the preview, the audit trail."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader
from pytestqt.qtbot import QtBot

from app.domain.case import CaseQuery, CaseRecord
from app.services import Services
from app.services.context import Actor
from app.ui import preview
from app.ui.case_view.view import CaseViewDialog
from app.ui.language import apply_screen_language
from app.ui.main_window import MainWindow
from app.ui.printing import CONSENT, LEAFLET, PROSECUTOR, REFERRAL, PrintDialog


def case_with_referral(services: Services, actor: Actor) -> CaseRecord:
    """A demo case whose victim was referred, with the consent for it."""
    for summary in services.cases.list_cases(actor, CaseQuery(), 0, 300):
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
    spoken = victim.language.split("-")[0]
    if spoken:
        assert dialog.language.currentData() in (spoken, "en")

    dialog.document.setCurrentIndex(kinds.index(PROSECUTOR))
    assert not dialog.person.isVisibleTo(dialog)
    assert dialog.language.currentData() == "en"  # the screen language: for the prosecutor


def test_show_renders_the_chosen_printout_and_print_and_save_are_audited(
    qtbot: QtBot,
    demo_services: Services,
    officer: Actor,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    record = case_with_referral(demo_services, officer)
    parent = CaseViewDialog(record, demo_services.backend.pack(record.protocol_pack))
    qtbot.addWidget(parent)
    dialog = PrintDialog(demo_services, officer, record, parent)
    dialog.document.setCurrentIndex(dialog.document.findData(PROSECUTOR))
    dialog.language.setCurrentIndex(dialog.language.findData("bg"))
    shown = dialog.show_printout()
    assert shown is not None
    qtbot.addWidget(shown)
    assert shown.page_count() >= 2
    assert record.reference in text_of(shown.pdf)

    monkeypatch.setattr(preview, "ask_save_path", lambda _p, name: str(tmp_path / name))
    assert shown.save_document()
    saved = tmp_path / f"prosecutor-{record.reference}-bg.pdf"
    assert saved.read_bytes() == shown.pdf
    supervisor = demo_services.accounts.authenticate("supervisor", "demo")
    actions = [e.action for e in demo_services.audit.entries(supervisor, record.reference)]
    assert actions[:2] == ["print_to_file", "print"]  # newest first: rendered, then saved


def test_a_refused_printout_says_why_in_the_dialog(
    qtbot: QtBot, demo_services: Services, officer: Actor
) -> None:
    record = case_with_referral(demo_services, officer)
    dialog = PrintDialog(demo_services, officer, record)
    qtbot.addWidget(dialog)
    dialog.document.setCurrentIndex(dialog.document.findData(REFERRAL))
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
