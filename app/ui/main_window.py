"""The main window after signing in: menus, who is signed in, and the case list."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMessageBox,
    QSizePolicy,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.ui import labels
from app.ui.case_list.view import CaseListWidget
from app.ui.widgets.banner import DemoBanner, demo_title

if TYPE_CHECKING:
    from app.services import Services
    from app.services.context import Actor


class MainWindow(QMainWindow):
    def __init__(self, services: Services, actor: Actor, *, demo: bool | None = None) -> None:
        super().__init__()
        self.services = services
        self.actor = actor
        self.demo = services.demo.is_demo() if demo is None else demo
        self.setWindowTitle(
            demo_title(
                _("Proximity Desk — {station}").format(station=actor.station_name), self.demo
            )
        )
        pack = services.cases.station_pack(actor)

        file_menu = self.menuBar().addMenu(_("&File"))
        self.directory_action = QAction(_("Support services…"), self)
        self.directory_action.triggered.connect(self.open_directory)
        file_menu.addAction(self.directory_action)
        file_menu.addSeparator()
        quit_action = QAction(_("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        help_menu = self.menuBar().addMenu(_("&Help"))
        about_action = QAction(_("&About Proximity Desk"), self)
        about_action.triggered.connect(self.show_about)
        help_menu.addAction(about_action)

        self.case_list = CaseListWidget(services, actor, pack, demo=self.demo)

        toolbar = QToolBar(_("Case list"))
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
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
                role=labels.role(actor.role),
                station=actor.station_code,
            )
        )
        self.user_label.setObjectName("signedInUser")
        self.user_label.setTextFormat(Qt.TextFormat.PlainText)
        self.user_label.setContentsMargins(0, 0, 8, 0)
        toolbar.addWidget(self.user_label)
        self.addToolBar(toolbar)

        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 6)
        self.banner: DemoBanner | None = None
        if self.demo:
            self.banner = DemoBanner()
            layout.addWidget(self.banner)
        layout.addWidget(self.case_list, 1)
        self.setCentralWidget(central)
        self.statusBar().showMessage(
            _("{station} · protocol {pack} {version}").format(
                station=actor.station_name, pack=_(pack.name), version=pack.version
            )
        )
        self.resize(1366, 768)
        self.case_list.search.setFocus()

    def _open_selected(self) -> None:
        row = self.case_list.selected_row()
        if row is None:
            self.statusBar().showMessage(_("Select a case in the list first."), 5000)
            return
        self.case_list.open_row(row)

    def open_directory(self) -> None:
        # Imported when asked for: the main window must appear fast.
        from app.ui.directory.view import DirectoryDialog  # noqa: PLC0415

        dialog = DirectoryDialog(self.services, self.actor, self, demo=self.demo)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    def show_about(self) -> None:
        QMessageBox.about(
            self,
            _("About Proximity Desk"),
            _(
                "Proximity Desk guides proximity police officers through the Local Action Plan"
                " for hate incidents and keeps the case."
            ),
        )
