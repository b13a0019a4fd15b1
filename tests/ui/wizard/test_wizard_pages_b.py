"""The wizard's later steps (rights, assessment, referral, coordination, summary), the consent
dialog, and around the wizard: New case, continuing one's own draft, resuming after sign-in."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import TypeVar

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QMessageBox,
    QWidget,
)
from pytestqt.qtbot import QtBot

from app.config import Settings
from app.documents import DOCUMENT_LANGUAGES
from app.domain.case import (
    CaseQuery,
    CaseRecord,
    CaseStatus,
    ConsentMethod,
    ConsentPurpose,
    CoordinationEvent,
    CoordinationKind,
    GuardianRelation,
    IndicatorObservation,
    Perception,
    PerceptionSource,
    Person,
    PersonRole,
    ReferralStatus,
    ReporterType,
    RightsInformation,
    RiskLevel,
    ServiceKind,
    Urgency,
    covering_consent,
)
from app.domain.completeness import missing_for_submission
from app.domain.directory import NEED_KINDS
from app.domain.languages import spoken
from app.domain.validation import validate_case_record
from app.services import Services
from app.services.context import Actor
from app.ui.case_list.view import CaseListWidget
from app.ui.main_window import MainWindow
from app.ui.startup import Startup
from app.ui.wizard.base import StepPage
from app.ui.wizard.consent_dialog import TEXT_VERSION, ConsentDialog, next_key
from app.ui.wizard.pages.assessment import AssessmentPage
from app.ui.wizard.pages.coordination import CoordinationPage
from app.ui.wizard.pages.referral import ANY_SERVICE, ReferralForm, ReferralPage
from app.ui.wizard.pages.rights import LEAFLET_VERSION, RIGHTS, RightsPage
from app.ui.wizard.pages.summary import SummaryPage, go_to
from app.ui.wizard.wizard import CaseWizard, open_wizard
from tests.ui.keyboard_checks import (
    assert_unique,
    fields,
    labelled,
    place,
    tab_chain,
    visible_mnemonics,
)

P = TypeVar("P", bound=StepPage)
MY_PAGES: list[type[StepPage]] = [
    RightsPage,
    AssessmentPage,
    ReferralPage,
    CoordinationPage,
    SummaryPage,
]
WIZARD_MNEMONICS = {"B", "N", "C"}  # < &Back, &Next >, Save and &close


def realistic(record: CaseRecord, now: datetime) -> CaseRecord:
    """An anti-Muslim assault on a mother and her son, with a witness: everything the steps
    before rights need is there."""
    occurred = now - timedelta(hours=3)
    return replace(
        record,
        reported_at=occurred + timedelta(minutes=10),
        attended_at=occurred + timedelta(minutes=30),
        immediate_danger=False,
        occurred_at=occurred,
        place="Rua do Benformoso 12",
        district="Mouraria",
        place_type="street",
        narrative="A man shouted about her headscarf and pushed her son to the ground.",
        reporter_type=ReporterType.VICTIM,
        offence_types=("assault",),
        motives=("anti_muslim",),
        classification="hate_crime",
        indicators=(IndicatorObservation("comments_gestures", "Slurs about Muslims"),),
        perceptions=(
            Perception(PerceptionSource.VICTIM, "Because of my headscarf.", "P1"),
            Perception(PerceptionSource.VICTIM, "He said we do not belong here.", "P2"),
        ),
        persons=(
            Person(
                "P1",
                PersonRole.VICTIM,
                name="Amina Haddad",
                languages=spoken("ar"),
                safe_phone="+351 912 345 678",
            ),
            Person(
                "P2",
                PersonRole.VICTIM,
                name="Yusuf Haddad",
                is_minor=True,
                age_band="under 18",
                languages=spoken("ar"),
            ),
            Person("P3", PersonRole.WITNESS, name="João Pereira", languages=spoken("pt")),
            # Yusuf's mother, also a victim, is his guardian too: recorded as such.
            Person(
                "P4",
                PersonRole.GUARDIAN,
                name="Amina Haddad",
                relation=GuardianRelation.PARENT,
                phone="+351 912 345 678",
                languages=spoken("ar"),
                guardian_of="P2",
            ),
        ),
    )


def graffiti(record: CaseRecord, now: datetime) -> CaseRecord:
    """Graffiti on a synagogue: no individual victim."""
    return replace(
        realistic(record, now),
        persons=(),
        perceptions=(),
        no_individual_victim=True,
        motives=("antisemitic",),
        place_type="place_of_worship",
        narrative="Swastikas painted on the synagogue's wall overnight.",
    )


Change = Callable[[CaseRecord, datetime], CaseRecord]


# ---------------------------------------------------------------------- fixtures and helpers


@pytest.fixture(autouse=True)
def _no_blocking_message_box(monkeypatch: pytest.MonkeyPatch) -> None:
    """A blocking message box fails the test instead of waiting for a click forever."""

    def unexpected(_parent: QWidget, title: str, text: str, *_a: object, **_k: object) -> None:
        raise AssertionError(f"unexpected message box {title!r}: {text}")

    for name in ("question", "information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(unexpected))


OpenCase = Callable[..., CaseWizard]


def keep(qtbot: QtBot, wizard: CaseWizard) -> CaseWizard:
    """The wizard stays (not deleted on close) until the test ends: it may be looked at after
    it closed, and pytest-qt closes it once more at the end."""
    wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
    qtbot.addWidget(wizard)
    return wizard


@pytest.fixture
def open_case(qtbot: QtBot, demo_services: Services, officer: Actor) -> OpenCase:
    """A new draft of the officer with the record `change` makes, open in the wizard on `step`."""

    def open_case(change: Change = realistic, step: str = "rights") -> CaseWizard:
        services = demo_services
        opened = services.cases.create_draft(officer)
        record = change(opened.record, services.backend.clock())
        opened = services.cases.save_draft(officer, opened.id, opened.version, record, step)
        wizard = keep(qtbot, open_wizard(None, services, officer, opened))
        qtbot.waitExposed(wizard)
        return wizard

    return open_case


def reopened(qtbot: QtBot, wizard: CaseWizard) -> CaseWizard:
    """Save and close, then the same case again, as the officer would find it."""
    assert wizard.save_now()
    services, actor, step = wizard.services, wizard.actor, wizard.current_step()
    opened = services.cases.open_case(actor, wizard.case_id, "Own case work")
    assert opened.wizard_step == step
    again = keep(qtbot, open_wizard(None, services, actor, opened))
    qtbot.waitExposed(again)
    return again


def page_of(wizard: CaseWizard, cls: type[P]) -> P:
    return next(p for p in wizard.pages if isinstance(p, cls))


def walk_to(wizard: CaseWizard, cls: type[P]) -> P:
    assert go_to(wizard, cls.step_id)
    page = wizard.currentPage()
    assert isinstance(page, cls)
    return page


def consent_given(dialog: ConsentDialog, *, signed: bool = False, feedback: bool = False) -> None:
    """The officer records the victim's consent in the dialog (and, for a referral, whether the
    service may tell the police how it went)."""
    assert not dialog.ok_button.isEnabled()  # method and withdrawal not done yet
    (dialog.signed if signed else dialog.oral).setChecked(True)
    dialog.withdrawal.setChecked(True)
    if dialog.asks_feedback:
        assert not dialog.ok_button.isEnabled()  # the feedback question is not answered yet
        (dialog.feedback_yes if feedback else dialog.feedback_no).setChecked(True)
    assert dialog.ok_button.isEnabled()
    dialog.ok_button.click()


def declined(form: ReferralForm, method: ConsentMethod = ConsentMethod.ORAL) -> None:
    """The victim declines any referral; the officer records how they said so."""
    form.decision.setCurrentIndex(form.decision.findData("declines"))
    form.decision.activated.emit(form.decision.currentIndex())
    dialog = form.consent_dialog
    assert dialog is not None
    assert dialog.refusal
    assert not dialog.ok_button.isEnabled()  # no method is assumed
    dialog.method_buttons[method].setChecked(True)
    dialog.ok_button.click()


def referral_form(wizard: CaseWizard, key: str = "P1") -> ReferralForm:
    page = walk_to(wizard, ReferralPage)
    form = page.tabs.forms()[key]
    page.tabs.setCurrentWidget(form)
    return form


def accept_and_refer(form: ReferralForm, code: str) -> None:
    form.decision.setCurrentIndex(form.decision.findData("accepts"))
    form.decision.activated.emit(form.decision.currentIndex())
    assert form.services_box.isVisibleTo(form)
    for combo in (form.need_filter, form.language_filter, form.group_filter):
        combo.setCurrentIndex(combo.findData(""))  # any: the whole directory
    form.reload_services()
    assert form.select_service(code), [e.code for e in form.entries]
    dialog = form.refer_selected()
    assert dialog is not None
    consent_given(dialog)


# ---------------------------------------------------------------------- rights


def test_rights_round_trip(qtbot: QtBot, open_case: OpenCase) -> None:
    wizard = open_case()
    page = walk_to(wizard, RightsPage)
    assert len(RIGHTS) == 17
    assert page.rights_list.isReadOnly()
    assert page.rights_list.toPlainText().startswith("1. Support:")
    assert page.rights_list.toPlainText().splitlines()[-1].startswith("17. Privacy")
    forms = page.tabs.forms()
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == [
        "Amina Haddad",
        "Yusuf Haddad",
    ]
    amina = forms["P1"]
    assert not amina.given_at.isEnabled()
    before = wizard.context.now()
    amina.given.setChecked(True)  # when: now; the leaflet in her language, this version
    assert amina.given_at.value() is not None
    assert amina.given_at.value() >= before.replace(microsecond=0) - timedelta(seconds=1)
    assert amina.language.currentData() == "ar"
    assert amina.language.currentText() == "Arabic (ar)"
    # Offered: exactly the languages the leaflet can be printed in.
    offered = [amina.language.itemData(i) for i in range(1, amina.language.count())]
    assert offered == list(DOCUMENT_LANGUAGES)
    assert amina.version.text() == LEAFLET_VERSION
    assert not amina.complaint_number.isEnabled()
    amina.acknowledged.setChecked(True)
    amina.complaint_number.setText("LIS-Q-2026-88")
    amina.interpreter.setChecked(True)

    record = wizard.record()
    assert [r.person_key for r in record.rights] == ["P1"]  # Yusuf's box is not ticked
    rights = record.rights[0]
    assert rights.given_by == "officer"
    assert rights.leaflet_language == "ar"
    assert rights.leaflet_version == LEAFLET_VERSION
    assert rights.acknowledgement_given
    assert rights.complaint_number == "LIS-Q-2026-88"
    assert rights.interpreter_provided

    again = reopened(qtbot, wizard)
    assert again.record().rights == record.rights
    form = page_of(again, RightsPage).tabs.forms()["P1"]
    assert form.given.isChecked()
    assert form.complaint_number.text() == "LIS-Q-2026-88"
    assert not page_of(again, RightsPage).tabs.forms()["P2"].given.isChecked()
    # Unticking takes the rights information out again (a draft).
    form.given.setChecked(False)
    assert again.record().rights == ()


def test_a_language_the_leaflet_cannot_be_printed_in_is_not_chosen(
    open_case: OpenCase,
) -> None:
    """Urdu is the victim's language, but no leaflet exists in it: the officer chooses one the
    victim understands; a language recorded earlier stays as it was."""
    imran = Person("P1", PersonRole.VICTIM, name="Imran", languages=spoken("ur"))
    wizard = open_case(lambda record, _now: replace(record, persons=(imran,)))
    form = walk_to(wizard, RightsPage).tabs.forms()["P1"]
    form.given.setChecked(True)
    assert form.language.currentData() == ""  # "Not chosen yet"
    assert form.language.findData("ur") < 0
    form.fill(RightsInformation("P1", wizard.context.now(), "officer", "ur"))
    assert form.language.currentData() == "ur"


def test_rights_gaps_show_in_the_victims_tab(open_case: OpenCase) -> None:
    wizard = open_case()
    page = walk_to(wizard, RightsPage)
    wizard.show_submission_issues(missing_for_submission(wizard.record(), wizard.context.pack))
    forms = page.tabs.forms()
    assert forms["P2"].errors.text() == "Rights information is not recorded yet for this victim."
    assert page.tabs.tabText(1).startswith("⚠")
    forms["P2"].given.setChecked(True)
    wizard.show_submission_issues(missing_for_submission(wizard.record(), wizard.context.pack))
    assert forms["P2"].errors.isHidden()
    assert page.tabs.tabText(1) == "Yusuf Haddad"


def test_a_case_without_a_victim_needs_no_rights_step(open_case: OpenCase) -> None:
    wizard = open_case(graffiti)
    page = walk_to(wizard, RightsPage)
    assert page.no_victims.isVisible()
    assert not page.tabs.isVisible()
    assert wizard.record().rights == ()


# ---------------------------------------------------------------------- assessment


def test_the_suggested_risk_follows_the_factors(open_case: OpenCase) -> None:
    wizard = open_case()
    page = walk_to(wizard, AssessmentPage)
    amina = page.tabs.forms()["P1"]
    assert amina.suggested.text() == "Low"
    assert amina.level.currentData() == "low"
    assert not amina.reason.isEnabled()
    assert wizard.record().assessments == ()  # nothing filled in yet: nothing recorded

    assert amina.why.text() == "No factor ticked points to more than low risk."
    amina.factor_lists["crime"].set_selected(["bias_motive"])  # low on its own
    assert amina.suggested.text() == "Low"
    # The neighbours case (issue 11): they can reach her again, the address adds nothing new.
    amina.factor_lists["circumstances"].set_selected(
        ["repeat_risk", "offender_knows_address", "high_fear"]
    )
    assert amina.suggested.text() == "Medium"
    assert amina.why.text() == "Set by: Risk it happens again."
    assert amina.level.currentData() == "medium"  # the level follows the suggestion
    amina.factor_lists["circumstances"].set_selected(
        ["offender_knows_address", "retaliation_threats"]
    )
    assert amina.suggested.text() == "High"  # reach and threat together
    assert amina.why.text() == (
        "Set by: Offender knows where the victim lives; Threats of retaliation"
        " — together they raise the level one step."
    )
    assert amina.level.currentData() == "high"
    assert amina.reason_error.isHidden()

    # The child is presumed to need protection: never below medium, and "yes" to start with.
    yusuf = page.tabs.forms()["P2"]
    assert yusuf.suggested.text().startswith("Medium")
    assert yusuf.why.text() == "Set by: Child (under 18)."
    assert yusuf.level.currentData() == "medium"
    assert yusuf.protection.value() is True
    assert yusuf.factor_lists["personal"].selected() == ("minor",)  # what the suggestion counts
    assert "minor" not in amina.factors()  # an adult's assessment starts with none
    assert not yusuf.started  # nothing recorded until the officer fills something in


def test_a_child_by_date_of_birth_alone_is_presumed_to_need_protection(
    open_case: OpenCase,
) -> None:
    def born_twelve_years_ago(record: CaseRecord, now: datetime) -> CaseRecord:
        record = realistic(record, now)
        yusuf = replace(
            record.persons[1], is_minor=False, age_band="", date_of_birth=now.date().replace(
                year=now.year - 12)
        )  # fmt: skip
        return replace(record, persons=(record.persons[0], yusuf, record.persons[2]))

    wizard = open_case(born_twelve_years_ago)
    yusuf = walk_to(wizard, AssessmentPage).tabs.forms()["P2"]
    assert yusuf.suggested.text() == "Medium — a child is presumed to need protection"
    assert yusuf.protection.value() is True
    yusuf.factor_lists["crime"].set_selected(["bias_motive"])  # now it is recorded
    [assessment] = wizard.record().assessments
    assert (assessment.protection_needs, assessment.risk_suggested) == (True, RiskLevel.MEDIUM)
    assert set(assessment.factors) == {"minor", "bias_motive"}


def test_a_different_risk_level_needs_a_reason(open_case: OpenCase) -> None:
    wizard = open_case()
    page = walk_to(wizard, AssessmentPage)
    amina = page.tabs.forms()["P1"]
    amina.factor_lists["crime"].set_selected(["bias_motive", "severe_violence"])  # 5: medium
    assert amina.level.currentData() == "medium"
    amina.level.setCurrentIndex(amina.level.findData("high"))
    amina.level.activated.emit(amina.level.currentIndex())  # the officer's choice
    assert amina.reason.isEnabled()
    assert amina.reason_error.isVisibleTo(page)
    assert amina.reason_error.text() == (
        "You chose High, the factors suggest Medium: give the reason."
    )
    summary = page_of(wizard, SummaryPage)
    assert "Needs assessment: give the reason for the risk level chosen for Amina Haddad" in [
        g.text for g in summary.find_gaps(wizard.record())
    ]
    amina.reason.setText("He came back twice this week")
    assert amina.reason_error.isHidden()
    # The choice now stays when the factors change.
    amina.factor_lists["crime"].set_selected(["bias_motive"])
    assert amina.level.currentData() == "high"
    assessment = wizard.record().assessments[0]
    assert assessment.risk_suggested is RiskLevel.LOW
    assert assessment.risk_level is RiskLevel.HIGH
    assert assessment.risk_override_reason == "He came back twice this week"
    # Back to the suggested level: no reason needed, none kept.
    amina.level.setCurrentIndex(amina.level.findData("low"))
    amina.level.activated.emit(amina.level.currentIndex())
    assert not amina.reason.isEnabled()
    assert amina.reason_error.isHidden()
    assert wizard.record().assessments[0].risk_override_reason == ""


def test_assessment_round_trip_keeps_the_first_time(qtbot: QtBot, open_case: OpenCase) -> None:
    wizard = open_case()
    page = walk_to(wizard, AssessmentPage)
    amina = page.tabs.forms()["P1"]
    amina.factor_lists["personal"].set_selected(["residence_status"])
    amina.factor_lists["circumstances"].set_selected(["high_fear"])
    amina.protection.set_value(True)
    amina.needs.set_selected(["emotional", "legal"])
    amina.measures.list.item(0).setCheckState(Qt.CheckState.Checked)
    amina.declines.setChecked(True)
    amina.wishes.setPlainText("No interview at home.")
    record = wizard.record()
    [assessment] = record.assessments
    assert assessment.person_key == "P1"
    assert assessment.assessed_by == "officer"
    assert assessment.factors == ("residence_status", "high_fear")
    assert assessment.protection_needs is True
    assert assessment.needs == ("emotional", "legal")
    assert assessment.measures == (wizard.context.pack.measures[0].id,)
    assert assessment.risk_suggested is RiskLevel.LOW  # neither raises the level
    assert assessment.risk_level is RiskLevel.LOW
    assert assessment.declines_measures
    assert assessment.victim_wishes == "No interview at home."
    assert wizard.record().assessments == record.assessments  # the time is not "now" again

    again = reopened(qtbot, wizard)
    assert again.record().assessments == record.assessments
    form = page_of(again, AssessmentPage).tabs.forms()["P1"]
    form.factor_lists["crime"].set_selected(["severe_violence"])  # sets medium
    changed = again.record().assessments[0]
    assert changed.assessed_at == assessment.assessed_at  # updated, first time kept
    assert changed.risk_level is RiskLevel.MEDIUM


# ---------------------------------------------------------------------- referral


def test_safe_contact_is_stored_on_the_person(open_case: OpenCase) -> None:
    wizard = open_case()
    form = referral_form(wizard)
    assert form.safe_phone.text() == "+351 912 345 678"
    form.safe_times.setText("Weekdays after 18:00")
    form.message_ok.set_value(False)
    form.safe_email.setText("amina@example.org")
    form.channel.setEditText("Text message")
    form.do_not_contact.setText("Her husband's phone")
    amina = next(p for p in wizard.record().persons if p.key == "P1")
    assert (
        amina.safe_phone,
        amina.safe_times,
        amina.message_ok,
        amina.safe_email,
        amina.preferred_channel,
        amina.do_not_contact_via,
    ) == (
        "+351 912 345 678",
        "Weekdays after 18:00",
        False,
        "amina@example.org",
        "Text message",
        "Her husband's phone",
    )
    assert amina.name == "Amina Haddad"  # the rest of the person is kept


def test_services_are_filtered_by_needs_language_and_group(open_case: OpenCase) -> None:
    wizard = open_case()
    assessment = walk_to(wizard, AssessmentPage).tabs.forms()["P1"]
    assessment.needs.set_selected(["emotional"])
    form = referral_form(wizard)
    form.decision.setCurrentIndex(form.decision.findData("accepts"))
    form.decision.activated.emit(form.decision.currentIndex())
    assert form.need_filter.currentText() == "The victim's needs"
    assert form.context_note.text() == (
        "Needs from the assessment: Emotional support. Motives of the case: Anti-Muslim."
    )
    assert form.language_filter.currentData() == "ar"
    assert form.group_filter.currentText() == "The case's motives"
    assert [e.code for e in form.entries] == ["islamic-community-desk", "migrant-support-centre"]
    for entry in form.entries:
        assert entry.kind in NEED_KINDS["emotional"]
        assert "ar" in entry.languages
        assert {"anti_muslim", "all"} & set(entry.groups_served)
    # Any language, any group, any need: the whole (active) directory.
    for combo in (form.need_filter, form.language_filter, form.group_filter):
        combo.setCurrentIndex(combo.findData(""))
    form.reload_services()
    everything = wizard.services.directory.list_services(wizard.actor)
    assert [e.code for e in form.entries] == [e.code for e in everything]
    assert form.table.rowCount() == len(everything)
    # A confidential address is never shown (not even in a tooltip).
    for row, entry in enumerate(form.entries):
        if entry.address_confidential:
            assert entry.address not in form.table.item(row, 0).toolTip()


def test_referring_records_the_consent_and_the_referral_together(open_case: OpenCase) -> None:
    wizard = open_case()
    assessment = walk_to(wizard, AssessmentPage).tabs.forms()["P1"]
    assessment.needs.set_selected(["emotional"])
    assessment.factor_lists["circumstances"].set_selected(["repeat_risk", "high_fear"])
    form = referral_form(wizard)
    assert form.urgency.currentData() == Urgency.WITHIN_48_HOURS.value  # medium risk
    form.decision.setCurrentIndex(form.decision.findData("accepts"))
    form.decision.activated.emit(form.decision.currentIndex())
    form.language_filter.setCurrentIndex(form.language_filter.findData(""))  # interpreter
    form.group_filter.setCurrentIndex(form.group_filter.findData(""))
    form.reload_services()
    assert form.select_service("victim-support-lisbon")
    dialog = form.refer_selected()
    assert dialog is not None
    assert wizard.record().referrals == ()  # nothing before the consent
    dialog.reject()
    assert wizard.record().referrals == ()  # no consent, no referral
    assert wizard.record().consents == ()

    dialog = form.refer_selected()
    assert dialog is not None
    dialog.special.setChecked(False)
    dialog.scopes["needs"].setChecked(False)
    consent_given(dialog, signed=True, feedback=True)
    record = wizard.record()
    consent, feedback = record.consents
    assert feedback.purpose is ConsentPurpose.FEEDBACK_TO_POLICE
    assert feedback.granted
    assert feedback.method is ConsentMethod.SIGNED
    assert feedback.recipient == consent.recipient
    assert feedback.key != consent.key
    [referral] = record.referrals
    assert consent.person_key == referral.person_key == "P1"
    assert consent.purpose is ConsentPurpose.REFERRAL
    assert consent.recipient == referral.service_name == "Victim Support Lisbon"
    assert consent.granted
    assert consent.method is ConsentMethod.SIGNED
    assert consent.data_scope == ("identity", "contact", "incident")
    assert not consent.special_categories
    assert consent.text_version == TEXT_VERSION
    assert consent.language == "ar"
    assert consent.withdrawal_explained
    assert consent.recorded_by == "officer"
    assert referral.consent_key == consent.key
    assert referral.service_code == "victim-support-lisbon"
    assert referral.service_kind is ServiceKind.VICTIM_SUPPORT
    assert referral.service_contact.startswith("+351 21 000 1100")
    assert referral.status is ReferralStatus.PROPOSED
    assert referral.urgency is Urgency.WITHIN_48_HOURS
    assert referral.needs == ("emotional",)
    key, service = referral.consent_key, referral.service_name
    assert covering_consent(record.consents, key, service, ConsentPurpose.REFERRAL) == consent
    assert validate_case_record(record, wizard.context.now()) == []
    missing = missing_for_submission(record, wizard.context.pack)
    assert not [i for i in missing if i.field == "referral_decision" and i.params["person"] == "P1"]
    assert "consent C1 given" in form.referral_list.item(0).text()
    # The same service again: refused, it is covered already.
    assert form.refer_selected() is None
    assert (
        form.service_error.text() == "Victim Support Lisbon already has a referral of this victim."
    )


def test_withdrawing_the_consent_leaves_the_referral_uncovered(
    qtbot: QtBot, open_case: OpenCase
) -> None:
    wizard = open_case()
    form = referral_form(wizard)
    accept_and_refer(form, "victim-support-lisbon")
    assert wizard.save_now()
    form.consent_list.setCurrentRow(0)
    box = form.ask_withdraw_selected()
    assert box is not None
    assert box.objectName() == "withdrawConsent"
    box.button(QMessageBox.StandardButton.No).click()  # kept
    assert wizard.record().consents[0].withdrawn_at is None
    box = form.ask_withdraw_selected()
    assert box is not None
    box.button(QMessageBox.StandardButton.Yes).click()
    record = wizard.record()
    assert record.consents[0].withdrawn_at is not None
    issues = validate_case_record(record, wizard.context.now())
    assert [(i.code, i.field) for i in issues] == [
        ("consent_withdrawn", "referrals[0].consent_key")
    ]
    assert "withdrawn on" in form.consent_list.item(0).text()
    assert "not covered" in form.referral_list.item(0).text()
    assert wizard.save_now()  # the wizard's check, in the victim's tab beside the list
    assert form.referral_error.isVisibleTo(form)
    assert form.referral_error.text() == (
        "The referral of Amina Haddad to Victim Support Lisbon: consent C1 was withdrawn"
    )
    # Nothing was sent yet: the referral can be taken out; the consent stays on record.
    form.referral_list.setCurrentRow(0)
    form.remove_selected()
    record = wizard.record()
    assert record.referrals == ()
    assert len(record.consents) == 2  # the consent and the answer about feedback
    assert validate_case_record(record, wizard.context.now()) == []
    assert wizard.save_now()
    assert form.referral_error.isHidden()
    # Withdrawing again is not offered: nothing is still given.
    form.consent_list.setCurrentRow(0)
    assert form.ask_withdraw_selected() is None
    qtbot.wait(1)


def test_declining_records_a_refused_consent(qtbot: QtBot, open_case: OpenCase) -> None:
    wizard = open_case()
    form = referral_form(wizard, "P2")
    missing = missing_for_submission(wizard.record(), wizard.context.pack)
    assert [i.params["person"] for i in missing if i.field == "referral_decision"] == ["P1", "P2"]
    # Cancelled: nothing is recorded, the answer stays as it was.
    form.decision.setCurrentIndex(form.decision.findData("declines"))
    form.decision.activated.emit(form.decision.currentIndex())
    assert form.consent_dialog is not None
    form.consent_dialog.reject()
    assert form.decision.currentData() == ""
    assert wizard.record().consents == ()
    declined(form, ConsentMethod.SIGN_LANGUAGE)
    assert not form.services_box.isVisibleTo(form)
    assert form.declined_note.isVisibleTo(form)
    [refusal] = wizard.record().consents
    assert refusal.method is ConsentMethod.SIGN_LANGUAGE
    assert refusal.person_key == "P2"
    assert refusal.purpose is ConsentPurpose.REFERRAL
    assert refusal.recipient == ANY_SERVICE == "Support services"
    assert not refusal.granted
    assert wizard.record().referrals == ()
    missing = missing_for_submission(wizard.record(), wizard.context.pack)
    assert [i.params["person"] for i in missing if i.field == "referral_decision"] == ["P1"]
    assert validate_case_record(wizard.record(), wizard.context.now()) == []
    # Chosen by mistake: changed at once, the refusal goes again.
    form.decision.setCurrentIndex(form.decision.findData(""))
    form.decision.activated.emit(form.decision.currentIndex())
    assert wizard.record().consents == ()
    declined(form)
    again = reopened(qtbot, wizard)
    form = page_of(again, ReferralPage).tabs.forms()["P2"]
    assert form.decision.currentData() == "declines"
    assert "refused on" in form.consent_list.item(0).text()
    assert len(again.record().consents) == 1


def test_referral_round_trip(qtbot: QtBot, open_case: OpenCase) -> None:
    wizard = open_case()
    form = referral_form(wizard)
    accept_and_refer(form, "migrant-support-centre")
    record = wizard.record()
    again = reopened(qtbot, wizard)
    assert again.record().consents == record.consents
    assert again.record().referrals == record.referrals
    assert again.record().persons == record.persons
    form = page_of(again, ReferralPage).tabs.forms()["P1"]
    assert form.decision.currentData() == "accepts"
    assert form.referral_list.count() == 1


# ---------------------------------------------------------------------- coordination


def test_prosecutor_and_hand_over_round_trip_keep_other_events(
    qtbot: QtBot, open_case: OpenCase
) -> None:
    at = datetime(2026, 3, 1, 10, 0).astimezone()
    health = CoordinationEvent(
        CoordinationKind.HEALTH, "Hospital Santa Marta", at, "officer", "Injury hand-over"
    )

    def with_health(record: CaseRecord, now: datetime) -> CaseRecord:
        return replace(realistic(record, now), coordination=(health,))

    wizard = open_case(with_health)
    page = walk_to(wizard, CoordinationPage)
    missing = missing_for_submission(wizard.record(), wizard.context.pack)
    assert [i.field for i in missing if i.params["step"] == "coordination"] == [
        "prosecutor_notified"
    ]
    wizard.show_submission_issues(missing)
    assert page.prosecutor.check.isVisible()
    page.prosecutor.check.setChecked(True)
    assert page.prosecutor.when.value() is not None  # now, when ticked
    page.prosecutor.recipient.setText("Lisbon hate-crime prosecutor")
    page.prosecutor.reference.setText("PROC 123/26")
    page.force.check.setChecked(True)
    page.force.recipient.setText("Judicial Police, Lisbon")
    page.community.setPlainText("Worry in the mosque's community; patrols increased.")
    record = wizard.record()
    assert record.coordination[0] == health  # kept, untouched
    prosecutor, force = record.coordination[1:]
    assert prosecutor.kind is CoordinationKind.PROSECUTOR
    assert prosecutor.basis == "Statutory duty"
    assert prosecutor.reference_number == "PROC 123/26"
    assert force.kind is CoordinationKind.COMPETENT_FORCE
    assert force.recipient == "Judicial Police, Lisbon"
    assert record.community_impact == "Worry in the mosque's community; patrols increased."
    assert not [
        i for i in missing_for_submission(record, wizard.context.pack) if i.field.startswith("pros")
    ]
    again = reopened(qtbot, wizard)
    assert again.record().coordination == record.coordination
    page = page_of(again, CoordinationPage)
    assert page.prosecutor.recipient.text() == "Lisbon hate-crime prosecutor"
    page.force.check.setChecked(False)  # taken back: only that one goes
    assert again.record().coordination == (health, prosecutor)


def test_civil_society_contact_about_a_victim_needs_her_consent(open_case: OpenCase) -> None:
    wizard = open_case()
    page = walk_to(wizard, CoordinationPage)
    assert page.victim.count() == 2
    assert not page.victim.isHidden()  # two victims: whose consent
    page.cso_check.setChecked(True)
    page.organisation.setText("Islamic Community of Lisbon")
    page.shared.setText("Names and contact, to offer support")
    assert page.consent_state.text() == (
        "No consent of Amina Haddad for Islamic Community of Lisbon yet: record it before"
        " anything about them is shared."
    )
    assert wizard.save_now()
    issues = validate_case_record(wizard.record(), wizard.context.now())
    assert [(i.code, i.field) for i in issues] == [
        ("without_consent", "coordination[0].consent_key")
    ]
    assert page.cso_error.isVisible()
    assert page.cso_error.text() == "Needs the victim's consent for this recipient and purpose"

    dialog = page.ask_consent()
    assert dialog is not None
    assert dialog.scopes["identity"].isChecked()
    consent_given(dialog)
    record = wizard.record()
    [consent] = record.consents
    assert consent.purpose is ConsentPurpose.CIVIL_SOCIETY_CONTACT
    assert consent.recipient == "Islamic Community of Lisbon"
    assert consent.person_key == "P1"
    [event] = record.coordination
    assert event.kind is CoordinationKind.CIVIL_SOCIETY
    assert event.consent_key == consent.key
    assert event.content == "Names and contact, to offer support"
    assert event.basis == "Consent of the victim"
    assert validate_case_record(record, wizard.context.now()) == []
    assert wizard.save_now()
    assert page.cso_error.isHidden()
    assert page.consent_state.text().startswith("Amina Haddad consented on ")
    # Another organisation is not covered by that consent.
    page.organisation.setText("Another association")
    issues = validate_case_record(wizard.record(), wizard.context.now())
    assert [i.code for i in issues] == ["consent_other_recipient"]


def test_an_anonymised_civil_society_contact_needs_no_consent(open_case: OpenCase) -> None:
    wizard = open_case()
    page = walk_to(wizard, CoordinationPage)
    page.cso_check.setChecked(True)
    page.organisation.setText("Islamic Community of Lisbon")
    page.shared.setText("What happened at the mosque, no names")
    assert page.anonymised.isVisibleTo(page)
    assert not page.anonymised.isChecked()
    assert page.consent_button.isVisibleTo(page)  # sharing identities is the default
    page.anonymised.setChecked(True)
    assert not page.consent_button.isVisibleTo(page)
    assert page.consent_state.text().startswith("No consent is needed for anonymised facts.")
    record = wizard.record()
    [event] = record.coordination
    assert event.anonymised
    assert event.consent_key is None
    assert event.basis == "Anonymised facts for community reassurance"
    assert validate_case_record(record, wizard.context.now()) == []
    # Unticked: identities were shared, and that needs the victim's consent again.
    page.anonymised.setChecked(False)
    issues = validate_case_record(wizard.record(), wizard.context.now())
    assert [(i.code, i.field) for i in issues] == [
        ("without_consent", "coordination[0].consent_key")
    ]


def test_civil_society_contact_without_a_victim_needs_no_consent(open_case: OpenCase) -> None:
    wizard = open_case(graffiti)
    page = walk_to(wizard, CoordinationPage)
    assert not page.consent_button.isVisible()
    assert page.consent_state.text().startswith("No consent is needed")
    page.cso_check.setChecked(True)
    page.organisation.setText("Jewish Community of Lisbon")
    page.shared.setText("What happened, for reassurance")
    record = wizard.record()
    [event] = record.coordination
    assert event.consent_key is None
    assert event.anonymised
    assert event.basis == "Anonymised facts for community reassurance"
    assert validate_case_record(record, wizard.context.now()) == []


# ---------------------------------------------------------------------- summary


def test_the_summary_lists_the_gaps_of_a_new_draft(open_case: OpenCase) -> None:
    wizard = open_case(lambda record, _now: record, "summary")
    page = walk_to(wizard, SummaryPage)
    lines = page.lines()
    assert "What happened: the account is missing" in lines
    assert (
        "What happened: name at least one victim, or mark the case as having no individual victim"
        in lines
    )
    assert "Classification: the case is not classified yet" in lines
    assert page.state.text().endswith("things to complete before the case can go to review.")
    assert not page.gap_list.isHidden()
    # The lines follow the pack's order of steps.
    assert lines.index("What happened: the account is missing") < lines.index(
        "Classification: the case is not classified yet"
    )


def test_go_to_jumps_to_the_step_and_the_victim(qtbot: QtBot, open_case: OpenCase) -> None:
    wizard = open_case(step="summary")
    page = walk_to(wizard, SummaryPage)
    lines = page.lines()
    assert "Rights information: not recorded for Yusuf Haddad" in lines
    assert "Needs assessment: not done for Amina Haddad" in lines
    assert "Referral: the answer of Amina Haddad about a referral is not recorded" in lines
    assert "Coordination: the prosecutor has not been notified" in lines
    page.gap_list.setCurrentRow(lines.index("Rights information: not recorded for Yusuf Haddad"))
    page.gap_list.setFocus()
    qtbot.keyClick(page.gap_list, Qt.Key.Key_Return)  # Enter: go there (not Submit)
    assert wizard.current_step() == "rights"
    rights = page_of(wizard, RightsPage)
    assert rights.tabs.currentWidget() is rights.tabs.forms()["P2"]
    assert wizard.services.cases.open_case(
        wizard.actor, wizard.case_id, "Own case work"
    ).wizard_step == ("rights")  # saved where the officer now is
    rights.tabs.forms()["P2"].given.setChecked(True)
    rights.tabs.forms()["P1"].given.setChecked(True)
    wizard.next()
    wizard.next()
    wizard.next()
    wizard.next()
    assert wizard.currentPage() is page
    assert not [line for line in page.lines() if line.startswith("Rights information")]
    # Back and forth: "Go to" a later page walks forward.
    go_to(wizard, "rights")
    page_line = "Coordination: the prosecutor has not been notified"
    go_to(wizard, "summary")
    page.gap_list.setCurrentRow(page.lines().index(page_line))
    qtbot.mouseClick(page.go_button, Qt.MouseButton.LeftButton)
    assert wizard.current_step() == "coordination"
    assert wizard.button(wizard.WizardButton.BackButton).isEnabled()


def test_a_complete_case_is_submitted_from_the_summary(
    qtbot: QtBot, open_case: OpenCase, demo_services: Services, officer: Actor
) -> None:
    wizard = open_case(step="rights")
    for key in ("P1", "P2"):
        page_of(wizard, RightsPage).tabs.forms()[key].given.setChecked(True)
        protection = page_of(wizard, AssessmentPage).tabs.forms()[key].protection
        protection.setCurrentIndex(1)  # Yes, as the officer picks it
        protection.activated.emit(1)
    referral = page_of(wizard, ReferralPage).tabs.forms()
    accept_and_refer(referral["P1"], "victim-support-lisbon")
    declined(referral["P2"])
    page_of(wizard, CoordinationPage).prosecutor.check.setChecked(True)
    page_of(wizard, CoordinationPage).prosecutor.recipient.setText("DIAP Lisboa")
    summary = walk_to(wizard, SummaryPage)
    assert summary.lines() == []
    assert summary.state.text() == "Complete: submit it for review."
    assert summary.gap_list.isHidden()
    finish = wizard.button(wizard.WizardButton.FinishButton)
    assert finish.isVisible()
    assert finish.text() == "&Submit for review"
    with qtbot.waitSignal(wizard.submitted) as signal:
        finish.click()
    assert signal.args[0].record.status is CaseStatus.SUBMITTED


def test_a_refused_submission_refreshes_the_summary(open_case: OpenCase) -> None:
    wizard = open_case(step="summary")
    page = walk_to(wizard, SummaryPage)
    before = page.lines()
    page.gap_list.clear()
    wizard.show_submission_issues([])
    assert page.lines() == before


# ---------------------------------------------------------------------- keyboard and layout


def everything_shown(wizard: CaseWizard) -> None:
    """Every part of the pages in view: the referral's services, the consent button."""
    referral = page_of(wizard, ReferralPage)
    for form in referral.tabs.forms().values():
        form.decision.setCurrentIndex(form.decision.findData("accepts"))
        form.decision.activated.emit(form.decision.currentIndex())
    page_of(wizard, CoordinationPage).cso_check.setChecked(True)
    page_of(wizard, CoordinationPage).organisation.setText("Islamic Community of Lisbon")


