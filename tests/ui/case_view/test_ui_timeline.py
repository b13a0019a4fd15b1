"""The case's timeline from the case view: one readable line per entry, in the screen locale,
who by full name, filtered by kind from the keyboard."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from app import i18n
from app.domain import case as d
from app.domain.workflow import Action, Decision
from app.services import Services
from app.services.context import Actor
from app.ui.case_view.timeline import TimelineDialog
from app.ui.case_view.timeline_text import _enum
from app.ui.case_view.view import CaseViewDialog
from tests.helpers import Clock, delivered
from tests.services.test_drafts import complete


def followed_up_case(services: Services) -> tuple[int, Actor]:
    """A case of the demo officer: saved three times, submitted, returned, saved, submitted
    again, approved, its referral sent and accepted, the prosecutor informed, the report
    printed, the consent withdrawn. Returns its id and the supervisor."""
    clock = Clock(datetime.now(UTC) + timedelta(days=1))
    services.backend.clock = clock
    officer = services.accounts.authenticate("officer", "demo")
    boss = services.accounts.authenticate("supervisor", "demo")
    case = services.cases.create_draft(officer)
    for minutes in (2, 7, 9):
        clock.advance(minutes=minutes)
        case = services.cases.save_draft(
            officer, case.id, case.version, complete(case.record, clock)
        )
    clock.advance(minutes=1)
    case = services.cases.submit(officer, case.id, case.version)
    clock.advance(hours=3)
    case = services.cases.apply(
        boss, case.id, case.version, Action.RETURN,
        Decision(comment="Name the words shouted",
                 sections=(d.SectionComment("evidence", "Which words?"),)),
    )  # fmt: skip
    clock.advance(hours=1)
    record = replace(case.record, verbatim_words="Go back to your country")
    case = services.cases.save_draft(officer, case.id, case.version, record)
    clock.advance(minutes=1)
    case = services.cases.submit(officer, case.id, case.version)
    clock.advance(hours=2)
    case = services.cases.apply(boss, case.id, case.version, Action.APPROVE)
    for status, who, note in (
        (d.ReferralStatus.SENT, officer, ""),
        (d.ReferralStatus.ACCEPTED, boss, "They call her tomorrow"),
    ):
        clock.advance(hours=5)
        channel = d.SendChannel.EMAIL if status is d.ReferralStatus.SENT else None
        step = d.ReferralStep(status, clock.now, "", note, channel)
        case = services.cases.apply(
            who, case.id, case.version, Action.REFERRAL_STEP, Decision(target="R1", step=step)
        )
    clock.advance(hours=1)
    prosecutor = d.CoordinationEvent(
        d.CoordinationKind.PROSECUTOR, "Lisbon prosecutor's office", clock.now, "",
        reference_number="NUIPC 123/26", data_sent=(d.SharedData.REPORT,),
    )  # fmt: skip
    case = services.cases.apply(
        boss, case.id, case.version, Action.COORDINATE, Decision(coordination=prosecutor)
    )
    clock.advance(minutes=10)
    reference = case.record.reference
    delivered(services.documents.prosecutor_report, boss, reference, "pt", reason="Prosecutor")
    clock.advance(days=2)
    services.cases.apply(
        officer,
        case.id,
        case.version,
        Action.WITHDRAW_CONSENT,
        Decision(comment="She phoned the station", target="C1"),
    )
    clock.advance(minutes=5)
    return case.id, boss


def test_the_timeline_opens_from_the_case_view_and_filters_by_keyboard(
    qtbot: QtBot, fresh_demo: Services
) -> None:
    case_id, boss = followed_up_case(fresh_demo)
    opened = fresh_demo.cases.open_case(boss, case_id, "Supervision")
    view = CaseViewDialog(
        opened.record, fresh_demo.backend.pack(opened.record.protocol_pack), None,
        user_names=opened.user_names, printing=(fresh_demo, boss), case=opened,
        reason="Supervision",
    )  # fmt: skip
    qtbot.addWidget(view)
    view.show()
    with qtbot.waitActive(view):
        view.activateWindow()
    assert view.timeline_button is not None
    assert view.timeline_button.text() == "&Timeline…"
    # Alt+T, its mnemonic, opens it (a button's mnemonic clicks it a moment later)
    qtbot.keyClick(view.browser, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: view.findChild(TimelineDialog) is not None)
    dialog = view.findChild(TimelineDialog)
    assert dialog is not None
    with qtbot.waitActive(dialog):
        dialog.activateWindow()
    assert dialog.windowTitle() == f"Timeline of case {opened.record.reference}"
    assert dialog.focusWidget() is dialog.filter
    rows = dialog.rows()
    email = _enum(d.SendChannel.EMAIL)  # its label, once the table has it
    whats = [row[2] for row in rows]
    # What happened at the scene is dated when it happened, before the case was written.
    assert whats.index("Case created") == 5
    officer = fresh_demo.accounts.authenticate("officer", "demo")
    assert {row[1] for row in rows} == {boss.full_name, officer.full_name}
    saves = [w for w in whats if w.startswith("Saved")]
    assert saves[0].startswith("Saved 3 times, the last at ")
    assert saves[1] == "Saved"
    assert "Returned to the officer · 1 section commented" in whats
    assert f"Referral to Victim Support Lisbon: Sent ({email})" in whats
    assert "Referral to Victim Support Lisbon: Accepted" in whats
    printed = next(r for r in rows if r[2].startswith("Printed"))
    assert printed[1:] == [
        boss.full_name,
        "Printed: Report to the prosecutor, with the bias-indicator annex (Portuguese (pt))"
        " · on screen",
        "Prosecutor",
    ]
    withdrawn = next(r for r in rows if r[2].startswith("Consent of Kofi Mensah withdrawn"))
    assert withdrawn[3] == "She phoned the station"
    assert rows[-1][2:] == ["Case opened", "Supervision"]  # the view this dialog belongs to
    assert rows[5][0] == i18n.format_datetime(opened.record.created_at)
    assert dialog.count.text() == f"{len(rows)} of {len(rows)} entries"

    # Down arrow on the filter: decisions only; again: referrals
    qtbot.keyClick(dialog.filter, Qt.Key.Key_Down)
    assert [r[2].split(" · ")[0] for r in dialog.rows()] == [
        "Submitted for review", "Returned to the officer", "Submitted for review", "Approved",
    ]  # fmt: skip
    qtbot.keyClick(dialog.filter, Qt.Key.Key_Down)
    email = _enum(d.SendChannel.EMAIL)
    assert [r[2] for r in dialog.rows()] == [
        "Referral to Victim Support Lisbon proposed",
        f"Referral to Victim Support Lisbon: Sent ({email})",
        "Referral to Victim Support Lisbon: Accepted",
        "Referral to Victim Support Lisbon: Withdrawn",
    ]
    for _step in range(3):  # consents, coordination, then views, prints and exports
        qtbot.keyClick(dialog.filter, Qt.Key.Key_Down)
    assert dialog.filter.currentText() == "Views, prints and exports"
    assert [r[2].split(":")[0] for r in dialog.rows()] == ["Printed", "Case opened"]
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
