"""When the database cannot be reached (README "When the network drops"): the wizard keeps what is
typed in the draft journal (app.services.journal), a timer probes the server in a worker thread,
and the journalled draft is saved through the normal save, with its version check, once it is
back. A journal left by a program closed while offline is saved at the next sign-in."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QWidget

from app.i18n import _

if TYPE_CHECKING:
    from collections.abc import Callable

    from app.services import Services
    from app.services.context import Actor

RECONNECT_MS = 5_000  # how often the server is probed while it cannot be reached


def offline_message() -> str:
    return _(
        "The database cannot be reached. What you type is kept on this computer and saved when"
        " it is back."
    )


class _ProbeDelivery(QObject):
    """Carries a probe's answer to the GUI thread (a queued signal); the worker holds it, so a
    reconnector deleted meanwhile is simply disconnected."""

    answered = Signal(bool)


class _Probe(QRunnable):
    def __init__(self, answers: Callable[[], bool], delivery: _ProbeDelivery) -> None:
        super().__init__()
        self._answers = answers
        self._delivery = delivery

    def run(self) -> None:
        self._delivery.answered.emit(self._answers())


class Reconnector(QObject):
    """Probes the database every RECONNECT_MS while started; `back` once it answers."""

    back = Signal()

    def __init__(self, answers: Callable[[], bool], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._answers = answers  # called in a worker thread: it may wait for a connect timeout
        self._timer = QTimer(self)
        self._timer.setInterval(RECONNECT_MS)
        self._timer.timeout.connect(self._probe)
        self._delivery = _ProbeDelivery()
        self._delivery.answered.connect(self._answered)
        self._probing = False

    def start(self) -> None:
        if not self._timer.isActive():
            self._timer.start(RECONNECT_MS)

    def stop(self) -> None:
        self._timer.stop()

    def active(self) -> bool:
        return self._timer.isActive()

    def _probe(self) -> None:
        if not self._probing:  # a probe waiting for a connect timeout is not doubled
            self._probing = True
            QThreadPool.globalInstance().start(_Probe(self._answers, self._delivery))

    def _answered(self, reachable: bool) -> None:
        self._probing = False
        if reachable and self._timer.isActive():
            self._timer.stop()
            self.back.emit()


def save_left_journal(parent: QWidget, services: Services, actor: Actor) -> QMessageBox | None:
    """Right after sign-in: drafts this user typed while the database could not be reached (the
    program closed before it was back) are saved with their version check, then the user is
    told what was saved and what was not. A file that cannot be read is set aside and named."""
    from app.services.errors import Conflict, ServiceError  # noqa: PLC0415 - with the services
    from app.services.journal import journal_for  # noqa: PLC0415

    journal = journal_for(services.backend.engine)
    entries, unreadable = journal.entries(actor)
    if not entries and not unreadable:
        return None
    lines: list[str] = []
    for entry in entries:
        try:
            opened = services.cases.save_draft(
                actor, entry.case_id, entry.version, entry.record, entry.wizard_step
            )
        except Conflict as conflict:  # kept on this computer: nothing typed is lost
            lines.append(
                _(
                    "Case {reference} was not saved: {reason} Your version is kept on this"
                    " computer."
                ).format(reference=entry.record.reference, reason=str(conflict))
            )
            continue
        except ServiceError as error:
            lines.append(
                _("Case {reference} was not saved: {reason}").format(
                    reference=entry.record.reference, reason=str(error)
                )
            )
            continue
        journal.remove(actor, entry.case_id)
        lines.append(
            _(
                "Case {reference}: what you typed while the database could not be reached is"
                " saved now."
            ).format(reference=opened.record.reference)
        )
    for path in unreadable:
        lines.append(
            _(
                "A file of the draft journal cannot be read (damaged, or made with another key):"
                " nothing was saved from it. It is kept as {file} for an administrator."
            ).format(file=path)
        )
    box = QMessageBox(
        QMessageBox.Icon.Information,
        _("Drafts kept on this computer"),
        "\n\n".join(lines),
        parent=parent,
    )
    box.setObjectName("journalSaved")
    box.open()
    return box