@pytest.mark.parametrize("cls", MY_PAGES, ids=lambda c: c.__name__)
def test_every_field_has_a_label_and_mnemonics_are_unique(
    open_case: OpenCase, cls: type[StepPage]
) -> None:
    wizard = open_case()
    everything_shown(wizard)
    page = walk_to(wizard, cls)
    found = visible_mnemonics(wizard)
    assert_unique(found)
    # The last page has Submit for review instead of Next.
    expected = {"B", "C", "S"} if cls is SummaryPage else WIZARD_MNEMONICS
    assert {letter for letter, _text in found} >= expected
    buddies = labelled(page)
    for widget in fields(page):
        assert widget in buddies or widget.accessibleName(), f"{widget!r} has no label"


def test_the_consent_dialog_has_unique_mnemonics(qtbot: QtBot, open_case: OpenCase) -> None:
    wizard = open_case()
    form = referral_form(wizard)
    form.decision.setCurrentIndex(form.decision.findData("accepts"))
    form.decision.activated.emit(form.decision.currentIndex())
    dialog = form.refer_selected()
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert_unique(visible_mnemonics(dialog))
    dialog.reject()


@pytest.mark.parametrize("cls", MY_PAGES, ids=lambda c: c.__name__)
def test_tab_visits_the_fields_in_visual_order(open_case: OpenCase, cls: type[StepPage]) -> None:
    wizard = open_case()
    everything_shown(wizard)
    page = walk_to(wizard, cls)
    for form in (cls is RightsPage and page_of(wizard, RightsPage).tabs.forms().values()) or ():
        form.given.setChecked(True)
        form.acknowledged.setChecked(True)
    chain = tab_chain(page)
    assert len(chain) >= 2
    for before, after in itertools.pairwise(chain):
        a, b = place(before, page), place(after, page)
        same_row = b.top() < a.bottom() and a.top() < b.bottom()
        if same_row:
            assert b.left() > a.left(), f"{after!r} comes before {before!r} on its row"
        elif b.top() < a.top():
            # Up again only into the next column, to the right (the rights list).
            assert b.left() >= a.right(), f"{after!r} is above {before!r}"
        else:
            assert b.top() >= a.bottom() - 2, f"{after!r} is above {before!r}"


