"""Whole cases through the wizard, as an officer works them: New case in the main window, every
page filled by typing, ticking and choosing in its real widgets, the page dialogs used and
accepted, Next page after page, then Submit for review. The stored case is then read back
through the services and checked in detail (PROTOCOL.md a-h)."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QInputDialog,
    QLineEdit,
    QRadioButton,
    QTableWidget,
    QToolBar,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.domain.case import (
    CaseQuery,
    CaseRecord,
    CaseStatus,
    ConsentMethod,
    ConsentPurpose,
    CoordinationKind,
    IndicatorObservation,
    Perception,
    PerceptionSource,
    Person,
    PersonRole,
    ReferralStatus,
    ReporterType,
    RiskLevel,
    ServiceKind,
    Urgency,
    covering_consent,
)
from app.services import Services
from app.services.context import Actor
from app.ui.main_window import MainWindow
from app.ui.widgets.dates import TypedDateField
from app.ui.wizard.base import StepPage
from app.ui.wizard.consent_dialog import TEXT_VERSION, ConsentDialog
from app.ui.wizard.pages.assessment import AssessmentPage
from app.ui.wizard.pages.classification import ClassificationPage
from app.ui.wizard.pages.communication import CommunicationPage
from app.ui.wizard.pages.coordination import ANONYMISED, STATUTORY, CoordinationPage
from app.ui.wizard.pages.evidence import EvidencePage
from app.ui.wizard.pages.first_response import FirstResponsePage
from app.ui.wizard.pages.identification import IdentificationPage
from app.ui.wizard.pages.incident import IncidentPage, PersonDialog
from app.ui.wizard.pages.referral import ANY_SERVICE, ReferralPage
from app.ui.wizard.pages.rights import LEAFLET_VERSION, RightsPage
from app.ui.wizard.pages.summary import SummaryPage
from app.ui.wizard.victim_page import VictimPage
from app.ui.wizard.wizard import CaseWizard
from tests.end_to_end.conftest import (
    choose,
    closed,
    local_minute,
    shown_as_submitted,
    tick,
    type_datetime,
    type_text,
)

P = TypeVar("P", bound=StepPage)
# Typing a language opens its completer's popup, which the offscreen platform cannot raise or
# give the keyboard to: messages of the platform plugin, not of the program.
COMPLETER_POPUP = pytest.mark.qt_log_ignore(
    "This plugin does not support raise", "This plugin does not support grabbing the keyboard"
)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"


# ---------------------------------------------------------------------- the officer's gestures


def click(qtbot: QtBot, button: QAbstractButton) -> None:
    """A click where the officer clicks: a check box or radio button on its box (a click
    beside its text, in the empty part of a wide row, does nothing), anything else in the middle."""
    assert button.isVisible(), f"{button.text()!r} is not on screen"
    assert button.isEnabled(), f"{button.text()!r} is disabled"
    if isinstance(button, QCheckBox | QRadioButton):
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton, pos=QPoint(6, button.height() // 2))
    else:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def type_in(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Puts the cursor in a field, as a click does, and types into it key by key."""
    assert widget.isVisible(), f"{widget!r} is not on screen"
    assert widget.isEnabled(), f"{widget!r} is disabled"
    widget.setFocus()
    type_text(qtbot, widget, text)


def line_of(combo: QComboBox) -> QLineEdit:
    """Where an editable combo box is typed into."""
    line = combo.lineEdit()
    assert line is not None
    return line


def enter_datetime(qtbot: QtBot, field: TypedDateField, when: datetime) -> None:
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    type_datetime(qtbot, field, when)


def start_new_case(qtbot: QtBot, window: MainWindow) -> CaseWizard:
    """New case, from the main window's toolbar: a draft, straight into the wizard."""
    action = window.new_case_action
    assert action is not None
    toolbar = window.findChild(QToolBar)
    assert toolbar is not None
    button = toolbar.widgetForAction(action)
    assert button is not None
    with qtbot.waitSignal(window.case_list.wizard_opened) as opened:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    wizard = opened.args[0]
    assert isinstance(wizard, CaseWizard)
    qtbot.waitExposed(wizard)
    assert isinstance(wizard.currentPage(), FirstResponsePage)
    return wizard


def page_of(wizard: CaseWizard, cls: type[P]) -> P:
    return next(p for p in wizard.pages if isinstance(p, cls))


