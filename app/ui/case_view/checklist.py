"""The hate-case checklist beside the case (PROTOCOL.md (i)), and the judgement checks a supervisor
confirms when approving. The checks and their states come from app.domain.checklist through the
services; this module only words and shows them."""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import QUrl, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QLabel,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.domain.checklist import Check, CheckState
from app.domain.protocol import ProtocolPack
from app.i18n import N_, _
from app.i18n.issues import describe
from app.ui.wording import CHECK_TITLES

# A state in a word and a sign, never in colour alone.
STATES = {
    CheckState.MET: ("✓", N_("Met"), "#1e6b2e"),
    CheckState.NOT_MET: ("✗", N_("Not met"), "#a11d1d"),
    CheckState.NOT_APPLICABLE: ("–", N_("Not applicable"), "#555555"),
    CheckState.JUDGEMENT: ("?", N_("Supervisor's judgement"), "#7a4b00"),
}


def title(check: Check) -> str:
    return _(CHECK_TITLES[check.id]) if check.id in CHECK_TITLES else check.id


def state_text(state: CheckState) -> str:
    sign, word, _colour = STATES[state]
    return f"{sign} {_(word)}"


def checklist_html(checks: Sequence[Check]) -> str:
    """Each check with its state, its reasons and a link to its protocol step."""
    rows = []
    for check in checks:
        sign, word, colour = STATES[check.state]
        reasons = "".join(f"<br>{html.escape(describe(r))}" for r in check.reasons)
        rows.append(
            f'<p><span style="color:{colour}"><b>{sign} {html.escape(_(word))}</b></span><br>'
            f'<a href="#{check.id}">{html.escape(title(check))}</a>'
            f'<span style="color:#555555">{reasons}</span></p>'
        )
    return "".join(rows)


class ChecklistPanel(QWidget):
    """The checklist beside the case. Following a check's link (click, or Tab and Enter) asks the
    view to show its step's section (`step_requested`), and shows what the protocol pack says
    for that step below the list: the supervisor sees the data and the rule side by side."""

    step_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.checks: tuple[Check, ...] = ()
        self.pack: ProtocolPack | None = None
        self.heading = QLabel()
        self.heading.setObjectName("checklistHeading")
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.browser = QTextBrowser()
        self.browser.setObjectName("checklist")
        self.browser.setOpenLinks(False)
        self.browser.anchorClicked.connect(self._follow)
        self.heading.setBuddy(self.browser)
        self.guidance = QLabel()
        self.guidance.setObjectName("checklistGuidance")
        self.guidance.setWordWrap(True)
        self.guidance.setContentsMargins(0, 4, 0, 0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.browser, 1)
        layout.addWidget(self.guidance)
        self._step = ""

    def show_checks(self, checks: Sequence[Check], pack: ProtocolPack) -> None:
        self.checks, self.pack = tuple(checks), pack
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(_("Hate-case chec&klist"))
        position = self.browser.verticalScrollBar().value()
        self.browser.setHtml(checklist_html(self.checks))
        self.browser.verticalScrollBar().setValue(position)
        self._show_guidance(self._step)

    def follow(self, check_id: str) -> None:
        """Shows the check's protocol step: its guidance here, its section in the case."""
        for check in self.checks:
            if check.id == check_id:
                self._show_guidance(check.step)
                self.step_requested.emit(check.step)

    def _follow(self, url: QUrl) -> None:
        self.follow(url.fragment())

    def _show_guidance(self, step_id: str) -> None:
        self._step = step_id
        step = next((s for s in self.pack.steps if s.id == step_id), None) if self.pack else None
        if step is None:
            self.guidance.setText(_("Follow a check to see what the protocol asks."))
            return
        lines = "\n".join(f"• {_(line)}" for line in step.guidance)
        self.guidance.setText(_("Protocol step: {step}").format(step=_(step.title)) + "\n" + lines)


class JudgementChecks(QGroupBox):
    """In the approve dialog: the checks only the supervisor can weigh, to tick, and the checks
    the data leave unmet, listed so the approval is taken knowingly."""

    def __init__(self, checks: Sequence[Check], parent: QWidget | None = None) -> None:
        super().__init__(_("Checks that need your judgement"), parent)
        layout = QVBoxLayout(self)
        self.boxes: dict[str, QCheckBox] = {}
        for check in checks:
            if check.state is CheckState.JUDGEMENT:
                box = QCheckBox(title(check))
                box.setObjectName(f"check-{check.id}")
                layout.addWidget(box)
                self.boxes[check.id] = box
        unmet = [title(c) for c in checks if c.state is CheckState.NOT_MET]
        self.unmet = QLabel(
            _("Not met (you may still approve; your comment explains why):")
            + "".join(f"\n• {t}" for t in unmet)
            if unmet
            else _("Every check the data can decide is met or not applicable.")
        )
        self.unmet.setWordWrap(True)
        layout.addWidget(self.unmet)

    def confirmed(self) -> tuple[str, ...]:
        return tuple(check_id for check_id, box in self.boxes.items() if box.isChecked())