def test_enter_on_a_single_line_field_goes_to_the_next_page(
    qtbot: QtBot, open_case: OpenCase
) -> None:
    wizard = open_case()
    page = walk_to(wizard, RightsPage)
    form = page.tabs.forms()["P1"]
    form.given.setChecked(True)
    form.version.setFocus()
    qtbot.keyClick(form.version, Qt.Key.Key_Return)
    assert wizard.current_step() == "assessment"
    amina = page_of(wizard, AssessmentPage).tabs.forms()["P1"]
    amina.wishes.setFocus()
    qtbot.keyClick(amina.wishes, Qt.Key.Key_Return)  # a new line in the wishes
    assert wizard.current_step() == "assessment"


@pytest.mark.parametrize("cls", MY_PAGES, ids=lambda c: c.__name__)
def test_nothing_is_cut_off_at_1100_by_720(open_case: OpenCase, cls: type[StepPage]) -> None:
    """At the wizard's size every field is as wide as it needs, and a long page scrolls."""
    wizard = open_case()
    everything_shown(wizard)
    wizard.resize(1100, 720)
    page = walk_to(wizard, cls)
    QApplication.processEvents()
    assert wizard.width() <= 1100
    assert wizard.height() <= 720
    for widget in fields(page):
        hint = widget.minimumSizeHint()
        assert widget.width() >= min(hint.width(), 120), f"{widget!r} is squeezed"
    for button in page.findChildren(QAbstractButton):
        if button.isVisible() and button.text():
            width = button.fontMetrics().horizontalAdvance(button.text().replace("&", ""))
            assert button.width() >= width, f"{button.text()!r} is cut off"


