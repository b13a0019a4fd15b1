"""The start-up sequence: the sign-in window first, the database behind it.

Importing SQLAlchemy and opening (or migrating, or filling a demo) database takes from half a second
to several seconds, so the sign-in window is shown and painted first, with Sign in disabled, and
the backend is built in a background thread. The thread hands its result to the GUI thread through
a queued signal. This module (like login.py) imports only Qt and the gettext helpers: everything
heavier is imported when it is needed.
"""

from __future__ import annotations

import contextlib
import re
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from app.domain.marks import DatabaseMark
from app.i18n import _, language
from app.i18n.pseudo import is_pseudo
from app.ui.login import LoginDialog

if TYPE_CHECKING:
    from app.config import Settings
    from app.services import Services
    from app.services.context import Actor
    from app.ui.first_start import FirstStartDialog
    from app.ui.main_window import MainWindow

PROBE_ENV = "PROXIMITY_DESK_STARTUP_PROBE"
# If the first paint never comes (a minimised start), the backend starts anyway after this.
BACKEND_FALLBACK_MS = 500
# SQLAlchemy starts its messages with the driver's exception class: "(sqlite3.OperationalError) ".
_DRIVER_PREFIX = re.compile(r"^\([\w.]+\)\s*")
_URL_PASSWORD = re.compile(r"(://[^:/@\s]*:)[^@\s]*@")


class BackendReady:
    """What the thread found: the services, and whether this is a first start or a demo."""

    __slots__ = ("demo", "needs_setup", "services")

    def __init__(self, services: Services, needs_setup: bool, demo: DatabaseMark) -> None:
        self.services = services
        self.needs_setup = needs_setup
        self.demo = demo


def hide_password(text: str) -> str:
    """Database URLs in a message keep their user name but lose their password."""
    return _URL_PASSWORD.sub(r"\1***@", text)


def describe_failure(error: Exception) -> str:
    """What went wrong, in words a person can act on: no traceback, no password."""
    try:
        from app.services.errors import ServiceError  # noqa: PLC0415 - loaded with the backend
    except ImportError:  # the backend itself is broken: say so below, like any other failure
        pass
    else:
        if isinstance(error, ServiceError):
            return str(error)
    first_line = (str(error).strip().splitlines() or [type(error).__name__])[0]
    first_line = _DRIVER_PREFIX.sub("", first_line)
    # The login window already says "The database could not be opened."; this is the why.
    return hide_password(_("{error}\nCheck the database setting.").format(error=first_line))


class _Bridge(QObject):
    """Lives in the GUI thread; the worker thread emits, the GUI thread receives (queued)."""

    ready = Signal(object)
    failed = Signal(str)


