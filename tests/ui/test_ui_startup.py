"""The start-up sequence: sign-in window first, the backend from a thread, then the windows."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from app.config import Settings
from app.domain.marks import DatabaseMark
from app.services import Services
from app.ui.language import apply_screen_language, qt_catalog_loaded
from app.ui.main_window import MainWindow
from app.ui.startup import PROBE_ENV, Startup, describe_failure, hide_password
from app.ui.wizard.pages.incident import IncidentPage

MakeServices = Callable[[Path], Services]


def make_startup(qtbot: QtBot, tmp_path: Path, **options: object) -> Startup:
    startup = Startup(Settings(database_url=f"sqlite:///{tmp_path / 'unused.db'}"), **options)  # type: ignore[arg-type]
    qtbot.addWidget(startup.login)
    return startup


def demo_opener(make_services: MakeServices, tmp_path: Path) -> Callable[[], Services]:
    def opener() -> Services:
        services = make_services(tmp_path / "demo.db")
        services.demo.fill(30)
        return services

    return opener


def test_login_first_then_the_backend_then_the_main_window(
    qtbot: QtBot, tmp_path: Path, services_at: MakeServices
) -> None:
    startup = make_startup(qtbot, tmp_path, opener=demo_opener(services_at, tmp_path))
    try:
        startup.start()
        login = startup.login
        assert login.isVisible()
        assert not login.sign_in_button.isEnabled()
        assert login.status.text() == "Opening the database…"
        qtbot.waitUntil(login.sign_in_button.isEnabled, timeout=10_000)
        assert login.is_demo()  # found out from the database, not from a flag
        assert login.windowTitle() == "Proximity Desk — Sign in — DEMO"

        login.username.setText("officer")
        login.password.setText("demo")
        with qtbot.waitSignal(startup.main_window_shown) as signal:
            qtbot.mouseClick(login.sign_in_button, Qt.MouseButton.LeftButton)
        window = signal.args[0]
        assert isinstance(window, MainWindow)
        qtbot.addWidget(window)
        assert window.isVisible()
        assert not login.isVisible()
        assert window.windowTitle() == "Proximity Desk — Lisbon Centre proximity station — DEMO"
        assert window.banner is not None
        assert window.banner.isVisible()
    finally:
        startup.shutdown()


def test_first_start_then_back_to_the_login(
    qtbot: QtBot, tmp_path: Path, services_at: MakeServices
) -> None:
    startup = make_startup(qtbot, tmp_path, opener=lambda: services_at(tmp_path / "new.db"))
    try:
        startup.start()
        qtbot.waitUntil(lambda: startup.first_start is not None, timeout=10_000)
        dialog = startup.first_start
        assert dialog is not None
        qtbot.addWidget(dialog)
        assert dialog.isVisible()
        assert not startup.login.isVisible()
        dialog.station_code.setText("POR-03")
        dialog.station_name.setText("Porto Bonfim station")
        dialog.username.setText("chief")
        dialog.full_name.setText("Marta Lopes")
        dialog.password.setText("long enough now")
        dialog.repeat.setText("long enough now")
        qtbot.mouseClick(dialog.set_up_button, Qt.MouseButton.LeftButton)
        # A new database is encrypted: its recovery sheet is acknowledged first.
        sheet = dialog.recovery_sheet
        assert sheet is not None
        assert sheet.isVisible()
        sheet.done_box.setChecked(True)  # type: ignore[attr-defined]
        qtbot.mouseClick(sheet.continue_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
        assert not dialog.isVisible()
        login = startup.login
        assert login.isVisible()
        assert login.username.text() == "chief"
        assert login.station_label.text() == "Station: Porto Bonfim station"
        assert login.sign_in_button.isEnabled()
        assert not login.is_demo()
    finally:
        startup.shutdown()


def test_a_database_error_is_a_message_without_the_password(qtbot: QtBot, tmp_path: Path) -> None:
    def broken() -> Services:
        raise RuntimeError(
            "connection to postgresql+psycopg://app:s3cret@db.example/pd failed\ntraceback..."
        )

    startup = make_startup(qtbot, tmp_path, opener=broken)
    try:
        startup.start()
        login = startup.login
        qtbot.waitUntil(login.error.isVisible, timeout=10_000)
        assert "s3cret" not in login.error.text()
        assert "app:***@db.example" in login.error.text()
        assert "traceback" not in login.error.text()
        assert login.status.text() == "The database could not be opened."
        assert not login.sign_in_button.isEnabled()
    finally:
        startup.shutdown()


def test_a_real_unopenable_database_is_a_message(qtbot: QtBot, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    settings = Settings(database_url=f"sqlite:///{blocker / 'x.db'}")
    startup = Startup(settings)
    qtbot.addWidget(startup.login)
    try:
        startup.start()
        login = startup.login
        qtbot.waitUntil(login.error.isVisible, timeout=20_000)
        assert login.error.text().endswith("Check the database setting.")
        assert "Traceback" not in login.error.text()
        assert "sqlalche.me" not in login.error.text()
        assert not login.sign_in_button.isEnabled()
    finally:
        startup.shutdown()


def test_quitting_the_login_asks_to_quit(
    qtbot: QtBot, tmp_path: Path, services_at: MakeServices
) -> None:
    startup = make_startup(qtbot, tmp_path, opener=demo_opener(services_at, tmp_path))
    try:
        startup.start()
        with qtbot.waitSignal(startup.quit_requested) as signal:
            qtbot.mouseClick(startup.login.quit_button, Qt.MouseButton.LeftButton)
        assert signal.args == [0]
    finally:
        startup.shutdown()


def test_the_probe_writes_the_time_and_quits(qtbot: QtBot, tmp_path: Path) -> None:
    probe = tmp_path / "probe.txt"
    opened: list[bool] = []

    def opener() -> Services:
        opened.append(True)
        raise AssertionError("the probe must not wait for the backend")

    startup = make_startup(qtbot, tmp_path, probe=str(probe), opener=opener)
    before = time.time()
    with qtbot.waitSignal(startup.quit_requested) as signal:
        startup.start()
    assert signal.args == [0]
    assert before <= float(probe.read_text(encoding="utf-8")) <= time.time()
    assert opened == []
    startup.shutdown()


def test_demo_flag_builds_and_removes_a_throw_away_database(qtbot: QtBot, tmp_path: Path) -> None:
    startup = make_startup(qtbot, tmp_path, demo=True, demo_cases=20)
    assert startup.login.is_demo()  # said at once, before the database is there
    startup.start()
    try:
        qtbot.waitUntil(startup.login.sign_in_button.isEnabled, timeout=20_000)
        folder = startup._demo_dir
        assert folder is not None
        assert (folder / "demo.sqlite3").is_file()
    finally:
        startup.shutdown()
    assert not folder.exists()
    assert not (tmp_path / "unused.db").exists()  # the configured database was not touched


def test_hide_password() -> None:
    assert hide_password("postgresql://app:pw@host/db") == "postgresql://app:***@host/db"
    assert hide_password("sqlite:////tmp/x.db") == "sqlite:////tmp/x.db"
    assert describe_failure(OSError("disk on fire")) == (
        "disk on fire\nCheck the database setting."
    )
    driver_error = RuntimeError("(sqlite3.OperationalError) unable to open database file\nmore")
    assert describe_failure(driver_error) == (
        "unable to open database file\nCheck the database setting."
    )


@pytest.mark.slow
def test_run_gui_shows_the_login_before_the_backend(tmp_path: Path) -> None:
    probe = tmp_path / "probe.txt"
    database = tmp_path / "never-opened.db"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", **{PROBE_ENV: str(probe)})
    code = (
        "import sys; from app.config import Settings; from app.main import run_gui;"
        f"sys.exit(run_gui(Settings(database_url={f'sqlite:///{database}'!r})))"
    )
    started = time.time()
    result = subprocess.run(
        [sys.executable, "-c", code],
        check=False,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert started < float(probe.read_text(encoding="utf-8")) < time.time()
    assert not database.exists()
    assert "sqlalchemy" not in result.stdout + result.stderr.lower()


def test_qt_s_own_buttons_follow_the_screen_language(qapp: QApplication) -> None:
    try:
        for language, cancel in (("fi", "Peru"), ("pt", "Cancelar"), ("bg", "Отказ")):
            apply_screen_language(language)
            assert qt_catalog_loaded()
            assert QCoreApplication.translate("QPlatformTheme", "Cancel") == cancel
    finally:
        apply_screen_language("en")
    assert not qt_catalog_loaded()
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"


def test_sign_out_saves_an_open_wizard_and_hands_over_to_another_user(
    qtbot: QtBot, tmp_path: Path, services_at: MakeServices
) -> None:
    startup = make_startup(qtbot, tmp_path, opener=demo_opener(services_at, tmp_path))
    try:
        startup.start()
        login = startup.login
        qtbot.waitUntil(login.sign_in_button.isEnabled, timeout=10_000)
        login.username.setText("officer")
        login.password.setText("demo")
        with qtbot.waitSignal(startup.main_window_shown) as signal:
            login.sign_in()
        window = signal.args[0]
        wizard = window.new_case()
        assert wizard is not None
        reference = wizard.record().reference
        while not isinstance(wizard.currentPage(), IncidentPage):
            wizard.next()
        page = wizard.currentPage()
        assert isinstance(page, IncidentPage)
        page.place.setText("Rua Augusta 10")  # typed, not yet saved
        assert window.sign_out()
        assert login.isVisible()
        assert login.username.text() == ""
        assert not wizard.isVisible()
        # Another user signs in on the same workstation.
        login.username.setText("supervisor")
        login.password.setText("demo")
        with qtbot.waitSignal(startup.main_window_shown) as signal:
            login.sign_in()
        second = signal.args[0]
        qtbot.addWidget(second)
        assert "Carlos Mendes" in second.user_label.text()
        services = startup.services
        assert services is not None
        supervisor = services.accounts.authenticate("supervisor", "demo")
        actions = [(e.username, e.action) for e in services.audit.entries(supervisor, limit=10)]
        assert ("officer", "logout") in actions
        case_id, _version = services.cases.locate(supervisor, reference)
        saved = services.cases.open_case(supervisor, case_id, "check")
        assert saved.record.place == "Rua Augusta 10"  # saved as the wizard closed
    finally:
        startup.shutdown()


def test_training_flag_signs_in_for_real_then_opens_the_training_window(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """`proximity-desk --demo --training`: the sign-in is the real (demo) database's; the window
    after it is the training one, beside the demo database and removed with it."""
    startup = make_startup(qtbot, tmp_path, demo=True, demo_cases=20, training=True)
    startup.start()
    try:
        login = startup.login
        qtbot.waitUntil(login.sign_in_button.isEnabled, timeout=20_000)
        login.username.setText("officer")
        login.password.setText("demo")
        with qtbot.waitSignal(startup.main_window_shown, timeout=20_000) as signal:
            qtbot.mouseClick(login.sign_in_button, Qt.MouseButton.LeftButton)
        window = signal.args[0]  # deletes itself on close
        assert window.training
        assert window.windowTitle().endswith(" — TRAINING")
        assert window.case_list.model.rowCount() == 0  # none of the demo's cases
        titles = [window.navigation.item(r).text() for r in range(window.navigation.count())]
        assert "Worked cases" in titles
        folder = startup._demo_dir
        assert folder is not None
        assert (folder / "training.sqlite3").is_file()
        window.close()
    finally:
        startup.shutdown()
    assert not folder.exists()


def test_training_pointed_at_the_stations_database_is_refused_back_to_the_sign_in(
    qtbot: QtBot, tmp_path: Path, services_at: MakeServices, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`PROXIMITY_DESK_TRAINING_DB` (or the settings file) naming the station's own database:
    `proximity-desk --training` says why and goes back to the sign-in; the database is not
    marked training and gets no practice case."""
    from PySide6.QtWidgets import QMessageBox  # noqa: PLC0415

    real_url = f"sqlite:///{tmp_path / 'demo.db'}"
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: said.append(text))
    settings = Settings(database_url=real_url, training_database_url=real_url)
    startup = Startup(settings, opener=demo_opener(services_at, tmp_path), training=True)
    qtbot.addWidget(startup.login)
    startup.start()
    try:
        login = startup.login
        qtbot.waitUntil(login.sign_in_button.isEnabled, timeout=20_000)
        login.username.setText("officer")
        login.password.setText("demo")
        qtbot.mouseClick(login.sign_in_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: bool(said), timeout=20_000)
        assert said == ["The training database cannot be the station's database."]
        assert login.isVisible()
        assert startup.services is not None
        assert startup.services.mark() is not DatabaseMark.TRAINING
    finally:
        startup.shutdown()