def test_next_key_counts_up_from_the_highest() -> None:
    assert next_key("C", set()) == "C1"
    assert next_key("C", {"C1", "C7", "R9", "Cx"}) == "C8"


# ---------------------------------------------------------------------- around the wizard


@pytest.fixture
def station(fresh_demo: Services) -> Iterator[Services]:
    yield fresh_demo
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, CaseWizard) and widget.isVisible():
            widget.close()


def test_new_case_creates_a_draft_and_opens_the_wizard(qtbot: QtBot, station: Services) -> None:
    officer = station.accounts.authenticate("officer", "demo")
    window = MainWindow(station, officer)
    qtbot.addWidget(window)
    window.show()
    action = window.new_case_action
    assert action is not None
    assert action.text() == "&New case"
    assert action.shortcut().toString() == "Ctrl+N"
    assert action in window.menuBar().actions()[0].menu().actions()
    before = station.cases.count_cases(officer, CaseQuery(statuses=(CaseStatus.DRAFT,)))
    with qtbot.waitSignal(window.case_list.wizard_opened) as signal:
        action.trigger()
    wizard = signal.args[0]
    assert isinstance(wizard, CaseWizard)
    assert wizard.parent() is window  # closed and deleted with the main window
    assert wizard.isVisible()
    assert wizard.current_step() == "first_response"
    after = station.cases.count_cases(officer, CaseQuery(statuses=(CaseStatus.DRAFT,)))
    assert after == before + 1
    reference = wizard.record().reference
    assert reference in wizard.windowTitle()
    assert "created as a draft" in window.statusBar().currentMessage()
    wizard.close()  # saved and closed: the list shows the draft
    qtbot.waitUntil(lambda: window.case_list.model.rowCount() > 0)
    references = [
        window.case_list.model.case_at(i).reference
        for i in range(window.case_list.model.rowCount())
    ]
    assert reference in references


