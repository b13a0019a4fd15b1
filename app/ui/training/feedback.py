"""The feedback on a training attempt: the score by step, then each step's points (matched,
missed, added), the pack's guidance for the step and why the model answer is right. "Try again"
starts a new attempt of the same worked case."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPushButton, QTextBrowser, QVBoxLayout

from app.domain.protocol import ProtocolPack
from app.domain.training import Feedback, PointOutcome, WorkedCase
from app.i18n import _
from app.ui.training.texts import OUTCOMES, point_text, score_text, shown


class FeedbackDialog(QDialog):
    try_again = Signal(object)  # the WorkedCase

    def __init__(
        self, worked: WorkedCase, pack: ProtocolPack, feedback: Feedback, parent: object = None
    ) -> None:
        super().__init__(parent)  # type: ignore[arg-type]
        self.worked, self.pack, self.feedback = worked, pack, feedback
        self.text = QTextBrowser()
        self.text.setObjectName("feedback")
        self.text.setOpenLinks(False)
        self.buttons = QDialogButtonBox()
        self.again = QPushButton()
        self.again.setObjectName("tryAgain")
        self.again.setDefault(True)
        self.buttons.addButton(self.again, QDialogButtonBox.ButtonRole.ActionRole)
        self.close_button = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.again.clicked.connect(self._again)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.buttons)
        self.resize(820, 680)
        self.retranslate()
        self.again.setFocus()

    def retranslate(self) -> None:
        title = shown(self.worked, self.worked.title)
        self.setWindowTitle(_("Feedback: {title}").format(title=title))
        self.again.setText(_("&Try again"))
        self.close_button.setText(_("&Close"))
        self.text.setHtml(self.html())

    def html(self) -> str:
        feedback, pack = self.feedback, self.pack
        titles = {step.id: _(step.title) for step in pack.steps}
        rows = "".join(
            f"<tr><td>{escape(titles.get(s.step, s.step))}</td>"
            f"<td align='right'>{escape(score_text(s.scored, s.possible))}</td></tr>"
            for s in feedback.steps
        )
        total = _("Your score: {score}").format(
            score=score_text(feedback.scored, feedback.possible)
        )
        step_heading, score_heading = _("Step"), _("Score")
        says, why_heading = _("What the protocol says"), _("Why it matters")
        parts = [
            f"<h2>{escape(shown(self.worked, self.worked.title))}</h2>",
            f"<p><b>{escape(total)}</b></p>",
            f"<table cellpadding='4' border='1' cellspacing='0'><tr><th align='left'>"
            f"{escape(step_heading)}</th><th>{escape(score_heading)}</th></tr>{rows}</table>",
        ]
        guidance = {step.id: step.guidance for step in pack.steps}
        for score in feedback.steps:
            parts.append(f"<h3>{escape(titles.get(score.step, score.step))}</h3><ul>")
            for outcome in PointOutcome:
                for point in feedback.points:
                    if point.step == score.step and point.outcome is outcome:
                        text = f"{_(OUTCOMES[outcome])} — {point_text(point, pack)}"
                        parts.append(f"<li>{escape(text)}</li>")
            parts.append("</ul>")
            lines = guidance.get(score.step, ())
            if lines:
                parts.append(f"<p><b>{escape(says)}</b></p><ul>")
                parts += [f"<li>{escape(_(line))}</li>" for line in lines]
                parts.append("</ul>")
            why = self.worked.explanations.get(score.step, "")
            if why:
                parts.append(
                    f"<p><b>{escape(why_heading)}</b><br>{escape(shown(self.worked, why))}</p>"
                )
        return "".join(parts)

    def _again(self) -> None:
        self.try_again.emit(self.worked)
        self.accept()
