"""The stations screen (administrators) and the print dialog's warning when a victim's printout
would lack the station's contacts."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from app.domain.case import Role
from app.services import Services
from app.services.context import Actor
from app.ui.main_window import MainWindow
from app.ui.printing import CONSENT, LEAFLET, PROSECUTOR, PrintDialog
from app.ui.stations import StationsDialog
from tests.ui.test_printing import case_with_referral, print_events

FLAG = "No address or phone for the victim's printouts"


def sign_in(services: Services, role: Role) -> Actor:
    return services.accounts.authenticate(role.value, "demo")


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def activate(qtbot: QtBot, window: QWidget) -> None:
    """Shown and active, so that its keyboard shortcuts work (offscreen too)."""
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def type_and_tab(qtbot: QtBot, text: str) -> None:
    qtbot.keyClicks(focused(), text)
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)


def test_an_administrator_adds_and_completes_a_station_by_keyboard(
    qtbot: QtBot, fresh_demo: Services
) -> None:
    admin = sign_in(fresh_demo, Role.ADMIN)
    window = MainWindow(fresh_demo, admin)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    action = window.findChild(QAction, "stations")
    assert action is not None
    action.trigger()
    dialog = window.findChild(StationsDialog)
    assert isinstance(dialog, StationsDialog)
    activate(qtbot, dialog)
    assert dialog.flagged() == []  # the demo's stations have their contacts

    qtbot.keyClick(dialog, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert focused() is dialog.form.code
    type_and_tab(qtbot, "FAR-01")
    type_and_tab(qtbot, "Faro proximity station")
    qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert dialog.status.text() == "Saved: Faro proximity station."
    assert dialog.flagged() == ["FAR-01"]
    row = [s.code for s in dialog.stations].index("FAR-01")
    assert dialog.table.item(row, 3).text() == FLAG
    assert dialog.form.code.isReadOnly()  # the station is now being edited

    dialog.form.address.setFocus()
    type_and_tab(qtbot, "Rua de Santo Antonio 1, Faro")
    type_and_tab(qtbot, "+351 289 000 000")
    type_and_tab(qtbot, "far-01@police.example")
    type_and_tab(qtbot, "Mon-Fri 08:00-20:00")
    assert focused() is dialog.form.language
    qtbot.keyClicks(focused(), "Portuguese")  # a combo box picks by typing its entry's start
    qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert dialog.flagged() == []
    [faro] = [s for s in fresh_demo.stations.list_stations(admin) if s.code == "FAR-01"]
    assert (faro.address, faro.phone, faro.email, faro.language) == (
        "Rua de Santo Antonio 1, Faro", "+351 289 000 000", "far-01@police.example", "pt",
    )  # fmt: skip


def test_a_refused_station_says_why_under_each_field_and_saves_nothing(
    qtbot: QtBot, fresh_demo: Services
) -> None:
    admin = sign_in(fresh_demo, Role.ADMIN)
    dialog = StationsDialog(fresh_demo, admin)
    qtbot.addWidget(dialog)
    activate(qtbot, dialog)
    before = fresh_demo.stations.list_stations(admin)
    dialog.new_station()
    dialog.form.code.setText("faro")
    dialog.form.email.setText("far-01")
    dialog.save()
    errors = {field: label.text() for field, label in dialog.form.errors.items() if label.text()}
    assert errors == {
        "code": "is not a station code like LIS-01",
        "name": "is required",
        "email": "is not an e-mail address like name@example.org",
    }
    assert focused() is dialog.form.code
    assert fresh_demo.stations.list_stations(admin) == before


@pytest.mark.parametrize("role", [Role.OFFICER, Role.SUPERVISOR])
def test_only_administrators_see_the_stations(
    qtbot: QtBot, fresh_demo: Services, role: Role
) -> None:
    actor = sign_in(fresh_demo, role)
    window = MainWindow(fresh_demo, actor)
    qtbot.addWidget(window)
    assert window.findChild(QAction, "stations") is None
    dialog = StationsDialog(fresh_demo, actor)  # were it opened all the same: the service refuses
    qtbot.addWidget(dialog)
    assert dialog.message.text() == "Your role does not allow this."
    assert dialog.stations == []


def without_contacts(services: Services, code: str = "LIS-01") -> None:
    services.stations.update_station(sign_in(services, Role.ADMIN), code, address="", phone="")


def test_the_print_dialog_warns_before_a_victims_printout_without_the_station_s_contacts(
    qtbot: QtBot, fresh_demo: Services
) -> None:
    officer = sign_in(fresh_demo, Role.OFFICER)
    record = case_with_referral(fresh_demo, officer)
    without_contacts(fresh_demo, record.station_code)
    dialog = PrintDialog(fresh_demo, officer, record)
    qtbot.addWidget(dialog)
    dialog.reason.setEditText("Own case work")
    before = len(print_events(fresh_demo, record.reference))
    for kind in (LEAFLET, CONSENT):
        dialog.document.setCurrentIndex(dialog.document.findData(kind))
        assert dialog.show_printout() is None
        box = dialog.contacts_warning
        assert isinstance(box, QMessageBox)
        assert box.isVisible()
        assert "no address or phone" in box.text()
        assert box.defaultButton().text() == "Cancel"
        box.defaultButton().click()  # cancelled: nothing printed
        assert print_events(fresh_demo, record.reference)[before:] == []
    dialog.document.setCurrentIndex(dialog.document.findData(PROSECUTOR))
    dialog.contacts_warning = None
    shown = dialog.show_printout()  # the prosecutor's report is not taken home: no warning
    assert shown is not None
    qtbot.addWidget(shown)
    assert dialog.contacts_warning is None


def test_the_officer_may_print_anyway_after_the_warning(qtbot: QtBot, fresh_demo: Services) -> None:
    officer = sign_in(fresh_demo, Role.OFFICER)
    without_contacts(fresh_demo)
    window = MainWindow(fresh_demo, officer)
    qtbot.addWidget(window)
    dialog = window.print_leaflet()  # the station's own stock is for victims too
    assert isinstance(dialog, PrintDialog)
    qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
    box = dialog.contacts_warning
    assert box is not None
    [anyway] = [b for b in box.buttons() if b.text() == "Print &anyway"]
    anyway.click()
    assert dialog.preview is not None
    qtbot.addWidget(dialog.preview)
    assert print_events(fresh_demo, "")[-1][0] == "print"