def test_new_case_is_not_offered_to_an_administrator(qtbot: QtBot, station: Services) -> None:
    admin = station.accounts.authenticate("admin", "demo")
    window = MainWindow(station, admin)
    qtbot.addWidget(window)
    assert window.new_case_action is None
    assert window.offer_resume() is None


def test_own_draft_offers_to_continue_working_on_it(qtbot: QtBot, station: Services) -> None:
    officer = station.accounts.authenticate("officer", "demo")
    supervisor = station.accounts.authenticate("supervisor", "demo")
    opened = station.cases.create_draft(officer)
    station.cases.save_draft(
        officer, opened.id, opened.version, realistic(opened.record, station.backend.clock())
    )
    pack = station.cases.station_pack(officer)
    widget = CaseListWidget(station, officer, pack)
    qtbot.addWidget(widget)
    widget.show()
    row = next(
        i
        for i in range(widget.model.rowCount())
        if widget.model.case_at(i).reference == opened.record.reference
    )
    box = widget.open_row(row)
    assert isinstance(box, QMessageBox)
    assert box.objectName() == "continueOwnCase"
    go_on = next(b for b in box.buttons() if b.text() == "&Continue working on it")
    with qtbot.waitSignal(widget.wizard_opened) as signal:
        go_on.click()
    wizard = signal.args[0]
    assert wizard.parent() is widget
    assert wizard.case_id == opened.id
    entries = station.audit.entries(supervisor, object_ref=opened.record.reference)
    assert ("view", "officer", "Own case work") in [
        (e.action, e.username, e.reason) for e in entries
    ]
    # Opened again while open: the same wizard, not a second one editing the same case.
    assert widget.continue_case(opened.id) is wizard
    # Someone else's case still opens read-only, with the reason asked.
    other = next(
        i
        for i in range(widget.model.rowCount())
        if widget.model.case_at(i).officer_name != officer.full_name
    )
    dialog = widget.open_row(other)
    assert not isinstance(dialog, QMessageBox)
    dialog.reject()


