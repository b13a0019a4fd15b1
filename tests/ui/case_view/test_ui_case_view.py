"""Opening a case: the reason is asked and audited; the record is shown read-only, escaped."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime
from html import escape as esc

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from app.domain.case import (
    Attachment,
    CaseQuery,
    CaseRecord,
    CaseStatus,
    Consent,
    ConsentMethod,
    ConsentPurpose,
    CoordinationEvent,
    CoordinationKind,
    FollowUp,
    IndicatorObservation,
    Perception,
    PerceptionSource,
    Person,
    PersonRole,
    Referral,
    ReferralStatus,
    Review,
    ReviewDecision,
    ServiceKind,
    Urgency,
)
from app.domain.languages import SpokenLanguage
from app.domain.protocol import ProtocolPack
from app.services import Services
from app.services.context import Actor
from app.ui.case_html import render_case_html
from app.ui.case_list.view import CaseListWidget
from app.ui.case_view.view import CaseViewDialog, ReasonDialog, open_case
from tests.helpers import record

PERCEPTION_HEADING = "Perception of the victim/witnesses"
INDICATOR_HEADING = "Indicators observed by the officer (assessment)"
AT = datetime(2026, 3, 14, 18, 30, tzinfo=UTC)


def make_list(qtbot: QtBot, services: Services, actor: Actor, pack: ProtocolPack) -> CaseListWidget:
    widget = CaseListWidget(services, actor, pack)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def reason_dialog(widget: CaseListWidget) -> ReasonDialog:
    dialogs = [d for d in widget.findChildren(ReasonDialog) if d.isVisible()]
    assert len(dialogs) == 1
    return dialogs[0]


def test_opening_asks_why_audits_and_shows_the_case(
    qtbot: QtBot,
    demo_services: Services,
    officer: Actor,
    supervisor: Actor,
    pack: ProtocolPack,
) -> None:
    widget = make_list(qtbot, demo_services, officer, pack)
    reference = widget.model.case_at(0).reference
    widget.table.setFocus()
    widget.table.setCurrentIndex(widget.model.index(0, 0))
    qtbot.keyClick(widget.table, Qt.Key.Key_Return)
    dialog = reason_dialog(widget)
    assert reference in dialog.windowTitle()
    assert dialog.reason() == "Own case work"
    reasons = [dialog.combo.itemText(i) for i in range(dialog.combo.count())]
    assert reasons[:2] == ["Own case work", "Supervisor review"]
    assert dialog.combo.isEditable()
    assert demo_services.audit.entries(supervisor, object_ref=reference) == []  # not yet
    with qtbot.waitSignal(widget.case_opened) as signal:
        qtbot.keyClick(dialog.combo, Qt.Key.Key_Return)  # Enter confirms
    view = signal.args[0]
    assert isinstance(view, CaseViewDialog)
    qtbot.addWidget(view)
    assert view.isVisible()
    assert reference in view.windowTitle()
    assert view.record.reference == reference
    text = view.text()
    assert reference in text
    assert text.index(PERCEPTION_HEADING) < text.index(INDICATOR_HEADING)
    perception = view.record.perceptions[0].text
    indicator_note = view.record.indicators[0].note
    assert text.index(PERCEPTION_HEADING) < text.index(perception) < text.index(INDICATOR_HEADING)
    assert text.index(INDICATOR_HEADING) < text.index(indicator_note)
    assert view.browser.isReadOnly()

    entries = demo_services.audit.entries(supervisor, object_ref=reference)
    assert [(e.action, e.username, e.reason) for e in entries] == [
        ("view", "officer", "Own case work")
    ]
    view.close()


def test_a_typed_reason_is_recorded(
    qtbot: QtBot,
    demo_services: Services,
    officer: Actor,
    supervisor: Actor,
    pack: ProtocolPack,
) -> None:
    widget = make_list(qtbot, demo_services, officer, pack)
    reference = widget.model.case_at(3).reference
    dialog = widget.open_row(3)
    dialog.combo.setEditText("Court hearing preparation")
    with qtbot.waitSignal(widget.case_opened) as signal:
        dialog.ok_button.click()
    qtbot.addWidget(signal.args[0])
    entries = demo_services.audit.entries(supervisor, object_ref=reference)
    assert entries[0].reason == "Court hearing preparation"
    # An empty reason cannot be confirmed.
    dialog = widget.open_row(3)
    dialog.combo.setEditText("  ")
    assert not dialog.ok_button.isEnabled()
    dialog.reject()


def test_cancelling_the_reason_opens_nothing(
    qtbot: QtBot,
    demo_services: Services,
    officer: Actor,
    supervisor: Actor,
    pack: ProtocolPack,
) -> None:
    widget = make_list(qtbot, demo_services, officer, pack)
    reference = widget.model.case_at(7).reference
    dialog = widget.open_row(7)
    with qtbot.assertNotEmitted(widget.case_opened):
        dialog.reject()
    assert demo_services.audit.entries(supervisor, object_ref=reference) == []


def test_double_click_asks_the_reason(
    qtbot: QtBot, demo_services: Services, officer: Actor, pack: ProtocolPack
) -> None:
    widget = make_list(qtbot, demo_services, officer, pack)
    # A case that opens read-only (a draft of one's own opens in the wizard instead).
    row = next(r for r in range(20) if widget.model.case_at(r).status is not CaseStatus.DRAFT)
    rect = widget.table.visualRect(widget.model.index(row, 0))
    # A real double-click starts with a press on the same row.
    qtbot.mouseClick(widget.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(widget.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    dialog = reason_dialog(widget)
    assert widget.model.case_at(row).reference in dialog.windowTitle()
    dialog.reject()


def test_another_station_case_is_refused_with_a_message(
    qtbot: QtBot,
    demo_services: Services,
    officer: Actor,
    admin: Actor,
    pack: ProtocolPack,
) -> None:
    widget = make_list(qtbot, demo_services, officer, pack)
    everyone = CaseListWidget(demo_services, admin, pack)
    qtbot.addWidget(everyone)
    everyone.search.setText("LIS-02")
    everyone.apply_filters()
    other = everyone.model.case_at(0)
    assert other.reference.startswith("LIS-02-")
    assert open_case(widget, demo_services, officer, other.id, "Own case work") is None
    boxes = widget.findChildren(QMessageBox)
    assert len(boxes) == 1
    assert boxes[0].text() == "Your role does not allow this."
    boxes[0].close()


def test_unknown_case_is_a_message(
    qtbot: QtBot, demo_services: Services, officer: Actor, pack: ProtocolPack
) -> None:
    widget = make_list(qtbot, demo_services, officer, pack)
    assert open_case(widget, demo_services, officer, 10_000_000, "Own case work") is None
    assert len(widget.findChildren(QMessageBox)) == 1


# ---------------------------------------------------------------------- the rendering


def full_record() -> CaseRecord:
    content = b"photo bytes"
    return record(
        created_at=AT,
        occurred_at=AT,
        place="Rua <b>do</b> Benformoso",
        district="Mouraria",
        place_type="street",
        narrative="A man shouted <script>alert(1)</script> at the victim.",
        offence_types=("threats",),
        verbatim_words="Go back & stay there",
        indicators=(IndicatorObservation("comments_gestures", "Slurs before the attack."),),
        perceptions=(Perception(PerceptionSource.VICTIM, "Targeted for her headscarf.", "P1"),),
        motives=("anti_muslim",),
        classification="hate_crime",
        persons=(
            Person(
                key="P1",
                role=PersonRole.VICTIM,
                name="Amina Haddad",
                languages=(SpokenLanguage("ar", preferred=True), SpokenLanguage("pt", reads=False)),
                interpreter_needed=True,
                interpreter_language="ar",
                religion="Muslim",
            ),
            Person(key="P2", role=PersonRole.WITNESS, name="Rui Nunes"),
        ),
        consents=(
            Consent(
                key="C1",
                person_key="P1",
                recipient="Victim Support Lisbon",
                purpose=ConsentPurpose.REFERRAL,
                granted=True,
                method=ConsentMethod.SIGNED,
                recorded_at=AT,
                recorded_by="officer",
            ),
        ),
        referrals=(
            Referral(
                key="R1",
                person_key="P1",
                service_name="Victim Support Lisbon",
                service_kind=ServiceKind.VICTIM_SUPPORT,
                created_at=AT,
                created_by="officer",
                status=ReferralStatus.SENT,
                consent_key="C1",
                urgency=Urgency.WITHIN_48_HOURS,
                sent_at=AT,
            ),
        ),
        coordination=(
            CoordinationEvent(CoordinationKind.PROSECUTOR, "Public prosecutor", AT, "officer"),
        ),
        attachments=(
            Attachment(
                filename="wall.jpg",
                media_type="image/jpeg",
                sha256=hashlib.sha256(content).hexdigest(),
                size=2048,
                added_at=AT,
                added_by="officer",
            ),
        ),
        reviews=(Review(ReviewDecision.RETURN, "supervisor", AT, "Add the witness's words."),),
        follow_ups=(FollowUp(date(2026, 4, 1), "Call the victim back"),),
    )


def test_rendering_escapes_every_value(pack: ProtocolPack) -> None:
    page = render_case_html(full_record(), pack)
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Rua &lt;b&gt;do&lt;/b&gt; Benformoso" in page
    assert "Go back &amp; stay there" in page


def test_rendering_shows_every_section(qtbot: QtBot, pack: ProtocolPack) -> None:
    record = full_record()
    view = CaseViewDialog(record, pack, demo=True)
    qtbot.addWidget(view)
    text = view.text()
    for heading in (
        "Summary",
        "Incident",
        "Safety",
        "Bias evidence",
        "Identification",
        PERCEPTION_HEADING,
        INDICATOR_HEADING,
        "Motives and classification",
        "Persons",
        "Victims",
        "Witnesses",
        "Rights information",
        "Needs assessment",
        "Consents",
        "Referrals",
        "Coordination",
        "Attachments",
        "History",
        "Follow-ups",
    ):
        assert heading in text, heading
    assert "Anti-Muslim" in text  # pack labels, not ids
    # Every language of the victim, with what the officer must know about it.
    assert "Arabic (ar) — preferred; Portuguese (pt) — does not read it" in text
    assert "Comments, written statements or gestures" in text
    assert "Hate crime" in text
    assert "Arabic (ar)" in text
    assert "Special-category data" in text
    special = text.index("Special-category data")
    assert special < text.index("Religion or belief") < text.index("Muslim", special)
    assert "Victim Support Lisbon" in text
    assert "Within 48 hours" in text
    assert "Granted" in text
    assert hashlib.sha256(b"photo bytes").hexdigest()[:12] + "…" in text
    assert hashlib.sha256(b"photo bytes").hexdigest() not in text
    assert "2 kB" in text  # as the wizard and the printouts write it
    assert "Returned to the officer" in text
    assert "Call the victim back" in text
    assert "A man shouted <script>alert(1)</script> at the victim." in text
    assert view.windowTitle().endswith("— DEMO")
    # Safety and rights were not recorded: they say so.
    assert text.count("Nothing recorded") >= 3


def test_an_empty_case_says_nothing_recorded(pack: ProtocolPack) -> None:
    record = CaseRecord(
        reference="LIS-01-2026-000043",
        station_code="LIS-01",
        status=CaseStatus.DRAFT,
        created_at=AT,
        created_by="officer",
        officer="officer",
        protocol_pack="eu-baseline",
        protocol_version="1.0",
    )
    page = render_case_html(record, pack)
    assert "Special-category" not in page
    assert page.count("Nothing recorded") >= 15


def test_colleagues_are_named_by_full_name_in_the_case(
    demo_services: Services, officer: Actor
) -> None:
    row = demo_services.cases.list_cases(officer, CaseQuery())[0]
    opened = demo_services.cases.open_case(officer, row.id, "Own case work")
    assert opened.user_names[opened.record.officer] == row.officer_name
    pack = demo_services.backend.pack(opened.record.protocol_pack)
    page = render_case_html(opened.record, pack, opened.user_names)
    assert esc(row.officer_name) in page
    assert f">{opened.record.officer}<" not in page