class Startup(QObject):
    """Drives sign-in, first start and the main window. `quit_requested(code)` ends the program."""

    quit_requested = Signal(int)
    main_window_shown = Signal(object)

    def __init__(
        self,
        settings: Settings,
        *,
        demo: bool = False,
        demo_cases: int = 300,
        training: bool = False,
        probe: str | None = None,
        opener: Callable[[], Services] | None = None,
    ) -> None:
        super().__init__()
        self.settings = settings
        self.demo_requested = demo
        self.demo_cases = demo_cases
        self.probe = probe
        self._opener = opener or self._open_backend
        self._bridge = _Bridge()
        # Both ends are GUI-thread objects and the worker thread emits: Qt queues the call.
        self._bridge.ready.connect(self._ready)
        self._bridge.failed.connect(self._failed)
        self._thread: threading.Thread | None = None
        self._demo_dir: Path | None = None
        self.services: Services | None = None
        self._opened: Services | None = None  # set by the thread; closed at the end in any case
        self.demo = DatabaseMark.DEMO if demo else DatabaseMark.NONE  # until the database says
        self.training = training  # the main window opens over the training database
        self.first_start: FirstStartDialog | None = None
        self.main_window: MainWindow | None = None
        self.trainee_of: Actor | None = None  # `--training`: the user signed in to the real one

        self.login = LoginDialog()
        self.login.set_demo(self.demo)
        self.login.signed_in.connect(self._signed_in)
        self.login.rejected.connect(lambda: self.quit_requested.emit(0))
        self.login.first_painted.connect(self._first_painted)

    def start(self) -> None:
        self.login.show()
        if self.probe is None:
            QTimer.singleShot(BACKEND_FALLBACK_MS, self, self._start_backend)

    def _first_painted(self) -> None:
        # Queued: runs once this first paint has been done.
        QTimer.singleShot(0, self, self._first_paint_done)

    def _first_paint_done(self) -> None:
        if self.probe is not None:
            Path(self.probe).write_text(repr(time.time()), encoding="utf-8")
            self.quit_requested.emit(0)
            return
        self._start_backend()

    # ------------------------------------------------------------------ the backend thread

    def _start_backend(self) -> None:
        if self._thread is not None:
            return
        # A daemon: a person who quits during a long demo fill is not kept waiting.
        self._thread = threading.Thread(target=self._work, name="open-database", daemon=True)
        self._thread.start()

    def _work(self) -> None:
        try:
            services = self._opener()
            self._opened = services
            ready = BackendReady(services, services.accounts.needs_setup(), services.mark())
        except Exception as error:
            self._bridge.failed.emit(describe_failure(error))
            return
        self._bridge.ready.emit(ready)

    def _open_backend(self) -> Services:
        from app.services import open_services  # noqa: PLC0415 - imports SQLAlchemy: ~0.5 s

        if not self.demo_requested:
            return open_services(self.settings.database_url)
        import tempfile  # noqa: PLC0415 - not needed before the first paint

        self._demo_dir = Path(tempfile.mkdtemp(prefix="proximity-desk-demo-"))
        services = open_services(
            f"sqlite:///{self._demo_dir / 'demo.sqlite3'}",
            audit_keys=self._demo_dir / "audit-keys",
            database_keys=self._demo_dir / "database-keys",  # removed with the demo
        )
        services.demo.fill(self.demo_cases)
        return services

    def wait_for_backend(self, timeout: float = 30) -> None:
        if self._thread is not None:
            self._thread.join(timeout)

    @Slot(object)
    def _ready(self, ready: BackendReady) -> None:
        self.services = ready.services
        self.demo = ready.demo
        self.login.set_demo(ready.demo)
        if ready.needs_setup:
            self._show_first_start(ready.services)
        else:
            self.login.set_services(ready.services)
            if ready.services.encryption.state() == "plain":  # until an administrator encrypts it
                from app.services.database_keys import plain_warning  # noqa: PLC0415

                self.login.status.setText(plain_warning())
                self.login.status.show()

    @Slot(str)
    def _failed(self, message: str) -> None:
        self.login.set_failed(message)

    # ------------------------------------------------------------------ the windows

    def _show_first_start(self, services: Services) -> None:
        from app.ui.first_start import FirstStartDialog  # noqa: PLC0415

        dialog = FirstStartDialog(services)
        dialog.set_up_done.connect(self._set_up_done)
        dialog.rejected.connect(lambda: self.quit_requested.emit(0))
        self.first_start = dialog
        dialog.show()  # before the login hides: the program must never be without a window
        self.login.hide()

    def _set_up_done(self, actor: Actor) -> None:
        if self.services is None:
            return
        self.login.set_services(self.services)
        self.login.set_station(actor.station_name)
        self.login.set_username(actor.username)
        self.login.show()

    def _signed_in(self, actor: Actor) -> None:
        from app.ui.main_window import MainWindow  # noqa: PLC0415

        if self.services is None:
            return
        if actor.must_change_password:  # an administrator's reset: their own password first
            self._ask_new_password(actor)
            return
        # The user's own choice, unless the program runs in the layout-testing pseudo-language.
        if actor.language and actor.language != language() and not is_pseudo(language()):
            from app.ui.language import apply_screen_language  # noqa: PLC0415

            apply_screen_language(actor.language)
        idle_lock_ms = self.settings.idle_lock_minutes * 60_000
        if self.training:
            window = self._training_window(actor, idle_lock_ms)
            if window is None:
                return
            self.main_window = window
            self.trainee_of = actor  # signed in to the real database: signed out of it too
        else:
            self.main_window = MainWindow(
                self.services,
                actor,
                demo=self.demo,
                idle_lock_ms=idle_lock_ms,
                small_cell_threshold=self.settings.small_cell_threshold,
                training_url=self.training_url(),
            )
        self.main_window.signed_out.connect(self._signed_out)
        self.main_window.idle_lock.taken_over.connect(self._taken_over)
        self.main_window.show()
        # Drafts typed while the database could not be reached, left by a program closed then.
        from app.ui.wizard.offline import save_left_journal  # noqa: PLC0415

        if save_left_journal(self.main_window, self.services, actor) is not None:
            self.main_window.case_list.reload()
        # After a crash or a power cut: the officer's unfinished draft, where it was left.
        self.main_window.offer_resume()
        self.main_window_shown.emit(self.main_window)

    def training_url(self) -> str:
        """Where training happens: beside a demo database (and removed with it), else where the
        settings say."""
        if self._demo_dir is not None:
            return f"sqlite:///{self._demo_dir / 'training.sqlite3'}"
        return self.settings.training_database_url

    def _training_window(self, actor: Actor, idle_lock_ms: int) -> MainWindow | None:
        """`--training`: the main window over the training database; if it cannot be opened,
        why, and back to the sign-in window."""
        from PySide6.QtWidgets import QMessageBox  # noqa: PLC0415

        from app.services.errors import ServiceError  # noqa: PLC0415 - with the services
        from app.ui.main_window import MainWindow  # noqa: PLC0415
        from app.ui.training.window import training_main_window  # noqa: PLC0415

        assert self.services is not None
        try:
            window: MainWindow = training_main_window(
                MainWindow, self.services, actor, self.training_url(), idle_lock_ms=idle_lock_ms
            )
            return window
        except ServiceError as error:
            with contextlib.suppress(ServiceError):
                self.services.accounts.sign_out(actor)
            self.login.set_username("")
            message = str(error)

            def back_to_sign_in() -> None:
                self.login.show()
                QMessageBox.warning(self.login, _("Training"), message)

            # After the sign-in window has closed itself (it emits, then accepts).
            QTimer.singleShot(0, back_to_sign_in)
            return None

    def _taken_over(self, actor: Actor) -> None:
        """Another user signed in at the idle lock: their main window, then the locked one
        closes (its wizards closed already, their typing saved)."""
        window = self.main_window
        self._signed_in(actor)
        if window is not None:
            window.close()
            window.deleteLater()

    def _ask_new_password(self, actor: Actor) -> None:
        """The main window opens once the user chose their own password; cancelled, they are
        signed out and back at the sign-in window."""
        from app.ui.accounts.password import PasswordDialog  # noqa: PLC0415

        if self.services is None:
            return
        services = self.services
        dialog = PasswordDialog(services, actor)
        self.password_dialog: PasswordDialog | None = dialog
        dialog.accepted.connect(lambda: self._signed_in(dialog.actor))

        def cancelled() -> None:
            services.accounts.sign_out(actor)
            self.login.set_username("")
            self.login.show()

        dialog.rejected.connect(cancelled)
        dialog.show()  # before the login hides: the program must never be without a window
        self.login.hide()

    def _signed_out(self) -> None:
        """Back to the sign-in window, shown before the main window closes so that the program
        does not take the last window's closing for its end."""
        window, self.main_window = self.main_window, None
        if window is None:
            return
        actor, self.trainee_of = self.trainee_of, None
        if actor is not None and self.services is not None:  # the training window signed out
            from app.services.errors import ServiceError  # noqa: PLC0415

            with contextlib.suppress(ServiceError):
                self.services.accounts.sign_out(actor)
        self.login.set_username("")
        self.login.show()
        window.close()
        window.deleteLater()

    # ------------------------------------------------------------------ the end

    def shutdown(self) -> None:
        """Closes the database and removes a demo database's folder."""
        self.wait_for_backend(timeout=10)
        from app.ui.case_list.model import COUNTING  # noqa: PLC0415 - loaded after sign-in only

        COUNTING.waitForDone()  # a count still running must not outlive the database
        if self._opened is not None:
            self._opened.close()
        if self._demo_dir is not None:
            import shutil  # noqa: PLC0415

            shutil.rmtree(self._demo_dir, ignore_errors=True)