def next_page(qtbot: QtBot, wizard: CaseWizard, cls: type[P]) -> P:
    click(qtbot, wizard.button(CaseWizard.WizardButton.NextButton))
    page = wizard.currentPage()
    assert isinstance(page, cls), f"on {type(page).__name__}, not {cls.__name__}"
    return page


def back_page(qtbot: QtBot, wizard: CaseWizard, cls: type[P]) -> P:
    click(qtbot, wizard.button(CaseWizard.WizardButton.BackButton))
    page = wizard.currentPage()
    assert isinstance(page, cls), f"on {type(page).__name__}, not {cls.__name__}"
    return page


def ok_button(dialog: QDialog) -> QAbstractButton:
    box = dialog.findChild(QDialogButtonBox)
    assert box is not None
    button = box.button(QDialogButtonBox.StandardButton.Ok)
    assert button is not None
    return button


def add_person(qtbot: QtBot, page: IncidentPage, button: QAbstractButton, **typed: str) -> Person:
    """Add victim / witness / suspect…: the dialog, its fields typed, OK."""
    click(qtbot, button)
    dialog = page.dialog
    assert isinstance(dialog, PersonDialog)
    qtbot.waitExposed(dialog)
    for name, text in typed.items():
        type_in(qtbot, getattr(dialog, name), text)
    click(qtbot, ok_button(dialog))
    assert page.dialog is None
    return page.persons()[-1]


def add_perception(qtbot: QtBot, page: IdentificationPage, words: str) -> None:
    click(qtbot, page.add_button)
    dialog = page.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    type_in(qtbot, dialog.text, words)
    click(qtbot, ok_button(dialog))
    assert page.dialog is None


def observe(qtbot: QtBot, page: IdentificationPage, indicator: str, note: str) -> None:
    """Ticks a bias indicator and says what was seen."""
    check, detail = page.indicators[indicator]
    click(qtbot, check)
    type_in(qtbot, detail, note)


def first_column(table: QTableWidget) -> list[str]:
    """What the first column of a table shows, row by row."""
    items = (table.item(row, 0) for row in range(table.rowCount()))
    return [item.text() for item in items if item is not None]


def select_row(qtbot: QtBot, table: QTableWidget, text: str) -> None:
    """Clicks the row whose first cell reads `text`."""
    items = [table.item(row, 0) for row in range(table.rowCount())]
    item = next((i for i in items if i is not None and i.text() == text), None)
    assert item is not None, f"{text!r} is not listed"
    table.scrollToItem(item)
    rect = table.visualItemRect(item)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert table.currentRow() == item.row()


def give_consent(qtbot: QtBot, dialog: ConsentDialog) -> None:
    """The victim agrees orally; the officer explains withdrawal, then records the consent."""
    qtbot.waitExposed(dialog)
    assert not dialog.ok_button.isEnabled()
    click(qtbot, dialog.oral)
    click(qtbot, dialog.withdrawal)
    assert not dialog.ok_button.isEnabled()  # whether the service may report back: asked
    click(qtbot, dialog.feedback_yes)
    click(qtbot, dialog.ok_button)


def submit(qtbot: QtBot, wizard: CaseWizard) -> None:
    """Submit for review, from the summary once it lists nothing missing."""
    summary = wizard.currentPage()
    assert isinstance(summary, SummaryPage)
    assert summary.lines() == []
    assert summary.state.text() == "Complete: submit it for review."
    finish = wizard.button(CaseWizard.WizardButton.FinishButton)
    with qtbot.waitSignal(wizard.submitted) as submitted:
        click(qtbot, finish)
    assert submitted.args[0].record.status is CaseStatus.SUBMITTED
    qtbot.waitUntil(lambda: closed(wizard))


def stored_case(
    qtbot: QtBot, window: MainWindow, services: Services, officer: Actor, case_id: int
) -> CaseRecord:
    """The case as the services give it back, and as the main window lists it: submitted."""
    record = services.cases.open_case(officer, case_id, "check").record
    assert record.status is CaseStatus.SUBMITTED
    listed = services.cases.list_cases(officer, CaseQuery(text=record.reference))
    assert [(c.reference, c.status) for c in listed] == [(record.reference, CaseStatus.SUBMITTED)]
    shown_as_submitted(qtbot, window, record.reference)
    return record


def by_role(record: CaseRecord, role: PersonRole) -> list[Person]:
    return [p for p in record.persons if p.role is role]


# ---------------------------------------------------------------------- a. racist assault


