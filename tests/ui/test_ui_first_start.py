"""First start on an empty database: the station and its administrator."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from app.services import Services
from app.ui.first_start import FirstStartDialog


def make_dialog(qtbot: QtBot, services: Services) -> FirstStartDialog:
    dialog = FirstStartDialog(services)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def fill(dialog: FirstStartDialog, **values: str) -> None:
    defaults = {
        "station_code": "LIS-01",
        "station_name": "Lisbon Centre proximity station",
        "username": "rfonseca",
        "full_name": "Rita Fonseca",
        "password": "correct horse",
        "repeat": "correct horse",
    }
    defaults.update(values)
    for field, value in defaults.items():
        getattr(dialog, field).setText(value)


def visible_errors(dialog: FirstStartDialog) -> dict[str, str]:
    return {field: label.text() for field, label in dialog.errors.items() if label.isVisible()}


def test_pack_choice_lists_the_packs(qtbot: QtBot, empty_services: Services) -> None:
    dialog = make_dialog(qtbot, empty_services)
    ids = [dialog.protocol_pack.itemData(i) for i in range(dialog.protocol_pack.count())]
    assert set(ids) == set(empty_services.backend.packs)
    assert dialog.protocol_pack.currentData() == "eu-baseline"
    assert dialog.protocol_pack.currentText() == "eu-baseline: EU baseline"


def test_set_up_creates_the_station_and_administrator(
    qtbot: QtBot, empty_services: Services
) -> None:
    assert empty_services.accounts.needs_setup()
    dialog = make_dialog(qtbot, empty_services)
    fill(dialog)
    with qtbot.waitSignal(dialog.set_up_done) as signal:
        qtbot.mouseClick(dialog.set_up_button, Qt.MouseButton.LeftButton)
    actor = signal.args[0]
    assert actor.username == "rfonseca"
    assert actor.station_name == "Lisbon Centre proximity station"
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert not empty_services.accounts.needs_setup()
    signed_in = empty_services.accounts.authenticate("rfonseca", "correct horse")
    assert signed_in.role.value == "admin"
    assert signed_in.station_code == "LIS-01"


def test_refused_input_is_shown_beside_its_fields(qtbot: QtBot, empty_services: Services) -> None:
    dialog = make_dialog(qtbot, empty_services)
    fill(dialog, station_code="lisbon", station_name="", password="short", repeat="short")
    with qtbot.assertNotEmitted(dialog.set_up_done):
        qtbot.mouseClick(dialog.set_up_button, Qt.MouseButton.LeftButton)
    errors = visible_errors(dialog)
    assert set(errors) == {"station_code", "station_name", "password"}
    assert errors["station_code"] == "is not a station code like LIS-01"
    assert errors["station_name"] == "is required"
    assert errors["password"] == "must have at least 12 characters"
    # Nothing typed is lost.
    assert dialog.station_code.text() == "lisbon"
    assert dialog.username.text() == "rfonseca"
    assert dialog.password.text() == "short"
    assert dialog.isVisible()
    assert empty_services.accounts.needs_setup()
    # Corrected, the messages go away and the set-up succeeds.
    fill(dialog, station_code="LIS-01")
    with qtbot.waitSignal(dialog.set_up_done):
        qtbot.mouseClick(dialog.set_up_button, Qt.MouseButton.LeftButton)
    assert visible_errors(dialog) == {}


def test_bad_user_name_is_shown_beside_the_user_name(
    qtbot: QtBot, empty_services: Services
) -> None:
    dialog = make_dialog(qtbot, empty_services)
    fill(dialog, username="Rita Fonseca", full_name=" ")
    qtbot.mouseClick(dialog.set_up_button, Qt.MouseButton.LeftButton)
    errors = visible_errors(dialog)
    assert set(errors) == {"username", "full_name"}
    assert "lower-case letters" in errors["username"]


def test_passwords_must_match(qtbot: QtBot, empty_services: Services) -> None:
    dialog = make_dialog(qtbot, empty_services)
    fill(dialog, repeat="correct horsf")
    with qtbot.assertNotEmitted(dialog.set_up_done):
        qtbot.mouseClick(dialog.set_up_button, Qt.MouseButton.LeftButton)
    assert visible_errors(dialog) == {"repeat": "The two passwords are not the same."}
    assert empty_services.accounts.needs_setup()
    assert dialog.password.text() == "correct horse"


def test_a_second_set_up_is_refused_with_a_general_message(
    qtbot: QtBot, empty_services: Services
) -> None:
    first = make_dialog(qtbot, empty_services)
    second = make_dialog(qtbot, empty_services)
    fill(first)
    qtbot.mouseClick(first.set_up_button, Qt.MouseButton.LeftButton)
    fill(second, username="another")
    qtbot.mouseClick(second.set_up_button, Qt.MouseButton.LeftButton)
    assert second.general_error.isVisible()
    assert "already set up" in second.general_error.text()
