"""The main window after signing in: menus, who is signed in, and the case list."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSizePolicy,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.config import DEFAULT_IDLE_LOCK_MINUTES
from app.domain.case import CaseQuery, CaseStatus, Role
from app.domain.marks import DatabaseMark
from app.i18n import _, format_date, language, ngettext
from app.ui import labels
from app.ui.case_list.view import CaseListWidget
from app.ui.case_view.view import CaseViewDialog
from app.ui.language import SCREEN_LANGUAGES, apply_screen_language
from app.ui.lock import IdleLock
from app.ui.views import REGISTERED, shown_on
from app.ui.widgets.banner import DemoBanner, demo_title
from app.ui.widgets.window_marks import WindowMarks

if TYPE_CHECKING:
    from app.services import Services
    from app.services.cases import OpenedCase
    from app.services.context import Actor
    from app.ui.wizard.wizard import CaseWizard


class MainWindow(QMainWindow):
    signed_out = Signal()  # File > Sign out: the workstation goes back to the sign-in window

    def __init__(
        self,
        services: Services,
        actor: Actor,
        *,
        demo: DatabaseMark | None = None,
        idle_lock_ms: int = DEFAULT_IDLE_LOCK_MINUTES * 60_000,
        small_cell_threshold: int = 0,  # app.config: for the statistics view's exports
        training_url: str = "",  # app.config: File > Training opens it (none if "")
        signed_in: tuple[Services, Actor] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        # `signed_in`: the real database and its user, when this window shows the training
        # database (app.ui.training.window): the lock asks the real one for the password.
        super().__init__(parent)
        if parent is not None:
            self.setWindowFlag(Qt.WindowType.Window)
        self.small_cell_threshold = small_cell_threshold
        self.idle_lock_ms = idle_lock_ms
        self.training_url = training_url
        self.training_window: MainWindow | None = None
        self.services = services
        self.actor = actor
        self.demo = services.mark() if demo is None else demo
        self._offer_exercises(training_url)
        self.pack = services.cases.station_pack(actor)
        self.case_list = CaseListWidget(services, actor, self.pack, demo=self.demo)
        self.case_list.wizard_opened.connect(self._wizard_opened)
        self.resume_question: QMessageBox | None = None
        self.toolbar: QToolBar | None = None
        self.new_case_action: QAction | None = None

        # A frame: the navigation bar on the left, the chosen view on the right. The case list
        # comes first; every other view registers itself (app.ui.views) and shows to the roles
        # it says.
        import app.ui.accounts.view  # noqa: PLC0415 - each registers its view
        import app.ui.audit.view  # noqa: PLC0415
        import app.ui.followup.view  # noqa: PLC0415
        import app.ui.review.queue  # noqa: PLC0415
        import app.ui.statistics.view  # noqa: PLC0415
        import app.ui.subject_access.view  # noqa: PLC0415
        import app.ui.training.trainer  # noqa: PLC0415
        import app.ui.training.view  # noqa: F401, PLC0415

        self.training = services.training.is_training()
        if self.demo is DatabaseMark.TRAINING:  # its dialogs say TRAINING as it does
            WindowMarks(self, self.demo)
        self.views: list[QWidget] = [
            view(services, actor, self.demo)
            for view in REGISTERED
            if view.shown_to(actor) and shown_on(view, self.training)
        ]
        for view in self.views:
            opened = getattr(view, "case_opened", None)
            if opened is not None:
                opened.connect(self.case_list.case_opened)
            edit = getattr(view, "edit_wanted", None)  # a view that opens cases in the wizard
            if edit is not None:
                edit.connect(self.case_list.edit)
                self.case_list.wizard_opened.connect(view.wizard_opened)  # type: ignore[attr-defined]
        # A change to a case opened from any list shows in every view and its count.
        self.case_list.case_opened.connect(lambda view: view.changed.connect(self._refresh_views))
        self.navigation = QListWidget()
        self.navigation.setObjectName("navigation")
        self.navigation.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Expanding)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.case_list)
        for view in self.views:
            self.stack.addWidget(view)
        self.navigation.currentRowChanged.connect(self._show_view)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 6)
        self.banner: DemoBanner | None = None
        if self.demo:
            self.banner = DemoBanner(self.demo)
            layout.addWidget(self.banner)
        frame = QHBoxLayout()
        frame.addWidget(self.navigation)
        frame.addWidget(self.stack, 1)
        layout.addLayout(frame, 1)
        self.navigation.setVisible(bool(self.views))  # one view alone needs no navigation
        self.setCentralWidget(central)
        self._build_texts()
        self.resize(1366, 768)
        self.case_list.search.setFocus()
        # After the idle time the session locks (app.ui.lock).
        locker, locked = signed_in or (services, actor)
        self.idle_lock = IdleLock(self, locker, locked, idle_lock_ms, self.demo)

    def _build_texts(self) -> None:
        """Title, menus, toolbar and status line in the screen language; built again after a
        language switch."""
        actor = self.actor
        self.setWindowTitle(
            demo_title(
                _("Proximity Desk — {station}").format(station=actor.station_name), self.demo
            )
        )
        self.menuBar().clear()
        file_menu = self.menuBar().addMenu(_("&File"))
        # Officers and supervisors write cases; an administrator only looks after the program.
        self.new_case_action = None
        if actor.role in (Role.OFFICER, Role.SUPERVISOR):
            self.new_case_action = QAction(_("&New case"), self)
            self.new_case_action.setObjectName("newCase")
            self.new_case_action.setShortcut(QKeySequence.StandardKey.New)
            self.new_case_action.setToolTip(_("Start a new case in the wizard (Ctrl+N)"))
            self.new_case_action.triggered.connect(self.new_case)
            file_menu.addAction(self.new_case_action)
            file_menu.addSeparator()
        leaflet_action = QAction(_("Victim-rights &leaflet…"), self)
        leaflet_action.setObjectName("leaflet")
        leaflet_action.triggered.connect(self.print_leaflet)
        file_menu.addAction(leaflet_action)
        self.directory_action = QAction(_("Support services…"), self)
        self.directory_action.triggered.connect(self.open_directory)
        file_menu.addAction(self.directory_action)
        if actor.role is Role.ADMIN:
            stations_action = QAction(_("Stations…"), self)
            stations_action.setObjectName("stations")
            stations_action.triggered.connect(self.open_stations)
            file_menu.addAction(stations_action)
        if self.training_url and not self.training:
            training_action = QAction(_("&Training"), self)
            training_action.setObjectName("training")
            training_action.setToolTip(_("Practise on the training database, beside this one"))
            training_action.triggered.connect(self.open_training)
            file_menu.addAction(training_action)
        file_menu.addSeparator()
        sign_out_action = QAction(_("Sign &out"), self)
        sign_out_action.setObjectName("signOut")
        sign_out_action.triggered.connect(self.sign_out)
        file_menu.addAction(sign_out_action)
        quit_action = QAction(_("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        self.language_menu = self._language_menu()
        self._navigation_texts()
        help_menu = self.menuBar().addMenu(_("&Help"))
        about_action = QAction(_("&About Proximity Desk"), self)
        about_action.triggered.connect(self.show_about)
        help_menu.addAction(about_action)

        if self.toolbar is not None:
            self.removeToolBar(self.toolbar)
            self.toolbar.deleteLater()
        self.toolbar = toolbar = QToolBar(_("Case list"))
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        if self.new_case_action is not None:
            toolbar.addAction(self.new_case_action)
        open_action = QAction(_("Open case…"), self)
        open_action.triggered.connect(self._open_selected)
        toolbar.addAction(open_action)
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(spacer)
        self.user_label = QLabel(
            _("Signed in: {name} ({username}) · {role} · {station}").format(
                name=actor.full_name,
                username=actor.username,
                role=labels.label(actor.role),
                station=actor.station_code,
            )
        )
        self.user_label.setObjectName("signedInUser")
        self.user_label.setTextFormat(Qt.TextFormat.PlainText)
        self.user_label.setContentsMargins(0, 0, 8, 0)
        toolbar.addWidget(self.user_label)
        self.addToolBar(toolbar)
        self.statusBar().showMessage(
            _("{station} · protocol {pack} {version}").format(
                station=actor.station_name, pack=_(self.pack.name), version=self.pack.version
            )
        )

    # ------------------------------------------------------------------ the screen language

    def _language_menu(self) -> QMenu:
        menu = self.menuBar().addMenu(_("&Language"))
        menu.setObjectName("languageMenu")
        group = QActionGroup(menu)
        for code, name in SCREEN_LANGUAGES.items():
            action = QAction(name, menu)
            action.setObjectName(f"language-{code}")
            action.setCheckable(True)
            action.setChecked(code == language())
            action.triggered.connect(lambda _checked=False, code=code: self.switch_language(code))
            group.addAction(action)
            menu.addAction(action)
        return menu

    def switch_language(self, code: str) -> None:
        """Every open screen changes to `code` at once, open wizards with everything typed in
        them; the choice is kept for the user's next sign-in, on any workstation."""
        from app.services.errors import ServiceError  # noqa: PLC0415 - with the services

        if code == language():
            return
        apply_screen_language(code)
        try:
            self.actor = self.services.accounts.set_language(self.actor, code)
        except ServiceError as error:  # the screens change anyway; only the memory failed
            QMessageBox.warning(self, _("Language not remembered"), str(error))
        self._build_texts()
        if self.banner is not None:
            self.banner.retranslate()
        self.case_list.retranslate()
        for other in self.views:
            other.retranslate()  # type: ignore[attr-defined]
        self._navigation_texts()
        for view in self.findChildren(CaseViewDialog):
            view.retranslate()

    def _navigation_texts(self) -> None:
        """The navigation bar's entries in the screen language, with their counts."""
        if not hasattr(self, "navigation"):
            return
        titles = [_("Cases")] + [view.navigation_title() for view in self.views]  # type: ignore[attr-defined]
        row = max(self.navigation.currentRow(), 0)
        self.navigation.blockSignals(True)
        self.navigation.clear()
        self.navigation.addItems(titles)
        self.navigation.setCurrentRow(row)
        self.navigation.blockSignals(False)
        self.navigation.setFixedWidth(self.navigation.sizeHintForColumn(0) + 24)

    def _refresh_views(self) -> None:
        for view in self.views:
            view.refresh()  # type: ignore[attr-defined]
        self._navigation_texts()

    def _show_view(self, row: int) -> None:
        if row < 0:
            return
        self.stack.setCurrentIndex(row)
        if row > 0:
            self.views[row - 1].refresh()  # type: ignore[attr-defined]
            self._navigation_texts()

    def open_training(self) -> MainWindow | None:
        from app.ui.training.window import open_training_window  # noqa: PLC0415 - when asked for

        window: MainWindow | None = open_training_window(self)
        return window

    def sign_out(self) -> bool:
        """Closes this user's windows (an open wizard saves what was typed as it closes), records
        the sign-out, and hands the workstation back to the sign-in window (signed_out)."""
        from app.services.errors import ServiceError  # noqa: PLC0415 - with the services

        for window in self.findChildren(QWidget):
            if window.isWindow() and window.isVisible() and not window.close():
                return False  # a window that would not close keeps the session
        # An ended session or a lost database: signing out goes on all the same.
        with contextlib.suppress(ServiceError):
            self.services.accounts.sign_out(self.actor)
        self.signed_out.emit()
        return True

    def _open_selected(self) -> None:
        row = self.case_list.selected_row()
        if row is None:
            self.statusBar().showMessage(_("Select a case in the list first."), 5000)
            return
        self.case_list.open_row(row)

    def _offer_exercises(self, training_url: str) -> None:
        """A supervisor's exercise made from a real case goes to this window's training database
        (app.ui.case_view.exercise)."""
        from app.ui.case_view import exercise  # noqa: PLC0415

        if training_url and not self.services.training.is_training():
            from app.services.training_db import training_opened  # noqa: PLC0415

            services, actor = self.services, self.actor
            exercise.training_opener = lambda: training_opened(services, actor, training_url)

    def new_case(self) -> CaseWizard | None:
        """A new draft with the next reference, straight into the wizard."""
        from app.services.errors import ServiceError  # noqa: PLC0415 - with the services

        try:
            opened = self.services.cases.create_draft(self.actor)
        except ServiceError as error:
            QMessageBox.warning(self, _("No new case"), str(error))
            return None
        self.case_list.reload()
        self.statusBar().showMessage(
            _("Case {reference} created as a draft.").format(reference=opened.record.reference),
            8000,
        )
        return self.case_list.edit(opened)

    def _wizard_opened(self, wizard: CaseWizard) -> None:
        wizard.submitted.connect(self._submitted)
        # Back after the database could not be reached: the list reads again by itself.
        wizard.reconnected.connect(self.case_list.model.refresh)

    def _submitted(self, opened: OpenedCase) -> None:
        self.case_list.reload()
        self.statusBar().showMessage(
            _("Case {reference} was submitted for review.").format(
                reference=opened.record.reference
            ),
            8000,
        )

    # ------------------------------------------------------------------ resuming after a crash

    def offer_resume(self) -> QMessageBox | None:
        """Right after sign-in: an unfinished draft of this officer (the program may have closed
        unexpectedly) is offered to continue where it was left. One question, for the newest;
        the others are named in the status bar."""
        if self.actor.role not in (Role.OFFICER, Role.SUPERVISOR):
            return None
        query = CaseQuery(
            statuses=(CaseStatus.DRAFT,),
            officer_id=self.actor.user_id,
            sort_by="reference",
            descending=True,
        )
        drafts = self.services.cases.list_cases(self.actor, query, 1)
        if not drafts:
            return None
        newest = drafts[0]
        more = self.services.cases.count_cases(self.actor, query) - 1
        if newest.occurred_at is not None:
            text = _(
                "You have an unfinished case {reference} (from {date})."
                " Continue where you left off?"
            ).format(reference=newest.reference, date=format_date(newest.occurred_at, "medium"))
        else:
            text = _(
                "You have an unfinished case {reference}. Continue where you left off?"
            ).format(reference=newest.reference)
        box = QMessageBox(QMessageBox.Icon.Question, _("Unfinished case"), text, parent=self)
        box.setObjectName("resumeDraft")
        yes = box.addButton(_("&Continue"), QMessageBox.ButtonRole.YesRole)
        box.addButton(_("&Later"), QMessageBox.ButtonRole.NoRole)
        box.setDefaultButton(yes)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def answered(button: object) -> None:
            if button is yes:
                self.case_list.continue_case(newest.id)

        box.buttonClicked.connect(answered)
        if more > 0:
            self.statusBar().showMessage(
                ngettext(
                    "You have {n} more unfinished case: filter the list by the status Draft.",
                    "You have {n} more unfinished cases: filter the list by the status Draft.",
                    more,
                ).format(n=more)
            )
        self.resume_question = box
        box.open()
        return box

    def open_directory(self) -> None:
        # Imported when asked for: the main window must appear fast.
        from app.ui.directory.view import DirectoryDialog  # noqa: PLC0415

        dialog = DirectoryDialog(self.services, self.actor, self, demo=self.demo)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def open_stations(self) -> QDialog:
        from app.ui.stations import open_stations  # noqa: PLC0415 - the main window must be fast

        return open_stations(self, self.services, self.actor, self.demo)

    def print_leaflet(self) -> QDialog:
        """The station's standalone victim-rights leaflet, in any document language."""
        from app.ui.printing import ask_what_to_print  # noqa: PLC0415 - reportlab when printing

        return ask_what_to_print(self, self.services, self.actor, None, demo=self.demo)

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            _("About Proximity Desk"),
            _(
                "Proximity Desk guides proximity police officers through the Local Action Plan"
                " for hate incidents and keeps the case."
            ),
        )
