"""The referrals and the consents of an approved case, from the case view, by keyboard alone:
a step recorded, a refused step keeping what was typed, a consent withdrawn with the services to
inform and the receipt offered."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from app import i18n
from app.documents import CONSENT
from app.domain import case as d
from app.domain.workflow import Action, Decision
from app.services import Services
from app.services.context import Actor
from app.ui.case_view.consents import ConsentsDialog
from app.ui.case_view.referrals import ReferralsDialog, StepDialog
from app.ui.case_view.view import CaseViewDialog
from app.ui.language import SCREEN_LANGUAGES
from app.ui.printing import PrintDialog
from tests.helpers import Clock
from tests.services.test_drafts import set_up_station
from tests.services.test_follow_up import approved_case
from tests.ui.keyboard_checks import assert_unique, visible_mnemonics

ALT = Qt.KeyboardModifier.AltModifier


@pytest.fixture
def who(sqlite_services: Services) -> dict[str, Actor]:
    actors = set_up_station(sqlite_services)
    sqlite_services.stations.update_station(actors["admin"], "LIS-01", country="PT")
    return actors


def view_of(qtbot: QtBot, services: Services, actor: Actor, case_id: int) -> CaseViewDialog:
    opened = services.cases.open_case(actor, case_id, "Own case work")
    pack = services.backend.pack(opened.record.protocol_pack)
    view = CaseViewDialog(
        opened.record, pack, None, user_names=opened.user_names, printing=(services, actor),
        case=opened, reason="Own case work",
    )  # fmt: skip
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    view.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is view)
    view.browser.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view.browser)
    return view


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def tab(qtbot: QtBot, times: int = 1) -> QWidget:
    for _ in range(times):
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    return focused()


def test_an_officer_marks_a_referral_sent_by_keyboard_alone(
    qtbot: QtBot, sqlite_services: Services, clock: Clock, who: dict[str, Actor]
) -> None:
    case_id, _version = approved_case(sqlite_services, clock, who)
    view = view_of(qtbot, sqlite_services, who["officer"], case_id)
    button = view.follow_up_buttons[Action.REFERRAL_STEP]
    assert button.isVisible()
    assert button.isEnabled()
    assert view.follow_up_buttons[Action.WITHDRAW_CONSENT].isEnabled()
    changed: list[bool] = []
    view.changed.connect(lambda: changed.append(True))
    qtbot.keyClick(focused(), Qt.Key.Key_F, ALT)  # Re&ferrals…
    qtbot.waitUntil(lambda: view.findChild(ReferralsDialog) is not None)  # after a short flash
    dialog = view.findChild(ReferralsDialog)
    assert isinstance(dialog, ReferralsDialog)
    qtbot.waitUntil(lambda: focused() is dialog.table)
    assert dialog.table.item(0, 0).text() == "Victim Support Lisbon"
    assert dialog.table.item(0, 2).text() == "Proposed"
    assert dialog.history.rowCount() == 0
    qtbot.keyClick(dialog.table, Qt.Key.Key_S, ALT)  # Record a &step…
    qtbot.waitUntil(lambda: dialog.step_dialog is not None)
    step = dialog.step_dialog
    assert isinstance(step, StepDialog)
    qtbot.waitUntil(lambda: focused() is step.status)
    # From "proposed" only "sent": withdrawal goes through the consent, which has one here.
    assert [step.status.itemText(i) for i in range(step.status.count())] == ["Sent"]
    hint = step.findChild(QLabel, "withdrawHint")
    assert isinstance(hint, QLabel)
    assert "withdraw the consent" in hint.text()
    assert step.channel.isVisible()
    assert focused() is step.status
    assert tab(qtbot) is step.at  # the date and time start at now
    assert step.at.value() == clock.now
    assert tab(qtbot) is step.channel
    qtbot.keyClick(step.channel, Qt.Key.Key_Down)
    assert tab(qtbot) is step.note
    qtbot.keyClicks(step.note, "Handed to the duty counsellor.")
    qtbot.keyClick(tab(qtbot), Qt.Key.Key_Return)  # Tab leaves the note; Enter: OK
    assert not step.isVisible()
    [referral] = view.record.referrals
    assert referral.status is d.ReferralStatus.SENT
    assert referral.steps[-1].channel is d.SendChannel.HANDED_OVER
    assert referral.steps[-1].note == "Handed to the duty counsellor."
    assert changed == [True]
    # The case's text shows the status, the answer's due date and the count of steps.
    lines = view.text().splitlines()  # one line a cell
    start = len(lines) - lines[::-1].index("Victim Support Lisbon")  # the referral's row
    assert lines[start + 2 : start + 7] == ["Sent", "Routine", "5/4/26, 9:30 AM", "5/6/26", "1"]
    assert dialog.table.item(0, 2).text() == "Sent"
    assert dialog.table.item(0, 4).text()  # the answer is due on a day
    assert dialog.history.rowCount() == 1
    assert dialog.history.item(0, 2).text() == "Officer"  # the full name, not the user name


def test_a_refused_step_keeps_what_was_typed(
    qtbot: QtBot, sqlite_services: Services, clock: Clock, who: dict[str, Actor]
) -> None:
    officer = who["officer"]
    case_id, version = approved_case(sqlite_services, clock, who)
    sent_at = clock.now - timedelta(hours=1)
    sqlite_services.cases.apply(
        officer, case_id, version, Action.REFERRAL_STEP,
        Decision(target="R1", step=d.ReferralStep(
            d.ReferralStatus.SENT, sent_at, "", channel=d.SendChannel.EMAIL
        )),
    )  # fmt: skip
    view = view_of(qtbot, sqlite_services, officer, case_id)
    dialog = view.follow_up(Action.REFERRAL_STEP)
    assert isinstance(dialog, ReferralsDialog)
    step = dialog.ask_step()
    assert isinstance(step, StepDialog)
    qtbot.waitUntil(lambda: focused() is step.status)
    offered = [step.status.itemText(i) for i in range(step.status.count())]
    assert offered == ["Received", "Accepted", "Declined", "No answer"]
    qtbot.keyClicks(step.status, "D")
    assert step.chosen() is d.ReferralStatus.DECLINED
    assert not step.channel.isVisible()
    assert "required" in step.note_label.text()  # said before submitting
    answered = clock.now - timedelta(minutes=30)
    typed = step.at._text(answered)
    assert tab(qtbot) is step.at
    qtbot.keyClicks(step.at, typed)  # the whole text was selected: typing replaces it
    qtbot.keyClick(step.at, Qt.Key.Key_Return)
    assert step.isVisible()  # refused: no reason given
    assert step.errors["note"].isVisible()
    assert step.errors["note"].text() == "is required"
    assert step.chosen() is d.ReferralStatus.DECLINED
    assert step.at.text() == typed
    assert view.record.referrals[0].status is d.ReferralStatus.SENT
    qtbot.keyClicks(tab(qtbot, 1), "No places until next month.")
    assert focused() is step.note
    qtbot.keyClick(tab(qtbot), Qt.Key.Key_Return)
    assert not step.isVisible()
    [referral] = view.record.referrals
    assert (referral.status, referral.reply_note) == (
        d.ReferralStatus.DECLINED,
        "No places until next month.",
    )
    assert referral.steps[-1].at == answered.replace(second=0, microsecond=0)
    assert not dialog.step_button.isEnabled()  # a declined referral has no next step


def test_a_withdrawal_lists_the_services_to_inform_and_offers_the_receipt(
    qtbot: QtBot, sqlite_services: Services, clock: Clock, who: dict[str, Actor]
) -> None:
    officer = who["officer"]
    case_id, version = approved_case(sqlite_services, clock, who)
    sqlite_services.cases.apply(
        officer, case_id, version, Action.REFERRAL_STEP,
        Decision(target="R1", step=d.ReferralStep(
            d.ReferralStatus.SENT, clock.now - timedelta(hours=1), "",
            channel=d.SendChannel.PHONE,
        )),
    )  # fmt: skip
    clock.advance(days=1)
    view = view_of(qtbot, sqlite_services, officer, case_id)
    qtbot.keyClick(focused(), Qt.Key.Key_N, ALT)  # Co&nsents…
    qtbot.waitUntil(lambda: view.findChild(ConsentsDialog) is not None)
    dialog = view.findChild(ConsentsDialog)
    assert isinstance(dialog, ConsentsDialog)
    qtbot.waitUntil(lambda: focused() is dialog.table)
    assert [dialog.table.item(0, c).text() for c in (0, 1, 3, 4, 6, 7)] == [
        "Kofi Mensah", "Victim Support Lisbon", "Granted", "Signed", "Officer", "",
    ]  # fmt: skip
    qtbot.keyClick(dialog.table, Qt.Key.Key_W, ALT)  # &Withdraw…
    qtbot.waitUntil(lambda: dialog.withdraw_dialog is not None)
    withdraw = dialog.withdraw_dialog
    assert withdraw is not None
    qtbot.waitUntil(lambda: focused() is withdraw.at)
    assert withdraw.at.value() == clock.now
    assert tab(qtbot) is withdraw.note
    qtbot.keyClicks(withdraw.note, "She called the station.")
    qtbot.keyClick(tab(qtbot), Qt.Key.Key_Return)
    assert not withdraw.isVisible()
    [consent] = view.record.consents
    assert consent.withdrawn_at == clock.now
    assert view.record.referrals[0].status is d.ReferralStatus.WITHDRAWN
    assert dialog.table.item(0, 7).text()  # withdrawn on
    assert not dialog.withdraw_button.isEnabled()
    box = dialog.informed
    assert isinstance(box, QMessageBox)
    assert "• Victim Support Lisbon" in box.text()
    # Enter takes the offer: the print dialog on the consent receipt for the victim.
    qtbot.keyClick(box, Qt.Key.Key_Return)
    printing = dialog.findChild(PrintDialog)
    assert isinstance(printing, PrintDialog)
    assert printing.kind() == CONSENT
    assert printing.person.currentData() == "P1"


def test_a_withdrawal_before_anything_was_sent_names_no_service(
    qtbot: QtBot, sqlite_services: Services, clock: Clock, who: dict[str, Actor]
) -> None:
    case_id, _version = approved_case(sqlite_services, clock, who)
    view = view_of(qtbot, sqlite_services, who["officer"], case_id)
    dialog = view.follow_up(Action.WITHDRAW_CONSENT)
    assert isinstance(dialog, ConsentsDialog)
    withdraw = dialog.ask_withdrawal()
    assert withdraw is not None
    withdraw.at.set_value(clock.now + timedelta(days=1))  # refused: not in the future
    withdraw.accept()
    assert withdraw.isVisible()
    assert withdraw.at_error.text() == "is in the future"
    withdraw.at.set_value(clock.now)
    withdraw.accept()
    box = dialog.informed
    assert box is not None
    assert "no service to inform" in box.text()


def test_a_step_in_the_future_is_refused_beside_the_date_once(
    qtbot: QtBot, sqlite_services: Services, clock: Clock, who: dict[str, Actor]
) -> None:
    case_id, _version = approved_case(sqlite_services, clock, who)
    view = view_of(qtbot, sqlite_services, who["officer"], case_id)
    dialog = view.follow_up(Action.REFERRAL_STEP)
    assert isinstance(dialog, ReferralsDialog)
    step = dialog.ask_step()
    assert isinstance(step, StepDialog)
    step.at.set_value(clock.now + timedelta(hours=2))
    step.accept()
    assert step.isVisible()
    assert step.errors["at"].text() == "is in the future"  # once, though two rules say it
    assert step.errors["channel"].text() == "is required"  # sent: how, asked beside it
    assert view.record.referrals[0].status is d.ReferralStatus.PROPOSED


def test_a_referral_awaiting_its_answer_past_the_due_date_shows_the_days_overdue(
    qtbot: QtBot, sqlite_services: Services, clock: Clock, who: dict[str, Actor]
) -> None:
    """Sent on Monday 4 May 2026, its answer is due on Wednesday 6 May (2 working days in
    Portugal); on Saturday 9 May it is 3 days overdue. Once answered, nothing is overdue."""
    officer = who["officer"]
    case_id, version = approved_case(sqlite_services, clock, who)
    sent = sqlite_services.cases.apply(
        officer, case_id, version, Action.REFERRAL_STEP,
        Decision(target="R1", step=d.ReferralStep(
            d.ReferralStatus.SENT, clock.now, "", channel=d.SendChannel.EMAIL
        )),
    )  # fmt: skip
    clock.advance(days=5)
    view = view_of(qtbot, sqlite_services, officer, case_id)
    dialog = view.follow_up(Action.REFERRAL_STEP)
    assert isinstance(dialog, ReferralsDialog)
    assert [dialog.table.item(0, c).text() for c in (4, 5, 6, 7)] == [
        "5/6/26", "3", "Explicit consent", "Directive 2012/29/EU, Art. 8(2)",
    ]  # fmt: skip
    sqlite_services.cases.apply(
        officer,
        case_id,
        sent.version,
        Action.REFERRAL_STEP,
        Decision(target="R1", step=d.ReferralStep(d.ReferralStatus.ACCEPTED, clock.now, "")),
    )
    view.close()
    view = view_of(qtbot, sqlite_services, officer, case_id)
    dialog = view.follow_up(Action.REFERRAL_STEP)
    assert isinstance(dialog, ReferralsDialog)
    assert dialog.table.item(0, 5).text() == ""


@pytest.mark.parametrize("language", sorted(SCREEN_LANGUAGES))
def test_every_follow_up_window_has_unique_mnemonics(
    qtbot: QtBot, sqlite_services: Services, clock: Clock, who: dict[str, Actor], language: str
) -> None:
    """The case view with its two new buttons, and each new window, in every screen language."""
    i18n.set_language(language)
    case_id, _version = approved_case(sqlite_services, clock, who)
    view = view_of(qtbot, sqlite_services, who["officer"], case_id)
    assert_unique(visible_mnemonics(view))  # each window on its own: its own letters
    referrals = view.follow_up(Action.REFERRAL_STEP)
    assert isinstance(referrals, ReferralsDialog)
    assert_unique(visible_mnemonics(referrals))
    step = referrals.ask_step()
    assert step is not None
    assert_unique(visible_mnemonics(step))
    step.close()
    referrals.close()
    consents = view.follow_up(Action.WITHDRAW_CONSENT)
    assert isinstance(consents, ConsentsDialog)
    assert_unique(visible_mnemonics(consents))
    withdraw = consents.ask_withdrawal()
    assert withdraw is not None
    assert_unique(visible_mnemonics(withdraw))