@COMPLETER_POPUP
def test_racist_assault_in_the_street_with_two_referrals(
    qtbot: QtBot, main_window: MainWindow, station: Services, officer: Actor
) -> None:
    now = datetime.now().astimezone()
    occurred = local_minute(now - timedelta(hours=2))
    reported = occurred + timedelta(minutes=10)
    attended = occurred + timedelta(minutes=25)
    wizard = start_new_case(qtbot, main_window)
    case_id = wizard.case_id

    # 1. First response and safety.
    first = page_of(wizard, FirstResponsePage)
    enter_datetime(qtbot, first.reported_at, reported)
    enter_datetime(qtbot, first.attended_at, attended)
    choose(qtbot, first.danger, False)
    choose(qtbot, first.injuries, True)
    type_in(qtbot, first.injuries_note, "Bruised left cheek, cut lip")
    choose(qtbot, first.medical, True)
    type_in(qtbot, first.medical_note, "Treated at the scene by INEM paramedics")

    # 2. What happened, and the people of the case.
    incident = next_page(qtbot, wizard, IncidentPage)
    enter_datetime(qtbot, incident.occurred_at, occurred)
    type_in(qtbot, incident.place, "Rua do Benformoso 12")
    type_in(qtbot, incident.district, "Mouraria")
    choose(qtbot, incident.place_type, "street")
    type_in(
        qtbot,
        incident.narrative,
        "A man insulted the victim for his skin colour outside the grocery, punched him in"
        " the face and threatened to come back with friends.",
    )
    tick(qtbot, incident.offence_types.list, "assault", "threats")
    choose(qtbot, incident.reporter_type, ReporterType.VICTIM.value)
    victim = add_person(
        qtbot,
        incident,
        incident.add_victim,
        name="Kwame Mensah",
        phone="+351 912 345 678",
        gender="male",
    )
    witness = add_person(
        qtbot,
        incident,
        incident.add_witness,
        name="Maria João Conceição",
        phone="+351 913 222 111",
        description="Owner of the grocery at number 14",
    )
    suspect = add_person(
        qtbot,
        incident,
        incident.add_suspect,
        alias="Tiago",
        description="Man, about 30, shaved head, black bomber jacket, swastika tattoo on neck",
    )
    assert [(p.key, p.role) for p in (victim, witness, suspect)] == [
        ("P1", PersonRole.VICTIM),
        ("P2", PersonRole.WITNESS),
        ("P3", PersonRole.SUSPECT),
    ]
    assert incident.people.rowCount() == 3

    # 3. Communication, after the people are named: the victim has a tab, for his language.
    communication = next_page(qtbot, wizard, CommunicationPage)
    form = communication.tabs.forms()["P1"]
    assert communication.tabs.count() == 1
    type_in(qtbot, line_of(form.languages.picker), "English")
    qtbot.keyClick(line_of(form.languages.picker), Qt.Key.Key_Return)
    type_in(qtbot, form.companion, "His cousin, Kofi Mensah")

    # 4. Evidence of bias: the words as said.
    evidence = next_page(qtbot, wizard, EvidencePage)
    type_in(qtbot, evidence.verbatim, '"Go back to Africa, you black monkey!"')
    type_in(qtbot, evidence.evidence_notes, "CCTV of the grocery, camera over the door")

    # 5. Identification: the victim's perception apart from the officer's indicators.
    identification = next_page(qtbot, wizard, IdentificationPage)
    add_perception(qtbot, identification, "He attacked me because of my skin colour.")
    observe(qtbot, identification, "comments_gestures", "Racist slurs before the punch")
    observe(
        qtbot,
        identification,
        "victim_offender_difference",
        "Black victim; the suspect has a swastika tattoo",
    )
    tick(qtbot, identification.motives.list, "racist_xenophobic")
    type_in(
        qtbot,
        identification.assessment,
        "Slurs about skin colour and the tattoo point to a racist motive.",
    )

    # 6. Classification.
    classification = next_page(qtbot, wizard, ClassificationPage)
    assert "Assault or injury, Threats" in classification.summary.text()
    click(qtbot, classification.buttons["hate_crime"])
    assert classification.prosecutor_note.isVisible()

    # 7. Rights, with the leaflet in his language and the complaint acknowledged.
    rights = next_page(qtbot, wizard, RightsPage).tabs.forms()["P1"]
    click(qtbot, rights.given)
    assert rights.language.currentData() == "en"  # his language, from communication
    assert rights.version.text() == LEAFLET_VERSION
    click(qtbot, rights.acknowledged)
    type_in(qtbot, rights.complaint_number, "NUIPC 1234/26.0PBLSB")

    # 8. Needs assessment: he threatened to come back, a medium risk (not knowing where the
    # victim lives, the threat alone does not make it high).
    assessment = next_page(qtbot, wizard, AssessmentPage).tabs.forms()["P1"]
    tick(qtbot, assessment.factor_lists["crime"].list, "bias_motive")
    tick(qtbot, assessment.factor_lists["circumstances"].list, "retaliation_threats", "high_fear")
    assert assessment.suggested.text() == "Medium"
    assert assessment.why.text() == "Set by: Threats of retaliation."
    assert assessment.level.currentData() == RiskLevel.MEDIUM.value
    choose(qtbot, assessment.protection, True)
    tick(qtbot, assessment.needs.list, "emotional")
    tick(qtbot, assessment.measures.list, "avoid_offender_contact")
    type_in(qtbot, assessment.wishes, "Wants to be kept informed by phone.")

    # 9. Referral: he accepts two services of the directory.
    referral = next_page(qtbot, wizard, ReferralPage).tabs.forms()["P1"]
    type_in(qtbot, referral.safe_phone, "+351 912 345 678")
    type_in(qtbot, referral.safe_times, "weekdays after 18:00")
    choose(qtbot, referral.decision, "accepts")
    assert referral.services_box.isVisible()
    names = first_column(referral.table)
    assert {"Victim Support Lisbon", "Migrant Support Centre"} <= set(names)
    assert referral.urgency.currentData() == Urgency.WITHIN_48_HOURS.value  # medium risk
    select_row(qtbot, referral.table, "Victim Support Lisbon")
    click(qtbot, referral.refer_button)
    assert isinstance(referral.consent_dialog, ConsentDialog)
    give_consent(qtbot, referral.consent_dialog)
    select_row(qtbot, referral.table, "Migrant Support Centre")
    qtbot.keyClick(referral.table, Qt.Key.Key_Return)  # Enter refers to the current service
    assert isinstance(referral.consent_dialog, ConsentDialog)
    give_consent(qtbot, referral.consent_dialog)
    assert referral.referral_list.count() == 2
    assert referral.consent_list.count() == 4  # each consent, and its answer about feedback

    # 10. Coordination: the prosecutor is notified.
    coordination = next_page(qtbot, wizard, CoordinationPage)
    click(qtbot, coordination.prosecutor.check)
    type_in(qtbot, coordination.prosecutor.recipient, "DIAP Lisboa, hate-crime section")
    type_in(qtbot, coordination.prosecutor.reference, "Inq. 456/26")
    type_in(
        qtbot,
        coordination.community,
        "Shopkeepers in Mouraria worried; extra foot patrols this week.",
    )

    # 11. Summary, then Submit for review.
    next_page(qtbot, wizard, SummaryPage)
    submit(qtbot, wizard)

    # ---- the stored case
    case = stored_case(qtbot, main_window, station, officer, case_id)
    assert case.officer == "officer"
    assert case.station_code == "LIS-01"
    assert (case.reported_at, case.attended_at, case.occurred_at) == (reported, attended, occurred)
    assert (case.immediate_danger, case.injuries, case.medical_help) == (False, True, True)
    assert case.injuries_note == "Bruised left cheek, cut lip"
    assert case.medical_note == "Treated at the scene by INEM paramedics"
    assert (case.place, case.district, case.place_type) == (
        "Rua do Benformoso 12",
        "Mouraria",
        "street",
    )
    assert case.narrative.startswith("A man insulted the victim for his skin colour")
    assert case.offence_types == ("assault", "threats")
    assert case.reporter_type is ReporterType.VICTIM
    assert not case.no_individual_victim

    [kwame] = by_role(case, PersonRole.VICTIM)
    [maria] = by_role(case, PersonRole.WITNESS)
    [tiago] = by_role(case, PersonRole.SUSPECT)
    assert by_role(case, PersonRole.REPORTER) == []
    assert (kwame.key, kwame.name, kwame.phone, kwame.gender) == (
        "P1",
        "Kwame Mensah",
        "+351 912 345 678",
        "male",
    )
    assert kwame.language == "en"
    assert kwame.companion == "His cousin, Kofi Mensah"
    assert (kwame.safe_phone, kwame.safe_times) == ("+351 912 345 678", "weekdays after 18:00")
    assert not any(getattr(kwame, f) for f in ("ethnicity", "religion", "health"))
    assert (maria.key, maria.name, maria.description) == (
        "P2",
        "Maria João Conceição",
        "Owner of the grocery at number 14",
    )
    assert (tiago.key, tiago.name, tiago.alias) == ("P3", "", "Tiago")
    assert "swastika tattoo" in tiago.description

    assert case.verbatim_words == '"Go back to Africa, you black monkey!"'
    assert case.evidence_notes == "CCTV of the grocery, camera over the door"
    assert case.perceptions == (
        Perception(PerceptionSource.VICTIM, "He attacked me because of my skin colour.", "P1"),
    )
    assert case.indicators == (
        IndicatorObservation("comments_gestures", "Racist slurs before the punch"),
        IndicatorObservation(
            "victim_offender_difference", "Black victim; the suspect has a swastika tattoo"
        ),
    )
    assert case.motives == ("racist_xenophobic",)
    assert case.officer_assessment.startswith("Slurs about skin colour")
    assert case.classification == "hate_crime"

    [given] = case.rights
    assert given.person_key == "P1"
    assert (given.leaflet_language, given.leaflet_version) == ("en", LEAFLET_VERSION)
    assert given.acknowledgement_given
    assert given.complaint_number == "NUIPC 1234/26.0PBLSB"
    assert given.given_by == "officer"
    assert now - timedelta(minutes=5) < given.given_at <= datetime.now().astimezone()

    [assessed] = case.assessments
    assert assessed.person_key == "P1"
    assert assessed.factors == ("bias_motive", "retaliation_threats", "high_fear")
    assert assessed.risk_suggested is RiskLevel.MEDIUM
    assert assessed.risk_level is RiskLevel.MEDIUM
    assert assessed.risk_override_reason == ""
    assert assessed.protection_needs is True
    assert assessed.needs == ("emotional",)
    assert assessed.measures == ("avoid_offender_contact",)
    assert not assessed.declines_measures
    assert assessed.victim_wishes == "Wants to be kept informed by phone."

    # Two consents, for exactly the two services, each covering its referral; with each, the
    # answer about feedback to the police.
    referral_consents = [c for c in case.consents if c.purpose is ConsentPurpose.REFERRAL]
    feedback = [c for c in case.consents if c.purpose is ConsentPurpose.FEEDBACK_TO_POLICE]
    assert len(referral_consents) == len(feedback) == 2
    assert all(c.granted for c in feedback)
    assert len(case.referrals) == 2
    consents = {c.key: c for c in referral_consents}
    assert len(consents) == 2
    for consent in referral_consents:
        assert consent.person_key == "P1"
        assert consent.purpose is ConsentPurpose.REFERRAL
        assert consent.granted
        assert consent.method is ConsentMethod.ORAL
        assert consent.withdrawal_explained
        assert consent.withdrawn_at is None
        assert consent.language == "en"
        assert consent.text_version == TEXT_VERSION
        assert consent.recorded_by == "officer"
    recipients = sorted(c.recipient for c in referral_consents)
    assert recipients == ["Migrant Support Centre", "Victim Support Lisbon"]
    for referral_made in case.referrals:
        consent = consents[referral_made.consent_key or ""]
        assert consent.recipient == referral_made.service_name
        key, service = referral_made.consent_key, referral_made.service_name
        assert covering_consent(case.consents, key, service, ConsentPurpose.REFERRAL)
        assert referral_made.person_key == "P1"
        assert referral_made.status is ReferralStatus.PROPOSED
        assert referral_made.urgency is Urgency.WITHIN_48_HOURS
        assert referral_made.needs == ("emotional",)
        assert referral_made.created_by == "officer"
    services = {r.service_code: r for r in case.referrals}
    assert set(services) == {"victim-support-lisbon", "migrant-support-centre"}
    assert services["victim-support-lisbon"].service_kind is ServiceKind.VICTIM_SUPPORT
    assert services["victim-support-lisbon"].service_contact.startswith("+351 21 000 1100")
    assert services["migrant-support-centre"].service_kind is ServiceKind.COMMUNITY_ORGANISATION

    [prosecutor] = case.coordination
    assert prosecutor.kind is CoordinationKind.PROSECUTOR
    assert prosecutor.recipient == "DIAP Lisboa, hate-crime section"
    assert prosecutor.reference_number == "Inq. 456/26"
    assert prosecutor.basis == STATUTORY
    assert prosecutor.consent_key is None
    assert case.community_impact.startswith("Shopkeepers in Mouraria worried")
    assert case.attachments == ()