def test_resume_question_after_sign_in(
    qtbot: QtBot, tmp_path: Path, services_at: Callable[[Path], Services]
) -> None:
    def opener() -> Services:
        services = services_at(tmp_path / "station.db")
        services.demo.fill(5)
        officer = services.accounts.authenticate("officer", "demo")
        # Left after a crash, on the assessment page.
        opened = services.cases.create_draft(officer)
        record = realistic(opened.record, services.backend.clock())
        services.cases.save_draft(officer, opened.id, opened.version, record, "assessment")
        return services

    startup = Startup(Settings(database_url=f"sqlite:///{tmp_path / 'unused.db'}"), opener=opener)
    qtbot.addWidget(startup.login)
    try:
        startup.start()
        login = startup.login
        qtbot.waitUntil(login.sign_in_button.isEnabled, timeout=10_000)
        login.username.setText("officer")
        login.password.setText("demo")
        with qtbot.waitSignal(startup.main_window_shown) as signal:
            qtbot.mouseClick(login.sign_in_button, Qt.MouseButton.LeftButton)
        window = signal.args[0]
        qtbot.addWidget(window)
        box = window.findChild(QMessageBox, "resumeDraft")
        assert box is not None
        assert box.isVisible()
        services = startup.services
        assert services is not None
        officer = window.actor
        newest = services.cases.list_cases(
            officer,
            CaseQuery(
                statuses=(CaseStatus.DRAFT,), officer_id=officer.user_id, sort_by="reference"
            ),
        )[0]
        assert box.text().startswith(f"You have an unfinished case {newest.reference} (from ")
        assert box.text().endswith("Continue where you left off?")
        drafts = services.cases.count_cases(
            officer, CaseQuery(statuses=(CaseStatus.DRAFT,), officer_id=officer.user_id)
        )
        if drafts > 1:
            assert "more unfinished case" in window.statusBar().currentMessage()
        with qtbot.waitSignal(window.case_list.wizard_opened) as opened:
            next(b for b in box.buttons() if b.text() == "&Continue").click()
        wizard = opened.args[0]
        assert wizard.parent() is window
        assert wizard.current_step() == "assessment"  # where it was left
        assert wizard.button(wizard.WizardButton.BackButton).isEnabled()  # Back works from there
        wizard.back()
        assert wizard.current_step() == "rights"
        wizard.close()
    finally:
        startup.shutdown()


def test_no_resume_question_without_a_draft(qtbot: QtBot, empty_services: Services) -> None:
    empty_services.accounts.set_up(
        station_code="LIS-01",
        station_name="Lisbon Centre",
        username="chief",
        full_name="Marta Lopes",
        password="long enough now",
    )
    actor = empty_services.accounts.authenticate("chief", "long enough now")
    window = MainWindow(empty_services, actor)
    qtbot.addWidget(window)
    assert window.offer_resume() is None
    assert window.findChild(QMessageBox, "resumeDraft") is None
