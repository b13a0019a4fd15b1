"""The support-services directory dialog: list and filters for everyone, editor for admins."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLabel, QLineEdit
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from app.domain.case import ServiceKind
from app.domain.directory import CSV_HEADER, parse_csv
from app.services import Services
from app.services.context import Actor
from app.services.demo import sample_directory
from app.ui.directory.model import KIND, LANGUAGES, NAME, ServiceTableModel
from app.ui.directory.view import DirectoryDialog
from app.ui.main_window import MainWindow
from app.ui.widgets.banner import DemoBanner
from tests.helpers import exported_text


def make_dialog(qtbot: QtBot, services: Services, actor: Actor) -> DirectoryDialog:
    dialog = DirectoryDialog(services, actor)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def shown_codes(dialog: DirectoryDialog) -> list[str]:
    return [dialog.model.entry(row).code for row in range(dialog.model.rowCount())]


def select(qtbot: QtBot, dialog: DirectoryDialog, code: str) -> None:
    row = dialog.model.row_of(code)
    assert row is not None, code
    rect = dialog.table.visualRect(dialog.model.index(row, NAME))
    qtbot.mouseClick(dialog.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert dialog.selected_code() == code


def choose(combo_owner: DirectoryDialog, combo_name: str, value: str) -> None:
    combo = getattr(combo_owner, combo_name)
    index = combo.findData(value)
    assert index >= 0, value
    combo.setCurrentIndex(index)


def admin_of(services: Services) -> Actor:
    return services.accounts.authenticate("admin", "demo")


def test_the_table_model_passes_the_model_tester(qtmodeltester: ModelTester) -> None:
    model = ServiceTableModel()
    model.set_entries(list(sample_directory()))
    qtmodeltester.check(model)
    inactive = model.row_of("victim-helpline-old")
    assert inactive is not None
    assert model.index(inactive, NAME).data() == "Victim Helpline (old number) (inactive)"
    shelter = model.row_of("safe-house-east")
    assert shelter is not None
    assert model.index(shelter, KIND).data() == "Shelter"
    assert model.index(shelter, LANGUAGES).data() == "pt, en, ar, uk"
    assert "Arabic (ar)" in model.index(shelter, LANGUAGES).data(Qt.ItemDataRole.ToolTipRole)


def test_an_officer_gets_the_list_read_only(
    qtbot: QtBot, demo_services: Services, officer: Actor
) -> None:
    dialog = make_dialog(qtbot, demo_services, officer)
    assert dialog.windowTitle() == "Support services — DEMO"
    assert dialog.findChild(DemoBanner) is not None
    active = sorted(e.code for e in sample_directory() if e.active)
    assert sorted(shown_codes(dialog)) == active  # the inactive one is not offered
    for button in (
        dialog.new_button,
        dialog.save_button,
        dialog.deactivate_button,
        dialog.import_button,
        dialog.export_button,
        dialog.show_inactive,
    ):
        assert not button.isVisible()
    select(qtbot, dialog, "safe-house-east")
    form = dialog.form
    assert form.name.text() == "Safe House East"
    assert form.address_confidential.isChecked()
    assert form.opening_hours.text() == "Intake line every day 24 hours"
    assert all(line.isReadOnly() for line in form.findChildren(QLineEdit))
    assert form.notes.isReadOnly()
    assert not form.kind.isEnabled()
    assert not form.groups_served.isEnabled()


def test_a_supervisor_may_export_but_not_change(
    qtbot: QtBot, demo_services: Services, supervisor: Actor
) -> None:
    dialog = make_dialog(qtbot, demo_services, supervisor)
    assert dialog.export_button.isVisible()
    assert not dialog.import_button.isVisible()
    assert not dialog.save_button.isVisible()


def test_filters_and_search_narrow_the_list(
    qtbot: QtBot, demo_services: Services, officer: Actor
) -> None:
    dialog = make_dialog(qtbot, demo_services, officer)
    everything = len(shown_codes(dialog))
    choose(dialog, "kind", ServiceKind.SHELTER.value)
    assert sorted(shown_codes(dialog)) == ["emergency-housing-service", "safe-house-east"]
    assert dialog.status.text() == "2 services shown."
    choose(dialog, "language", "ar")
    assert shown_codes(dialog) == ["safe-house-east"]
    choose(dialog, "kind", "")
    choose(dialog, "group", "anti_roma")
    # Arabic speakers serving Roma victims: those serving everyone.
    assert shown_codes(dialog) == ["interpreters-network", "safe-house-east"]
    choose(dialog, "language", "")
    codes = shown_codes(dialog)
    assert "roma-association" in codes
    assert "lgbti-helpline" not in codes
    choose(dialog, "group", "")
    choose(dialog, "need", "legal")
    assert set(shown_codes(dialog)) >= {"legal-aid-office", "university-law-clinic"}
    assert "central-emergency-clinic" not in shown_codes(dialog)
    choose(dialog, "need", "")
    assert len(shown_codes(dialog)) == everything
    qtbot.keyClicks(dialog.search, "mouraria")  # in the notes, without caring about case
    assert shown_codes(dialog) == ["asian-communities-association"]
    dialog.search.clear()
    assert len(shown_codes(dialog)) == everything


def test_an_administrator_edits_and_saves(qtbot: QtBot, fresh_demo: Services) -> None:
    admin = admin_of(fresh_demo)
    dialog = make_dialog(qtbot, fresh_demo, admin)
    select(qtbot, dialog, "legal-aid-office")
    form = dialog.form
    assert form.code.isReadOnly()  # the code is the service's identity
    form.phone.setText("+351 21 000 1699")
    form.languages.setText("pt, en; fr; ar")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    saved = fresh_demo.directory.get(admin, "legal-aid-office")
    assert saved is not None
    assert saved.phone == "+351 21 000 1699"
    assert saved.languages == ("pt", "en", "fr", "ar")
    assert dialog.status.text() == "Saved: Legal Aid Office."
    assert dialog.selected_code() == "legal-aid-office"
    events = fresh_demo.audit.entries(admin, "legal-aid-office")
    assert [(e.action, e.username) for e in events] == [("update", "admin")]


def test_a_new_service_refused_then_saved(qtbot: QtBot, fresh_demo: Services) -> None:
    admin = admin_of(fresh_demo)
    dialog = make_dialog(qtbot, fresh_demo, admin)
    select(qtbot, dialog, "legal-aid-office")
    qtbot.mouseClick(dialog.new_button, Qt.MouseButton.LeftButton)
    form = dialog.form
    assert dialog.selected_code() is None
    assert form.code.text() == ""
    assert not form.code.isReadOnly()
    assert not dialog.deactivate_button.isEnabled()
    form.code.setText("Night Shelter")
    form.kind.setCurrentIndex(form.kind.findData(ServiceKind.SHELTER.value))
    form.languages.setText("pt; english")
    form.address.setText("Rua Secreta 1")
    form.address_confidential.setChecked(True)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    visible = {f: e.text() for f, e in form.errors.items() if e.isVisible()}
    assert visible == {
        "code": "Night Shelter is not a service code: 2 to 64 lower-case letters, digits and"
        " dashes, starting with a letter or digit",
        "name": "is required",
        "languages": "english is not an ISO 639 language code like pt, rom or fse",
    }
    assert fresh_demo.directory.get(admin, "night-shelter") is None
    form.code.setText("night-shelter")
    form.name.setText("Night Shelter")
    form.languages.setText("pt; en")
    form.groups_served.set_groups(("anti_lgbti", "gender_based"))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not any(e.isVisible() for e in form.errors.values())
    saved = fresh_demo.directory.get(admin, "night-shelter")
    assert saved is not None
    assert (saved.kind, saved.address_confidential) == (ServiceKind.SHELTER, True)
    assert saved.groups_served == ("gender_based", "anti_lgbti")  # in the pack's order
    assert dialog.selected_code() == "night-shelter"
    assert form.code.isReadOnly()


def test_the_confidential_address_says_it_is_never_printed(
    qtbot: QtBot, demo_services: Services, admin: Actor
) -> None:
    dialog = make_dialog(qtbot, demo_services, admin)
    assert dialog.form.address_confidential.text() == "Confidential address"
    notes = [label.text() for label in dialog.form.findChildren(QLabel)]
    assert "A confidential address is never printed for the victim." in notes


def test_deactivate_hides_the_service(qtbot: QtBot, fresh_demo: Services) -> None:
    admin = admin_of(fresh_demo)
    dialog = make_dialog(qtbot, fresh_demo, admin)
    select(qtbot, dialog, "trauma-psychology")
    qtbot.mouseClick(dialog.deactivate_button, Qt.MouseButton.LeftButton)
    assert "trauma-psychology" not in shown_codes(dialog)
    assert dialog.form.code.text() == ""  # the form no longer shows a service off the list
    assert dialog.status.text().startswith("Deactivated: Trauma Psychology Unit.")
    entry = fresh_demo.directory.get(admin, "trauma-psychology")
    assert entry is not None
    assert not entry.active
    dialog.show_inactive.setChecked(True)
    assert "trauma-psychology" in shown_codes(dialog)
    select(qtbot, dialog, "trauma-psychology")
    assert not dialog.deactivate_button.isEnabled()
    assert not dialog.form.active.isChecked()


def test_a_bad_file_lists_every_line_problem_and_imports_nothing(
    qtbot: QtBot, fresh_demo: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    admin = admin_of(fresh_demo)
    before = exported_text(fresh_demo.directory.export_csv, admin)
    path = tmp_path / "services.csv"
    path.write_text(
        ",".join(CSV_HEADER)
        + "\nnew-service,New Service,legal_aid,pt,all,,,,,,,,\n"
        + "victim-support-lisbon,Renamed,counselling,pt,all,,,,,,,,\n"
        + "x,,shelter,pt,all,,,perhaps,,,,,\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *_a, **_k: (str(path), ""))
    )
    dialog = make_dialog(qtbot, fresh_demo, admin)
    rows_before = shown_codes(dialog)
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    problems = dialog.problems
    assert problems is not None
    qtbot.waitExposed(problems)
    assert problems.problems.toPlainText().splitlines() == [
        "line 3: kind: must be one of: victim_support, legal_aid, psychological, medical,"
        " shelter, interpreter, equality_body, community_organisation, child_support",
        "line 4: code: x is not a service code: 2 to 64 lower-case letters, digits and dashes,"
        " starting with a letter or digit",
        "line 4: name: is required",
        "line 4: address_confidential: must be yes or no",
    ]
    assert problems.heading.text().startswith("Nothing was imported: the file has 4 problems.")
    assert exported_text(fresh_demo.directory.export_csv, admin) == before
    assert shown_codes(dialog) == rows_before
    assert fresh_demo.directory.get(admin, "new-service") is None


def test_a_file_that_is_not_utf8_is_refused(
    qtbot: QtBot, fresh_demo: Services, tmp_path: Path
) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes(
        (",".join(CSV_HEADER) + "\nsvc,Associação,medical,,,,,,,,,,\n").encode("cp1252")
    )
    dialog = make_dialog(qtbot, fresh_demo, admin_of(fresh_demo))
    dialog.import_file(path)
    assert dialog.problems is not None
    assert "not UTF-8" in dialog.problems.problems.toPlainText()


def test_export_then_import_through_the_buttons(
    qtbot: QtBot, fresh_demo: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    admin = admin_of(fresh_demo)
    path = tmp_path / "out.csv"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: (str(path), ""))
    )
    dialog = make_dialog(qtbot, fresh_demo, admin)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert dialog.status.text() == "Exported the directory to out.csv."
    entries, issues = parse_csv(path.read_text(encoding="utf-8"))
    assert issues == []
    assert sorted(entries, key=lambda e: e.code) == sorted(sample_directory(), key=lambda e: e.code)
    edited = path.read_text(encoding="utf-8").replace("Legal Aid Office", "Legal Aid Office (new)")
    path.write_text(edited, encoding="utf-8", newline="")
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *_a, **_k: (str(path), ""))
    )
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    assert dialog.problems is None
    assert dialog.status.text() == f"Imported {len(entries)} services from out.csv."
    legal = fresh_demo.directory.get(admin, "legal-aid-office")
    assert legal is not None
    assert legal.name == "Legal Aid Office (new)"
    row = dialog.model.row_of("legal-aid-office")
    assert row is not None
    assert dialog.model.index(row, NAME).data() == "Legal Aid Office (new)"


def test_an_export_is_the_owner_s_only_and_never_over_the_database(
    qtbot: QtBot, fresh_demo: Services, tmp_path: Path
) -> None:
    dialog = make_dialog(qtbot, fresh_demo, admin_of(fresh_demo))
    path = tmp_path / "out.csv"
    path.write_text("old", encoding="utf-8")  # the save dialog asked before replacing it
    dialog.export_file(path)
    assert dialog.status.text() == "Exported the directory to out.csv."
    assert path.read_text(encoding="utf-8").startswith("code,name,")
    assert path.stat().st_mode & 0o777 == 0o600
    database = fresh_demo.database_file()
    assert database is not None
    before = database.read_bytes()
    dialog.export_file(database)
    assert dialog.message.text() == (
        f"The file cannot be written: {database} is the database in use: choose another file."
    )
    assert database.read_bytes() == before
    dialog.export_file(tmp_path / "missing" / "x.csv")
    assert dialog.message.text() == "The file cannot be written: No such file or directory"


def test_the_main_window_menu_opens_the_directory(
    qtbot: QtBot, demo_services: Services, officer: Actor
) -> None:
    window = MainWindow(demo_services, officer)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    file_menu = window.menuBar().actions()[0].menu()
    assert window.directory_action in file_menu.actions()
    assert window.directory_action.text() == "Support services…"
    window.directory_action.trigger()
    dialog = window.findChild(DirectoryDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert dialog.model.rowCount() > 0
    dialog.close()