# ---------------------------------------------------------------------- b. graffiti, no victim


def test_antisemitic_graffiti_on_a_synagogue_without_an_individual_victim(
    qtbot: QtBot,
    main_window: MainWindow,
    station: Services,
    officer: Actor,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    now = datetime.now().astimezone()
    occurred = local_minute(now - timedelta(hours=9))  # overnight, found in the morning
    reported = local_minute(now - timedelta(hours=1))
    photo = tmp_path / "synagogue-door.png"
    photo.write_bytes(PNG + b"graffiti on the synagogue door" * 40)
    wizard = start_new_case(qtbot, main_window)
    case_id = wizard.case_id

    first = page_of(wizard, FirstResponsePage)
    enter_datetime(qtbot, first.reported_at, reported)
    choose(qtbot, first.danger, False)
    choose(qtbot, first.injuries, False)

    incident = next_page(qtbot, wizard, IncidentPage)
    enter_datetime(qtbot, incident.occurred_at, occurred)
    type_in(qtbot, incident.place, "Rua Alexandre Herculano 59, synagogue")
    type_in(qtbot, incident.district, "Santo António")
    choose(qtbot, incident.place_type, "place_of_worship")
    type_in(
        qtbot,
        incident.narrative,
        "Overnight a swastika and antisemitic words were sprayed in black paint on the"
        " synagogue's main door. Nobody was present.",
    )
    tick(qtbot, incident.offence_types.list, "criminal_damage", "desecration")
    choose(qtbot, incident.reporter_type, ReporterType.CIVIL_SOCIETY.value)
    click(qtbot, incident.no_victim)
    reporter = add_person(
        qtbot,
        incident,
        incident.add_reporter,
        name="David Levy",
        phone="+351 21 000 1500",
        description="Security officer of the Jewish community; found the graffiti at 07:30",
    )
    assert (reporter.key, reporter.role) == ("P1", PersonRole.REPORTER)
    next_page(qtbot, wizard, CommunicationPage)

    evidence = next_page(qtbot, wizard, EvidencePage)
    type_in(qtbot, evidence.verbatim, '"Juden raus" and a swastika')
    type_in(
        qtbot, evidence.evidence_notes, "Paint still wet at 07:30; photographed before cleaning"
    )
    monkeypatch.setattr(
        QFileDialog, "getOpenFileName", staticmethod(lambda *_a, **_k: (str(photo), ""))
    )
    monkeypatch.setattr(
        QInputDialog,
        "getText",
        staticmethod(lambda *_a, **_k: ("Swastika and words on the main door", True)),
    )
    click(qtbot, evidence.add_button)  # the file and its description are asked, then saved
    assert first_column(evidence.files) == ["synagogue-door.png"]

    identification = next_page(qtbot, wizard, IdentificationPage)
    click(qtbot, identification.add_button)
    dialog = identification.dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    choose(qtbot, dialog.person, "P1")
    assert dialog.source.currentData() == PerceptionSource.REPORTER.value  # follows the role
    type_in(qtbot, dialog.text, "The community sees it as an attack on Jews as such.")
    click(qtbot, ok_button(dialog))
    observe(qtbot, identification, "symbols_graffiti", "Swastika and 'Juden raus' on the door")
    observe(qtbot, identification, "location_timing", "Synagogue, the night before Shabbat")
    tick(qtbot, identification.motives.list, "antisemitic")
    type_in(qtbot, identification.assessment, "Nazi symbol on a place of worship.")

    classification = next_page(qtbot, wizard, ClassificationPage)
    click(qtbot, classification.buttons["hate_crime"])
    assert classification.prosecutor_note.isVisible()

    # Rights, assessment and referral are for victims: none here.
    for cls in (RightsPage, AssessmentPage, ReferralPage):
        page: VictimPage[Any] = next_page(qtbot, wizard, cls)
        assert page.no_victims.isVisible()
        assert page.tabs.count() == 0

    coordination = next_page(qtbot, wizard, CoordinationPage)
    click(qtbot, coordination.prosecutor.check)
    type_in(qtbot, coordination.prosecutor.recipient, "DIAP Lisboa, hate-crime section")
    click(qtbot, coordination.cso_check)
    assert coordination.consent_state.text().startswith("No consent is needed")
    assert not coordination.consent_button.isVisible()
    type_in(qtbot, coordination.organisation, "Jewish Community Security Office")
    type_in(qtbot, coordination.shared, "The facts and the photo, for reassurance")
    type_in(
        qtbot,
        coordination.community,
        "Fear in the Jewish community before the holidays; patrols at the synagogue.",
    )

    next_page(qtbot, wizard, SummaryPage)
    submit(qtbot, wizard)

    case = stored_case(qtbot, main_window, station, officer, case_id)
    assert case.reported_at == reported
    assert case.occurred_at == occurred
    assert (case.immediate_danger, case.injuries) == (False, False)
    assert (case.place, case.district, case.place_type) == (
        "Rua Alexandre Herculano 59, synagogue",
        "Santo António",
        "place_of_worship",
    )
    assert case.offence_types == ("criminal_damage", "desecration")
    assert case.reporter_type is ReporterType.CIVIL_SOCIETY
    assert case.no_individual_victim
    assert by_role(case, PersonRole.VICTIM) == []
    assert [(p.key, p.role, p.name) for p in case.persons] == [
        ("P1", PersonRole.REPORTER, "David Levy")
    ]
    assert case.perceptions == (
        Perception(
            PerceptionSource.REPORTER, "The community sees it as an attack on Jews as such.", "P1"
        ),
    )
    assert case.indicators == (
        IndicatorObservation("symbols_graffiti", "Swastika and 'Juden raus' on the door"),
        IndicatorObservation("location_timing", "Synagogue, the night before Shabbat"),
    )
    assert case.motives == ("antisemitic",)
    assert case.classification == "hate_crime"
    assert case.verbatim_words == '"Juden raus" and a swastika'

    [attachment] = case.attachments
    content = photo.read_bytes()
    assert attachment.filename == "synagogue-door.png"
    assert attachment.media_type == "image/png"
    assert attachment.size == len(content)
    assert attachment.sha256 == hashlib.sha256(content).hexdigest()
    assert attachment.description == "Swastika and words on the main door"
    assert attachment.added_by == "officer"

    assert (case.rights, case.assessments, case.consents, case.referrals) == ((), (), (), ())
    kinds = {event.kind: event for event in case.coordination}
    assert set(kinds) == {CoordinationKind.PROSECUTOR, CoordinationKind.CIVIL_SOCIETY}
    assert kinds[CoordinationKind.PROSECUTOR].recipient == "DIAP Lisboa, hate-crime section"
    assert kinds[CoordinationKind.PROSECUTOR].basis == STATUTORY
    cso = kinds[CoordinationKind.CIVIL_SOCIETY]
    assert cso.recipient == "Jewish Community Security Office"
    assert cso.content == "The facts and the photo, for reassurance"
    assert cso.basis == ANONYMISED
    assert cso.consent_key is None
    assert cso.recorded_by == "officer"
    assert case.community_impact.startswith("Fear in the Jewish community")


# ---------------------------------------------------------------------- c. victim declines


@COMPLETER_POPUP
def test_anti_lgbti_harassment_the_victim_declines_referral_and_measures(
    qtbot: QtBot, main_window: MainWindow, station: Services, officer: Actor
) -> None:
    now = datetime.now().astimezone()
    occurred = local_minute(now - timedelta(hours=1, minutes=30))
    wizard = start_new_case(qtbot, main_window)
    case_id = wizard.case_id

    first = page_of(wizard, FirstResponsePage)
    choose(qtbot, first.danger, False)
    choose(qtbot, first.injuries, False)

    incident = next_page(qtbot, wizard, IncidentPage)
    enter_datetime(qtbot, incident.occurred_at, occurred)
    type_in(qtbot, incident.place, "Rua da Rosa 45, outside the bar")
    type_in(qtbot, incident.district, "Bairro Alto")
    choose(qtbot, incident.place_type, "lgbti_venue")
    type_in(
        qtbot,
        incident.narrative,
        "Two men followed the victim and his partner from the bar for two streets, shouting"
        " homophobic insults and filming them on a phone.",
    )
    tick(qtbot, incident.offence_types.list, "harassment")
    choose(qtbot, incident.reporter_type, ReporterType.VICTIM.value)
    add_person(qtbot, incident, incident.add_victim, name="Rui Tavares", age_band="30-44")
    add_person(
        qtbot, incident, incident.add_suspect, description="Two men, about 20, football shirts"
    )
    communication = next_page(qtbot, wizard, CommunicationPage)
    picker = communication.tabs.forms()["P1"].languages.picker
    type_in(qtbot, line_of(picker), "Portuguese")
    qtbot.keyClick(line_of(picker), Qt.Key.Key_Return)

    evidence = next_page(qtbot, wizard, EvidencePage)
    type_in(qtbot, evidence.verbatim, '"Vão-se embora daqui, paneleiros!"')

    identification = next_page(qtbot, wizard, IdentificationPage)
    add_perception(qtbot, identification, "They shouted at us because we held hands.")
    observe(qtbot, identification, "comments_gestures", "Homophobic insults, filmed them")
    observe(qtbot, identification, "association_identity", "Holding hands with his partner")
    tick(qtbot, identification.motives.list, "anti_lgbti")

    classification = next_page(qtbot, wizard, ClassificationPage)
    click(qtbot, classification.buttons["non_crime_incident"])
    assert not classification.prosecutor_note.isVisible()

    rights = next_page(qtbot, wizard, RightsPage).tabs.forms()["P1"]
    click(qtbot, rights.given)
    assert rights.language.currentData() == "pt"

    assessment = next_page(qtbot, wizard, AssessmentPage).tabs.forms()["P1"]
    tick(qtbot, assessment.factor_lists["crime"].list, "bias_motive")
    assert assessment.level.currentData() == RiskLevel.LOW.value
    choose(qtbot, assessment.protection, True)
    click(qtbot, assessment.declines)
    type_in(
        qtbot,
        assessment.wishes,
        "Refuses any protection measure; wants the police to know it happened.",
    )

    referral = next_page(qtbot, wizard, ReferralPage).tabs.forms()["P1"]
    choose(qtbot, referral.decision, "declines")
    refusal = referral.consent_dialog  # how he said no: chosen, never assumed
    assert refusal is not None
    qtbot.waitExposed(refusal)
    assert not refusal.ok_button.isEnabled()
    click(qtbot, refusal.interpreter)
    click(qtbot, refusal.ok_button)
    qtbot.waitUntil(lambda: referral.consent_dialog is None)
    assert not referral.services_box.isVisible()
    assert referral.declined_note.isVisible()
    assert referral.referral_list.item(0).text() == "None yet."
    assert "refused on" in referral.consent_list.item(0).text()

    coordination = next_page(qtbot, wizard, CoordinationPage)
    type_in(qtbot, coordination.community, "Third report near the bars this month.")
    next_page(qtbot, wizard, SummaryPage)
    submit(qtbot, wizard)

    case = stored_case(qtbot, main_window, station, officer, case_id)
    assert case.classification == "non_crime_incident"
    assert case.motives == ("anti_lgbti",)
    assert case.offence_types == ("harassment",)
    assert (case.place, case.district, case.place_type) == (
        "Rua da Rosa 45, outside the bar",
        "Bairro Alto",
        "lgbti_venue",
    )
    assert case.verbatim_words == '"Vão-se embora daqui, paneleiros!"'
    [rui] = by_role(case, PersonRole.VICTIM)
    [suspects] = by_role(case, PersonRole.SUSPECT)
    assert (rui.key, rui.name, rui.age_band, rui.language) == ("P1", "Rui Tavares", "30-44", "pt")
    assert suspects.description == "Two men, about 20, football shirts"
    assert case.perceptions == (
        Perception(PerceptionSource.VICTIM, "They shouted at us because we held hands.", "P1"),
    )
    assert [i.indicator for i in case.indicators] == ["comments_gestures", "association_identity"]

    [given] = case.rights
    assert (given.person_key, given.leaflet_language) == ("P1", "pt")
    assert not given.acknowledgement_given

    [assessed] = case.assessments
    assert assessed.declines_measures
    assert assessed.victim_wishes == (
        "Refuses any protection measure; wants the police to know it happened."
    )
    assert assessed.protection_needs is True
    assert assessed.measures == ()
    assert assessed.risk_level is RiskLevel.LOW

    # The refusal is on record as a refused consent; nothing was referred.
    [refusal] = case.consents
    assert refusal.person_key == "P1"
    assert refusal.purpose is ConsentPurpose.REFERRAL
    assert not refusal.granted
    assert refusal.method is ConsentMethod.INTERPRETER
    assert refusal.recipient == ANY_SERVICE
    assert refusal.language == "pt"
    assert refusal.recorded_by == "officer"
    assert case.referrals == ()
    assert case.coordination == ()  # not an offence: no prosecutor
    assert case.community_impact == "Third report near the bars this month."
