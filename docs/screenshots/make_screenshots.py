"""Screenshots of the screens, for checking by eye: `python docs/screenshots/make_screenshots.py`.

Runs offscreen on throw-away databases: an empty one for the first start, a demo database of
100,000 cases (filling it takes about half a minute) for the main window, the case view and the
directory, and a small demo database for the wizard. The PNGs go beside this file.

`--only wizard` (or `first-start`, `main`, `checklist`, `life`, `referrals`, `coordination`,
`stations`, `child`, `followup`, `timeline`, `audit`; may be repeated)
takes only those shots;
`--cases N` fills the main demo database with N cases, for trying a layout change quickly;
`--lang fi --lang bg` takes them in those screen languages, into docs/screenshots/fi/ and bg/.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import argparse
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import TypeVar

from PySide6.QtCore import (
    QEventLoop,
    QMessageLogContext,
    Qt,
    QTimer,
    QtMsgType,
    qInstallMessageHandler,
)
from PySide6.QtGui import QColor, QFont, QImage, QPainter
from PySide6.QtWidgets import QApplication, QMessageBox, QScrollArea, QWidget

from app.domain.case import (
    CaseQuery,
    CaseStatus,
    Consent,
    ConsentMethod,
    ConsentPurpose,
    CoordinationEvent,
    CoordinationKind,
    GuardianRelation,
    OutcomeKind,
    Person,
    PersonRole,
    Referral,
    ReferralStatus,
    ReferralStep,
    ReporterType,
    RiskLevel,
    SendChannel,
    ServiceKind,
    SharedData,
)
from app.domain.languages import SpokenLanguage, spoken
from app.domain.stations import StationDetails
from app.domain.workflow import Action, Decision
from app.services import Services, open_services
from app.services.audit import Delivery
from app.services.cases import OpenedCase
from app.services.context import Actor, utc_now
from app.services.errors import Refused, ServiceError
from app.ui import labels
from app.ui.case_list.model import COUNTING
from app.ui.case_view.consents import ConsentsDialog
from app.ui.case_view.view import CaseViewDialog
from app.ui.directory.view import DirectoryDialog
from app.ui.first_start import FirstStartDialog
from app.ui.language import apply_screen_language
from app.ui.login import LoginDialog
from app.ui.main_window import MainWindow
from app.ui.printing import PrintDialog
from app.ui.stations import StationsDialog
from app.ui.wizard.base import StepPage
from app.ui.wizard.consent_dialog import ConsentDialog
from app.ui.wizard.pages.assessment import AssessmentPage
from app.ui.wizard.pages.classification import ClassificationPage
from app.ui.wizard.pages.communication import CommunicationPage
from app.ui.wizard.pages.coordination import CoordinationPage
from app.ui.wizard.pages.evidence import EvidencePage
from app.ui.wizard.pages.first_response import FirstResponsePage
from app.ui.wizard.pages.identification import IdentificationPage
from app.ui.wizard.pages.incident import IncidentPage, PersonDialog
from app.ui.wizard.pages.referral import ReferralPage
from app.ui.wizard.pages.rights import RightsPage
from app.ui.wizard.pages.summary import SummaryPage, go_to
from app.ui.wizard.wizard import CaseWizard, open_wizard

OUT = Path(__file__).resolve().parent
DEMO_CASES = 100_000
WIZARD_DEMO_CASES = 20  # the wizard needs the directory and the accounts, not a long case list
SCREEN = (1366, 768)  # the smallest screen the wizard is made for: the whole of it
STEPS = (
    "first-start", "main", "wizard", "checklist", "life", "referrals", "stations", "child",
    "followup", "timeline", "coordination", "lock", "access", "recovery-sheet", "audit",
    "requests", "accounts", "statistics", "outcomes", "offline", "training",
)  # fmt: skip
CHECKLIST_DEMO_CASES = 2_000  # enough for recent cases waiting for review
FOLLOW_UP_DEMO_CASES = 300  # enough for approved cases of the demo officer
TIMELINE_DEMO_CASES = 300  # enough for an approved case of the officer with a referral to send
STATISTICS_DEMO_CASES = 2_000  # a year of figures in every table
P = TypeVar("P", bound=StepPage)


def quiet_offscreen(_kind: QtMsgType, _context: QMessageLogContext, message: str) -> None:
    """Qt's messages, less the offscreen platform's complaint at every dialog it shows."""
    if "propagateSizeHints" not in message:
        print(message, file=sys.stderr)


def settle(ms: int = 150) -> None:
    """Lets Qt lay out, paint and run queued work (the list's count) before a grab."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def shoot(widget: QWidget, out: Path, name: str) -> None:
    widget.show()
    settle()
    path = out / name
    if not widget.grab().save(str(path)):
        raise SystemExit(f"could not write {path}")
    print(f"wrote {path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path}")


def first_start(folder: Path, out: Path) -> None:
    services = open_services(f"sqlite:///{folder / f'empty-{out.name}.sqlite3'}")
    try:
        dialog = FirstStartDialog(services)
        dialog.resize(640, dialog.sizeHint().height())
        shoot(dialog, out, "first-start.png")
        dialog.close()
    finally:
        services.close()


def recovery_sheet_screen(folder: Path, out: Path) -> None:
    """After the first administrator on a new (encrypted) database: the sheet to acknowledge."""
    from app.ui.recovery_sheet import RecoverySheetDialog  # noqa: PLC0415

    services = open_services(f"sqlite:///{folder / f'sheet-{out.name}.sqlite3'}")
    try:
        actor = services.accounts.set_up(
            station_code="LIS-01", station_name="Lisbon Centre proximity station",
            username="rfonseca", full_name="Rita Fonseca", password="correct horse battery",
        )  # fmt: skip
        dialog = RecoverySheetDialog(services, actor)
        dialog.resize(640, dialog.sizeHint().height())
        shoot(dialog, out, "recovery-sheet.png")
        dialog.done_box.setChecked(True)
        dialog.close()
    finally:
        services.close()


def case_to_show(services: Services, actor: Actor) -> int:
    """A case with a victim, a perception, indicators and a referral: every part of the view."""
    page = services.cases.list_cases(actor, CaseQuery(), 50)
    while page:
        for summary in page:
            record = services.cases.open_case(actor, summary.id, "Screenshot").record
            if record.victims() and record.perceptions and record.indicators and record.referrals:
                return summary.id
        page = services.cases.list_cases(actor, CaseQuery(), 50, after=page[-1].key)
    raise SystemExit("no demo case with a victim, perception, indicators and a referral")


def directory_screen(services: Services, out: Path) -> None:
    """The support-services directory as an administrator sees it, on the confidential shelter."""
    admin = services.accounts.authenticate("admin", "demo")
    dialog = DirectoryDialog(services, admin)
    dialog.resize(1366, 768)
    dialog.reload(select_code="safe-house-east")
    shoot(dialog, out, "directory.png")
    dialog.close()


def lock_screen(folder: Path, out: Path) -> None:
    """The idle lock over an officer's session (the idle time is never reached here)."""
    place = folder / f"lock-{out.name}"
    place.mkdir()
    services = demo_database(place, WIZARD_DEMO_CASES)
    try:
        officer = services.accounts.authenticate("officer", "demo")
        window = MainWindow(services, officer, demo=False)
        window.show()
        settle()
        screen = window.idle_lock.lock()
        shoot(screen, out, "lock.png")
        window.idle_lock.stop()
        window.close()
    finally:
        services.close()


def stations_screens(folder: Path, out: Path) -> None:
    """The stations as an administrator sees them, one flagged for lacking its contacts; then
    the print dialog's warning before a victim's leaflet without them."""
    services = open_services(f"sqlite:///{folder / f'stations-{out.name}.sqlite3'}")
    try:
        services.demo.fill(WIZARD_DEMO_CASES)
        admin = services.accounts.authenticate("admin", "demo")
        services.stations.add_station(
            admin, StationDetails("FAR-01", "Faro proximity station", email="far-01@police.example")
        )
        dialog = StationsDialog(services, admin, demo=True)
        dialog.reload(select_code="FAR-01")
        shoot(dialog, out, "stations.png")
        dialog.close()
        services.stations.update_station(admin, "LIS-01", address="", phone="")
        officer = services.accounts.authenticate("officer", "demo")
        printing = PrintDialog(services, officer, None, demo=True)
        printing.show()
        printing.show_printout()
        assert printing.contacts_warning is not None
        shoot(printing.contacts_warning, out, "print-no-station-contacts.png")
        printing.close()
        # Before the prosecutor's report (it holds no special-category data): words in the
        # typed texts that may reveal them.
        summary = services.cases.list_cases(officer, CaseQuery(), 1)[0]
        record = services.cases.open_case(officer, summary.id, "Screenshot").record
        record = replace(
            record,
            narrative="A Muslim woman was pushed off the tram; he shouted about her headscarf.",
            classification_reason="Slurs about Islam while pushing her.",
        )
        printing = PrintDialog(services, officer, record, demo=True)
        printing.document.setCurrentIndex(printing.document.findData("prosecutor"))
        printing.reason.setEditText("Prosecutor's request")
        printing.show()
        printing.show_printout(warned=True)
        assert printing.words_warning is not None
        shoot(printing.words_warning, out, "print-special-words.png")
        printing.close()
    finally:
        services.close()


def accounts_screens(folder: Path, out: Path) -> None:
    """The accounts as an administrator sees them, one just reset; then the dialog its user
    meets at their next sign-in."""
    from app.ui.accounts.password import PasswordDialog  # noqa: PLC0415
    from app.ui.accounts.view import AccountsView  # noqa: PLC0415

    services = open_services(f"sqlite:///{folder / f'accounts-{out.name}.sqlite3'}")
    try:
        services.demo.fill(WIZARD_DEMO_CASES)
        admin = services.accounts.authenticate("admin", "demo")
        services.accounts.reset_password(admin, "officer", "a temporary passphrase")
        services.accounts.deactivate(admin, "lmarques")
        view = AccountsView(services, admin, demo=True)
        view.resize(1100, 420)
        view.table.selectRow(0)
        shoot(view, out, "accounts.png")
        view.close()
        officer = services.accounts.authenticate("officer", "a temporary passphrase")
        dialog = PasswordDialog(services, officer)
        dialog.resize(520, dialog.sizeHint().height())
        shoot(dialog, out, "change-password.png")
        dialog.close()
    finally:
        services.close()


def demo_database(folder: Path, cases: int) -> Services:
    services = open_services(f"sqlite:///{folder / 'demo.sqlite3'}")
    started = time.monotonic()
    print(f"filling a demo database with {cases:,} cases…")
    services.demo.fill(cases)
    print(f"  done in {time.monotonic() - started:.0f} s")
    return services


def demo_screens(services: Services, out: Path) -> None:
    login = LoginDialog()
    login.set_demo(True)
    login.set_services(services)
    login.username.setText("officer")
    shoot(login, out, "login.png")
    login.close()

    officer = services.accounts.authenticate("officer", "demo")
    window = MainWindow(services, officer)
    window.resize(1366, 768)
    window.show()
    settle(400)  # the count comes after the first page
    shoot(window, out, "case-list.png")

    case_id = case_to_show(services, officer)
    opened = services.cases.open_case(officer, case_id, "Screenshot")
    pack = services.backend.pack(opened.record.protocol_pack)
    view = CaseViewDialog(opened.record, pack, window, user_names=opened.user_names, demo=True)
    view.resize(900, 740)
    shoot(view, out, "case-view.png")
    # The identification, where perception and indicators must read as separate things.
    view.browser.scrollToAnchor("identification")
    shoot(view, out, "case-view-identification.png")
    view.close()
    window.close()
    directory_screen(services, out)


def checklist_screen(folder: Path, out: Path) -> None:
    """A case waiting for review as its supervisor sees it: the hate-case checklist beside it,
    a not-met check followed (the case scrolled to its section, the step's guidance below)."""
    services = open_services(f"sqlite:///{folder / 'checklist.sqlite3'}")
    try:
        if services.accounts.needs_setup():
            services.demo.fill(CHECKLIST_DEMO_CASES)
        supervisor = services.accounts.authenticate("supervisor", "demo")
        for waiting in services.cases.review_queue(supervisor):
            opened = services.cases.open_case(supervisor, waiting.id, "Supervisor review")
            if opened.record.victims() and opened.record.referrals:
                break
        pack = services.backend.pack(opened.record.protocol_pack)
        view = CaseViewDialog(
            opened.record, pack, None, user_names=opened.user_names, demo=True,
            printing=(services, supervisor), case=opened,
        )  # fmt: skip
        view.resize(1280, 800)
        view.show()
        unmet = [c for c in view.checks if c.state.value == "not_met"] or list(view.checks)
        view.checklist.follow(unmet[0].id)
        shoot(view, out, "case-view-checklist.png")
        # Approving: the judgement checks to tick, the unmet ones listed.
        dialog = view.ask_decision(Action.APPROVE)
        dialog.judgement.boxes["proportionality"].setChecked(True)
        shoot(dialog, out, "case-view-approve-checks.png")
        dialog.reject()
        view.close()
    finally:
        services.close()


def life_screens(folder: Path, out: Path) -> None:
    """The case's life on the small demo database: the supervisor's review queue, a return with
    comments on sections, the returned case as its officer sees it in the wizard, and an
    approved case's history after a supplement."""
    services = open_services(f"sqlite:///{folder / 'checklist.sqlite3'}")
    try:
        if services.accounts.needs_setup():
            services.demo.fill(CHECKLIST_DEMO_CASES)
        supervisor = services.accounts.authenticate("supervisor", "demo")
        officer = services.accounts.authenticate("officer", "demo")
        window = MainWindow(services, supervisor)
        window.resize(1366, 768)
        window.show()
        window.navigation.setCurrentRow(1)
        settle(300)
        shoot(window, out, "review-queue.png")
        window.close()

        waiting = next(
            q for q in services.cases.review_queue(supervisor)
            if q.officer_name == officer.full_name and not q.escalated_to
        )  # fmt: skip
        opened = services.cases.open_case(supervisor, waiting.id, "Supervisor review")
        view = case_view(services, supervisor, opened)
        dialog = view.ask_decision(Action.RETURN)
        dialog.comment.setPlainText("Nearly there: two points before I can approve it.")
        dialog.sections["evidence"].setText("Add the witness's account and the CCTV request.")
        dialog.sections["rights"].setText("Which version of the leaflet was given?")
        shoot(dialog, out, "case-view-return.png")
        dialog.accept()
        view.close()

        case = services.cases.open_case(officer, waiting.id, "Own case work")
        wizard = open_wizard(None, services, officer, case, demo=True)
        wizard.resize(1366, 768)
        shoot(wizard, out, "wizard-returned.png")
        wizard._retired = True  # closes without saving: nothing was typed
        wizard.close()

        approved = next(
            s for s in services.cases.list_cases(
                officer, CaseQuery(statuses=(CaseStatus.APPROVED,), officer_id=officer.user_id)
            )
        )  # fmt: skip
        case = services.cases.open_case(officer, approved.id, "Own case work")
        correction = Decision(
            comment="The house number was wrong.",
            record=replace(case.record, place=case.record.place.replace(",", " 14,", 1)),
        )
        services.cases.apply(officer, case.id, case.version, Action.SUPPLEMENT, correction)
        case = services.cases.open_case(officer, approved.id, "Own case work")
        view = case_view(services, officer, case)
        view.show()
        settle()
        view.browser.verticalScrollBar().setValue(view.browser.verticalScrollBar().maximum())
        shoot(view, out, "case-view-supplement.png")
        view.close()
    finally:
        services.close()


def audit_screen(folder: Path, out: Path) -> None:
    """The audit trail as the station's supervisor sees it: sign-ins, cases read with their
    reasons, an export, a verify and a checkpoint, made through the services."""
    url = f"sqlite:///{folder / 'audit.sqlite3'}"
    services = open_services(url)
    try:
        if services.accounts.needs_setup():
            services.demo.fill(300)
            officer = services.accounts.authenticate("officer", "demo")
            supervisor = services.accounts.authenticate("supervisor", "demo")
            for reason in ("Own case work", "Victim called back"):
                services.cases.open_case(officer, case_to_show(services, officer), reason)
            services.cases.open_case(supervisor, case_to_show(services, officer), "Daily review")
            services.audit.checkpoint(supervisor)
            services.audit.verify(supervisor)
        supervisor = services.accounts.authenticate("supervisor", "demo")
        window = MainWindow(services, supervisor)
        window.resize(1366, 768)
        window.show()
        window.navigation.setCurrentRow(window.navigation.count() - 1)
        settle(300)
        shoot(window, out, "audit-trail.png")
        window.close()
    finally:
        services.close()


def statistics_screen(folder: Path, out: Path) -> None:
    """The statistics of every station as the administrator opens them: the last twelve months'
    total, the trend with its table, the motives below."""
    from app.ui.statistics.report_dialog import ReportDialog  # noqa: PLC0415
    from app.ui.statistics.view import StatisticsView  # noqa: PLC0415

    services = open_services(f"sqlite:///{folder / 'statistics.sqlite3'}")
    try:
        if services.accounts.needs_setup():
            services.demo.fill(STATISTICS_DEMO_CASES)
        admin = services.accounts.authenticate("admin", "demo")
        window = MainWindow(services, admin)
        window.resize(*SCREEN)
        window.show()
        [view] = [v for v in window.views if isinstance(v, StatisticsView)]
        window.navigation.setCurrentRow(window.views.index(view) + 1)
        view.wait()
        shoot(window, out, "statistics.png")
        # The two buttons beside the filters: the export and the printed report of the figures.
        view.export_button.click()
        assert view.dialog is not None
        shoot(view.dialog, out, "statistics-export.png")
        view.dialog.reject()
        view.report_button.click()
        report = view.dialog
        assert isinstance(report, ReportDialog)
        report.file.setText("statistics-report.pdf")  # as typed
        shoot(report, out, "statistics-report-dialog.png")
        report.reject()
        window.close()
    finally:
        services.close()


def followup_screens(folder: Path, out: Path) -> None:
    """The officer's follow-up list with due and overdue rows, made through the services: a
    referral sent again eight days ago and one today (its answer due in working days of the
    station's country), a re-contact three days past and one due tomorrow."""
    url = f"sqlite:///{folder / 'followup.sqlite3'}"
    services = open_services(url)
    earlier = open_services(url, clock=lambda: utc_now() - timedelta(days=8), migrate=False)
    try:
        if services.accounts.needs_setup():
            services.demo.fill(300)
            for now, recontact in ((earlier, -3), (services, 1)):
                follow_up_one(now, date.today() + timedelta(days=recontact))
        officer = services.accounts.authenticate("officer", "demo")
        window = MainWindow(services, officer)
        window.resize(1366, 768)
        window.show()
        window.navigation.setCurrentRow(1)
        settle(300)
        shoot(window, out, "followup.png")
        window.close()
    finally:
        earlier.close()
        services.close()


def follow_up_one(services: Services, recontact_on: date) -> None:
    """On one of the officer's approved or closed cases whose referral had no answer: the referral
    sent again now, and a re-contact scheduled."""
    officer = services.accounts.authenticate("officer", "demo")
    query = CaseQuery(statuses=(CaseStatus.APPROVED, CaseStatus.CLOSED), officer_id=officer.user_id)
    for summary in services.cases.list_cases(officer, query):
        case = services.cases.open_case(officer, summary.id, "Own case work")
        waiting = [r for r in case.record.referrals if r.status is ReferralStatus.NO_ANSWER]
        if not waiting:
            continue
        sent = ReferralStep(
            ReferralStatus.SENT, services.backend.clock(), "", channel=SendChannel.EMAIL
        )
        try:
            case = services.cases.apply(
                officer, case.id, case.version, Action.REFERRAL_STEP,
                Decision(target=waiting[0].key, step=sent),
            )  # fmt: skip
        except ServiceError:
            continue  # its consent does not cover sending it again: the next case
        services.cases.apply(
            officer, case.id, case.version, Action.RECONTACT,
            Decision(comment="How is she?", next_contact_on=recontact_on),
        )  # fmt: skip
        return


def followed(services: Services, officer: Actor, withdrawn: bool) -> OpenedCase:
    """An approved case of the officer's given a referral under a consent by a supplement (the
    demo's referrals have no history), then followed by hand: sent, received, accepted, contact
    made; or (`withdrawn`) sent, then its consent withdrawn. A later run (the next language)
    finds the case an earlier run followed."""
    key = "91" if withdrawn else "90"
    service = "Community Legal Advice Centre" if withdrawn else "Victim Support Lisbon"
    mine = CaseQuery(statuses=(CaseStatus.APPROVED,), officer_id=officer.user_id)
    cases = [
        services.cases.open_case(officer, summary.id, "Own case work")
        for summary in services.cases.list_cases(officer, mine, 200)
    ]
    for case in cases:
        if any(r.key == f"R{key}" for r in case.record.referrals):
            return case
    case = next(c for c in cases if c.record.victims() and not c.record.referrals)
    victim, now = case.record.victims()[0], services.backend.clock()
    consent = Consent(
        f"C{key}", victim.key, service, ConsentPurpose.REFERRAL, True, ConsentMethod.SIGNED,
        now - timedelta(days=7), officer.username, data_scope=("identity", "contact"),
        withdrawal_explained=True,
    )  # fmt: skip
    referral = Referral(
        f"R{key}", victim.key, service, ServiceKind.VICTIM_SUPPORT, now - timedelta(days=7),
        officer.username, consent_key=consent.key, service_contact="+351 21 358 79 00",
    )  # fmt: skip
    record = replace(case.record, consents=(*case.record.consents, consent), referrals=(referral,))
    case = services.cases.apply(
        officer, case.id, case.version, Action.SUPPLEMENT,
        Decision(comment="Referral to victim support added.", record=record),
    )  # fmt: skip
    s = ReferralStatus
    steps = [
        (s.SENT, 6, "Sent with the consent form.", SendChannel.SECURE_TRANSFER),
        (s.RECEIVED, 5, "Confirmed by phone.", None),
        (s.ACCEPTED, 4, "A counsellor will call her this week.", None),
        (s.CONTACT_MADE, 2, "First meeting held.", None),
    ]
    for status, days, note, channel in steps[:1] if withdrawn else steps:
        step = ReferralStep(status, now - timedelta(days=days), "", note, channel)
        case = services.cases.apply(
            officer, case.id, case.version, Action.REFERRAL_STEP,
            Decision(target=referral.key, step=step),
        )  # fmt: skip
    if withdrawn:
        decision = Decision(target=consent.key, comment="She phoned the station.")
        case = services.cases.apply(
            officer, case.id, case.version, Action.WITHDRAW_CONSENT, decision
        )
    return case


def follow_up_screens(folder: Path, out: Path) -> None:
    """A referral's history in the case view's Referrals…, and its Consents… after a consent
    was withdrawn, with the services to inform."""
    services = open_services(f"sqlite:///{folder / 'checklist.sqlite3'}")
    try:
        if services.accounts.needs_setup():
            services.demo.fill(CHECKLIST_DEMO_CASES)
        officer = services.accounts.authenticate("officer", "demo")
        view = case_view(services, officer, followed(services, officer, withdrawn=False))
        view.show()
        referrals = view.follow_up(Action.REFERRAL_STEP)
        assert referrals is not None
        shoot(referrals, out, "case-view-referrals.png")
        referrals.close()
        view.close()
        case = followed(services, officer, withdrawn=True)
        view = case_view(services, officer, case)
        view.show()
        consents = view.follow_up(Action.WITHDRAW_CONSENT)
        assert isinstance(consents, ConsentsDialog)
        shoot(consents, out, "case-view-consents.png")
        withdrawn = next(c for c in case.record.consents if c.withdrawn_at is not None)
        box = consents.tell_whom_to_inform(withdrawn)
        shoot(box, out, "case-view-consent-withdrawn.png")
        box.close()
        consents.close()
        view.close()
    finally:
        services.close()


def timeline_screens(folder: Path, out: Path) -> None:
    """The timeline of an approved demo case after its follow-up (its referral sent, received
    and accepted, the prosecutor informed, the report printed, the consent withdrawn, the victim
    re-contacted), as its supervisor opens it from the case view: all of it, then the referrals.
    The follow-up happens over the next days: a clock of its own moves it on."""
    services = open_services(f"sqlite:///{folder / f'timeline-{out.name}.sqlite3'}")
    try:
        services.demo.fill(TIMELINE_DEMO_CASES)
        supervisor = services.accounts.authenticate("supervisor", "demo")
        officer = services.accounts.authenticate("officer", "demo")
        now = services.backend.clock()
        services.backend.clock = lambda: now
        approved = services.cases.list_cases(
            supervisor, CaseQuery(statuses=(CaseStatus.APPROVED,)), 500
        )
        for summary in approved:
            case = services.cases.open_case(supervisor, summary.id, "Supervision")
            referral = next(
                (r for r in case.record.referrals
                 if r.status is ReferralStatus.SENT and r.consent_key
                 and any(c.key == r.consent_key and c.granted for c in case.record.consents)),
                None,
            )  # fmt: skip
            if referral is not None:
                break
        else:
            raise SystemExit("no approved demo case with a referral sent")
        # Its officer follows it up where they may (their own case), the supervisor otherwise.
        own = case.record.officer == officer.username
        worker = officer if own else supervisor

        def then(hours: float, who: Actor, action: Action, decision: Decision) -> None:
            nonlocal now, case
            now += timedelta(hours=hours)
            case = services.cases.apply(who, case.id, case.version, action, decision)

        def step(status: ReferralStatus, note: str = "") -> Decision:
            return Decision(target=referral.key, step=ReferralStep(status, now, "", note))

        then(20, worker, Action.REFERRAL_STEP, step(ReferralStatus.RECEIVED))
        then(
            3,
            supervisor,
            Action.REFERRAL_STEP,
            step(ReferralStatus.ACCEPTED, "They will call the victim on Thursday morning."),
        )
        now += timedelta(hours=1)
        # The report printed for the prosecutor logs what left the station by itself.
        services.documents.prosecutor_report(
            supervisor, case.record.reference, "pt", reason="Report for the prosecutor",
            delivery=Delivery("printer", lambda _pdf: None),
        )  # fmt: skip
        case = services.cases.open_case(supervisor, case.id, "Supervision")
        then(30, worker, Action.RECONTACT, Decision(
            contact_result="She feels safer; the service has called her.",
            next_contact_on=(now + timedelta(days=14)).date(),
            comment="Ask whether the threats stopped.",
        ))  # fmt: skip
        then(22, worker, Action.WITHDRAW_CONSENT, Decision(
            comment="She phoned: she has a lawyer now and wants no more referrals.",
            target=str(referral.consent_key),
        ))  # fmt: skip
        now += timedelta(hours=2)
        opened = services.cases.open_case(supervisor, case.id, "Supervision")
        view = case_view(services, supervisor, opened)
        view.show()
        settle()
        timeline = view.show_timeline()
        if timeline is None:
            raise SystemExit("the timeline did not open")
        timeline.resize(1280, 720)
        shoot(timeline, out, "case-timeline.png")
        timeline.filter.setCurrentIndex(2)  # the referrals
        shoot(timeline, out, "case-timeline-referrals.png")
        timeline.close()
        view.close()
    finally:
        services.close()


def coordination_screens(folder: Path, out: Path) -> None:
    """The follow-up of an approved case (issue 12): its coordination log with an entry its
    referral sheet's printout added and one typed by hand, the victim's re-contacts, and a
    second report of the same incident offered the link."""
    services = open_services(f"sqlite:///{folder / f'coordination-{out.name}.sqlite3'}")
    try:
        services.demo.fill(FOLLOW_UP_DEMO_CASES)
        officer = services.accounts.authenticate("officer", "demo")
        now = services.backend.clock()
        case = next(
            opened
            for summary in services.cases.list_cases(
                officer, CaseQuery(statuses=(CaseStatus.APPROVED,), officer_id=officer.user_id)
            )
            for opened in [services.cases.open_case(officer, summary.id, "Own case work")]
            if opened.record.victims() and any(r.consent_key for r in opened.record.referrals)
        )
        referral = next(r for r in case.record.referrals if r.consent_key)
        printed = CoordinationEvent(
            CoordinationKind.SUPPORT_SERVICE, referral.service_name, now - timedelta(hours=3), "",
            basis=labels.VICTIM_CONSENT, consent_key=referral.consent_key,
            data_sent=(SharedData.REFERRAL_SHEET, SharedData.VICTIM_CONTACT), automatic=True,
        )  # fmt: skip
        case = services.cases.apply(
            officer, case.id, case.version, Action.COORDINATE, Decision(coordination=printed)
        )
        view = case_view(services, officer, case)
        view.show()
        log = view.follow_ups.show_log() if view.follow_ups else None
        assert log is not None
        dialog = log.ask_entry()
        dialog.recipient.setText("Lisbon prosecutor's office (DIAP)")
        dialog.reference.setText("NUIPC 482/26.3PELSB")
        for item in (SharedData.REPORT, SharedData.INDICATOR_ANNEX, SharedData.EVIDENCE):
            dialog.data_boxes[item].setChecked(True)
        shoot(dialog, out, "coordination-entry.png")
        dialog.submit()
        shoot(log, out, "coordination-log.png")
        log.close()
        case = services.cases.apply(
            officer, case.id, view.follow_ups.opened.version, Action.RECONTACT,  # type: ignore[union-attr]
            Decision(
                contact_result="Safe at home; Victim Support called her twice.",
                next_contact_on=now.date() + timedelta(days=14),
                comment="Ask whether the hearing date is known.",
            ),
        )  # fmt: skip
        view.close()
        view = case_view(services, officer, case)
        view.show()
        contacts = view.follow_ups.show_recontacts() if view.follow_ups else None
        assert contacts is not None
        shoot(contacts, out, "recontacts.png")
        contacts.close()
        view.close()

        # A colleague's report of the same incident, submitted: offered the link.
        draft = services.cases.create_draft(officer)
        content = replace(
            case.record, reference=draft.record.reference, status=CaseStatus.DRAFT,
            created_at=draft.record.created_at, reviews=(), follow_ups=(),
            links=(), duplicate_of="", place=case.record.place.upper(),
        )  # fmt: skip
        saved = services.cases.save_draft(officer, draft.id, draft.version, content, "summary")
        wizard = open_wizard(None, services, officer, saved, demo=True)
        wizard.resize(1366, 768)
        settle(300)  # the offer is asked once the page's draft is saved
        shoot(wizard, out, "wizard-link-offer.png")
        wizard._retired = True  # closes without saving: nothing was typed
        wizard.close()
        saved = services.cases.open_case(officer, draft.id, "Own case work")
        try:
            second = services.cases.submit(officer, draft.id, saved.version)
        except Refused:
            second = saved  # offered for after its submission
        view = case_view(services, officer, second)
        shoot(view, out, "case-view-link-offer.png")
        if view.follow_ups is not None and view.follow_ups.offer.buttons:
            view.follow_ups.offer.buttons[0].click()
            settle()
            linking = QApplication.activeModalWidget()
            if linking is not None:
                shoot(linking, out, "link-dialog.png")
                linking.close()
        view.close()
    finally:
        services.close()


def outcome_screens(folder: Path, out: Path) -> None:
    """What became of a demo crime (issue 14): its outcomes so far, and the form that adds the
    next one."""
    services = open_services(f"sqlite:///{folder / f'outcomes-{out.name}.sqlite3'}")
    try:
        services.demo.fill(FOLLOW_UP_DEMO_CASES)
        officer = services.accounts.authenticate("officer", "demo")
        statuses = (CaseStatus.APPROVED, CaseStatus.CLOSED)
        case = next(
            opened
            for summary in services.cases.list_cases(
                officer, CaseQuery(statuses=statuses, officer_id=officer.user_id)
            )
            for opened in [services.cases.open_case(officer, summary.id, "Own case work")]
            if len(opened.record.outcomes) >= 2  # a story, not one line
        )
        view = case_view(services, officer, case)
        view.show()
        outcomes = view.follow_ups.show_outcomes() if view.follow_ups else None
        assert outcomes is not None
        shoot(outcomes, out, "outcomes.png")
        dialog = outcomes.ask_outcome()
        dialog.kind.setCurrentIndex(list(OutcomeKind).index(OutcomeKind.CONVICTED))
        dialog.court_reference.setText("Proc. 482/26.3T9LSB")
        dialog.note.setText("Suspended sentence of 8 months; the victim was told by phone.")
        shoot(dialog, out, "outcome-add.png")
        dialog.close()
        outcomes.close()
        view.close()
    finally:
        services.close()


def access_screens(folder: Path, out: Path) -> None:
    """An officer's case with special categories recorded: "recorded, hidden" in the case view,
    then shown after the officer asked (app.domain.access; the reveal is audited)."""
    services = open_services(f"sqlite:///{folder / 'access.sqlite3'}")
    try:
        if services.accounts.needs_setup():
            services.demo.fill(WIZARD_DEMO_CASES)
        officer = services.accounts.authenticate("officer", "demo")
        draft = services.cases.create_draft(officer)
        victim = Person(
            "P1", PersonRole.VICTIM, name="Amina Haddad", religion="Muslim",
            health="Asthma (carries an inhaler)",
        )  # fmt: skip
        record = replace(draft.record, place="Largo do Intendente", persons=(victim,))
        services.cases.save_draft(officer, draft.id, draft.version, record)
        opened = services.cases.open_case(officer, draft.id, "Own case work")
        view = case_view(services, officer, opened)
        view.browser.scrollToAnchor("communication")
        shoot(view, out, "case-view-special-hidden.png")
        view.reveal_special()
        view.browser.scrollToAnchor("communication")
        shoot(view, out, "case-view-special-shown.png")
        view.close()
    finally:
        services.close()


def case_view(services: Services, actor: Actor, opened: OpenedCase) -> CaseViewDialog:
    pack = services.backend.pack(opened.record.protocol_pack)
    view = CaseViewDialog(
        opened.record, pack, None, user_names=opened.user_names, demo=True,
        printing=(services, actor), case=opened, reason="Supervision",
    )  # fmt: skip
    view.resize(1280, 800)
    return view


# ---------------------------------------------------------------------- the wizard


@contextmanager
def no_message_boxes() -> Iterator[None]:
    """Offscreen nobody clicks: a message box would wait forever, so it stops the run instead."""

    def refuse(_parent: QWidget, title: str, text: str, *_a: object, **_k: object) -> None:
        raise SystemExit(f"unexpected message box {title!r}: {text}")

    names = ("question", "information", "warning", "critical")
    saved = {name: getattr(QMessageBox, name) for name in names}
    for name in names:
        setattr(QMessageBox, name, staticmethod(refuse))
    try:
        yield
    finally:
        for name, original in saved.items():
            setattr(QMessageBox, name, original)


def walk_to(wizard: CaseWizard, cls: type[P]) -> P:
    """Goes to the page with Next and Back, as the officer does (it is refreshed and saved)."""
    if not go_to(wizard, cls.step_id):
        raise SystemExit(f"the wizard did not get to the page {cls.step_id!r}")
    settle(50)
    page = wizard.currentPage()
    assert isinstance(page, cls)
    return page


def photo(path: Path, colour: str, caption: str) -> Path:
    """A stand-in for a photo taken at the scene: a coloured picture with a caption."""
    image = QImage(640, 480, QImage.Format.Format_RGB32)
    image.fill(QColor(colour))
    painter = QPainter(image)
    painter.setPen(QColor("white"))
    painter.setFont(QFont("DejaVu Sans", 22))
    painter.drawText(image.rect(), Qt.AlignmentFlag.AlignCenter, caption)
    painter.end()
    if not image.save(str(path)):
        raise SystemExit(f"could not write {path}")
    return path


def add_person(
    page: IncidentPage, role: PersonRole, fill: Callable[[PersonDialog], None]
) -> PersonDialog:
    """Add victim / witness / suspect, the dialog filled in as the officer would; not accepted."""
    dialog = page.add_person(role)
    fill(dialog)
    settle(50)
    return dialog


def give_consent(dialog: ConsentDialog) -> None:
    """The victim consents through the interpreter, lets the service report back; the officer
    explained the withdrawal."""
    dialog.interpreter.setChecked(True)
    dialog.withdrawal.setChecked(True)
    if dialog.asks_feedback:
        dialog.feedback_yes.setChecked(True)
    if not dialog.ok_button.isEnabled():
        raise SystemExit("the consent dialog does not take the consent")


def fill_case(wizard: CaseWizard, folder: Path, out: Path) -> None:
    """An anti-Muslim assault in the street: one victim, one witness, one suspect, every step
    done through the pages and their dialogs, as the officer would do it."""
    now = wizard.context.now().astimezone()
    occurred = (now - timedelta(hours=3)).replace(second=0, microsecond=0)

    first = walk_to(wizard, FirstResponsePage)
    first.reported_at.set_value(occurred + timedelta(minutes=6))
    first.attended_at.set_value(occurred + timedelta(minutes=19))
    first.danger.set_value(False)
    first.injuries.set_value(True)
    first.injuries_note.setText("Grazed hands and a bruised knee from the fall")
    first.medical.set_value(True)
    first.medical_note.setText("Ambulance crew treated her at the scene; she declined hospital")

    incident = walk_to(wizard, IncidentPage)
    incident.occurred_at.set_value(occurred)
    incident.place.setText("Rua do Benformoso 14, outside the bakery")
    incident.district.setText("Mouraria")
    incident.place_type.setCurrentIndex(incident.place_type.findData("street"))
    incident.narrative.setPlainText(
        "The victim was walking home with her shopping. A man came up behind her, pulled at her"
        " headscarf and shouted that Muslims should go back to their country. When she turned"
        " round he pushed her; she fell on the pavement. The bakery's owner came out and the man"
        " walked off towards Martim Moniz."
    )
    incident.offence_types.set_selected(["assault", "threats"])
    incident.reporter_type.setCurrentIndex(
        incident.reporter_type.findData(ReporterType.VICTIM.value)
    )

    def victim(dialog: PersonDialog) -> None:
        dialog.name.setText("Fatima Benali")
        dialog.date_of_birth.set_value(date(1987, 4, 2))
        dialog.gender.setText("Female")
        dialog.phone.setText("+351 912 345 678")
        dialog.email.setText("f.benali@example.org")
        dialog.address.setText("Rua do Benformoso 40, 2nd floor, Lisbon")
        dialog.description.setPlainText("Was wearing a headscarf; carrying shopping bags.")
        # Her religion is why she was targeted: strictly necessary here (LED Art. 10).
        dialog.special.setChecked(True)
        dialog.religion.setText("Muslim (wears a headscarf)")

    dialog = add_person(incident, PersonRole.VICTIM, victim)
    shoot(dialog, out, "wizard-person-dialog.png")
    dialog.accept()

    def witness(dialog: PersonDialog) -> None:
        dialog.name.setText("João Pereira")
        dialog.phone.setText("+351 936 111 222")
        dialog.address.setText("Rua do Benformoso 14, Lisbon")
        dialog.description.setPlainText("Owner of the bakery; saw it from his door.")

    add_person(incident, PersonRole.WITNESS, witness).accept()

    def suspect(dialog: PersonDialog) -> None:
        dialog.gender.setText("Male")
        dialog.age_band.setCurrentText("30-44")
        dialog.description.setPlainText(
            "About 1.80 m, shaved head, dark green bomber jacket, white trainers;"
            " left on foot towards Martim Moniz."
        )

    add_person(incident, PersonRole.SUSPECT, suspect).accept()

    communication = walk_to(wizard, CommunicationPage)
    tab = communication.tabs.forms()["P1"]
    # Arabic, read and preferred; Portuguese spoken a little, hardly read.
    tab.languages.set_languages(
        (SpokenLanguage("ar", preferred=True), SpokenLanguage("pt", reads=False))
    )
    tab.interpreter.setChecked(True)
    tab.accessibility.setText("Reads little Portuguese: explain the papers orally")
    tab.companion.setText("Her sister, Leila Benali")

    evidence = walk_to(wizard, EvidencePage)
    evidence.verbatim.setPlainText(
        "“Tira isso da cabeça! Vocês, muçulmanos, voltem para a vossa terra!”"
    )
    evidence.evidence_notes.setPlainText(
        "The bakery's CCTV covers the pavement (the owner keeps it 30 days; copy requested)."
        "\nThe torn headscarf, bagged and labelled as exhibit 1."
    )
    for name, colour, caption, description in (
        ("torn-headscarf.jpg", "#4a5d7a", "Torn headscarf", "The torn headscarf, at the scene"),
        ("bakery-cctv-still.png", "#5a6b4a", "CCTV still", "CCTV still: the man walking off"),
    ):
        added = evidence.add_attachment_file(photo(folder / name, colour, caption), description)
        if not added:
            raise SystemExit(f"could not attach {name}")

    identification = walk_to(wizard, IdentificationPage)
    perception = identification.add_perception()  # the only victim is chosen already
    perception.text.setPlainText(
        "He went for my headscarf and said Muslims should go home: it was because I am Muslim."
    )
    perception.accept()
    perception = identification.add_perception()
    perception.person.setCurrentIndex(perception.person.findData("P2"))  # the witness
    perception.text.setPlainText(
        "He walked past everyone else and went straight for the woman in the headscarf."
    )
    perception.accept()
    for indicator, note in (
        ("perception", "The victim and the witness both name the headscarf as the reason"),
        ("comments_gestures", "Shouted that Muslims should go back to their country"),
        ("association_identity", "She wears a headscarf; he pulled at it first"),
        ("lack_of_other_motive", "Nothing taken, no earlier quarrel, they do not know each other"),
    ):
        tick, detail = identification.indicators[indicator]
        tick.setChecked(True)
        detail.setText(note)
    identification.motives.set_selected(["anti_muslim", "racist_xenophobic"])
    identification.assessment.setPlainText(
        "The words used, the headscarf being pulled first and the lack of any other reason point"
        " to an anti-Muslim and xenophobic motive."
    )

    classification = walk_to(wizard, ClassificationPage)
    classification.choose("hate_crime")
    classification.also_boxes["hate_speech"].setChecked(True)  # the film was posted with slurs
    classification.reason.setPlainText(
        "Punched while the suspect filmed and shouted slurs about his origin; the suspect"
        " posted the film with the same slurs."
    )
    # Half-way: the summary lists what is still missing above the case recorded so far.
    scroll_to_top(walk_to(wizard, SummaryPage))
    shoot(wizard, out, "wizard-summary-gaps.png")

    rights = walk_to(wizard, RightsPage).tabs.forms()["P1"]
    rights.given.setChecked(True)
    rights.acknowledged.setChecked(True)
    rights.complaint_number.setText("NUIPC 482/26.3PBLSB")
    rights.interpreter.setChecked(True)

    assessment = walk_to(wizard, AssessmentPage).tabs.forms()["P1"]
    assessment.factor_lists["personal"].set_selected(["communication_difficulties"])
    assessment.factor_lists["crime"].set_selected(["bias_motive"])
    # He lives two streets away: he can reach her again (medium, the factor shown beside it).
    assessment.factor_lists["circumstances"].set_selected(["repeat_risk", "high_fear"])
    assessment.protection.setCurrentIndex(assessment.protection.findData(True))
    assessment.protection.activated.emit(assessment.protection.currentIndex())
    if assessment.suggestion() is not RiskLevel.MEDIUM:
        raise SystemExit(f"the factors suggest {assessment.suggestion()}, not medium")
    # The officer judges the risk higher than the factors suggest, and says why.
    assessment.level.setCurrentIndex(assessment.level.findData(RiskLevel.HIGH.value))
    assessment.level.activated.emit(assessment.level.currentIndex())
    assessment.reason.setText("He was seen near her home this morning, twice")
    assessment.needs.set_selected(["emotional", "legal", "interpreter"])
    assessment.measures.set_selected(["same_sex_interviewer", "avoid_offender_contact"])
    assessment.wishes.setPlainText(
        "Wants to be called on her own mobile only, after 18:00. Her employer must not be told."
    )

    referral = walk_to(wizard, ReferralPage).tabs.forms()["P1"]
    referral.safe_phone.setText("+351 912 345 678")
    referral.safe_times.setText("Weekdays after 18:00")
    referral.message_ok.set_value(False)
    referral.channel.setEditText("Phone call")
    referral.do_not_contact.setText("Her employer; the landline at home")
    referral.decision.setCurrentIndex(referral.decision.findData("accepts"))
    referral.decision.activated.emit(referral.decision.currentIndex())
    for number, code in enumerate(("islamic-community-desk", "migrant-support-centre")):
        if not referral.select_service(code):
            raise SystemExit(f"{code} is not among {[e.code for e in referral.entries]}")
        consent = referral.refer_selected()
        if consent is None:
            raise SystemExit(f"no consent asked for {code}: {referral.service_error.text()}")
        give_consent(consent)
        if number == 0:
            shoot(consent, out, "wizard-consent-dialog.png")
        consent.ok_button.click()
        settle(50)

    coordination = walk_to(wizard, CoordinationPage)
    coordination.prosecutor.check.setChecked(True)
    coordination.prosecutor.recipient.setText("DIAP Lisboa, 2nd section")
    coordination.prosecutor.reference.setText("482/26.3PBLSB")
    coordination.cso_check.setChecked(True)
    coordination.organisation.setText("Mouraria Neighbourhood Association")
    consent = coordination.ask_consent()
    if consent is None:
        raise SystemExit(f"no consent asked: {coordination.cso_error.text()}")
    give_consent(consent)
    consent.ok_button.click()
    settle(50)
    coordination.shared.setText("What happened, for a reassurance visit to the street's shops")
    coordination.community.setPlainText(
        "Shopkeepers in the street are worried after a second incident this month. A"
        " reassurance patrol is planned for Friday's prayers, with the association."
    )

    summary = walk_to(wizard, SummaryPage)
    if summary.lines():
        raise SystemExit("the case is not complete:\n  " + "\n  ".join(summary.lines()))


def scroll_to_top(page: QWidget) -> None:
    for area in page.findChildren(QScrollArea):
        area.verticalScrollBar().setValue(0)
        area.horizontalScrollBar().setValue(0)


def new_draft_wizard(services: Services) -> CaseWizard:
    """A small demo database, and the wizard on a new draft of its officer, at 1366x768."""
    services.demo.fill(WIZARD_DEMO_CASES)
    officer = services.accounts.authenticate("officer", "demo")
    opened = services.cases.create_draft(officer)
    wizard = open_wizard(None, services, officer, opened, demo=True)
    wizard.resize(*SCREEN)
    settle()
    return wizard


def offline_screen(folder: Path, out: Path) -> None:
    """The wizard while the database cannot be reached: its banner, the typing kept in the
    draft journal (README "When the network drops"). The save is made to fail as a lost
    server's would."""
    from app.services.errors import DatabaseUnavailable  # noqa: PLC0415

    os.environ["PROXIMITY_DESK_JOURNAL"] = str(folder / "journal")
    services = open_services(f"sqlite:///{folder / f'offline-{out.name}.sqlite3'}")
    try:
        wizard = new_draft_wizard(services)
        page = walk_to(wizard, IncidentPage)

        def unreachable(*_args: object, **_kwargs: object) -> None:
            raise DatabaseUnavailable("08006")

        services.cases.save_draft = unreachable  # type: ignore[method-assign,assignment]
        page.place.setText("Rua do Benformoso 12")
        wizard.save_now()
        shoot(wizard, out, "wizard-offline.png")
        wizard.reconnector.stop()
        wizard.hide()
        wizard.deleteLater()
    finally:
        services.close()


def training_screens(folder: Path, out: Path) -> None:
    """Training (README "Training with worked cases"): the worked cases, one started in the real
    wizard with its situation beside it, the feedback on a first try with two mistakes, and the
    trainer's view after a second, better try."""
    from app.services.training_db import training_opened  # noqa: PLC0415
    from app.ui.training.trainer import TrainerView  # noqa: PLC0415
    from app.ui.training.view import WorkedCasesView  # noqa: PLC0415

    real = open_services(f"sqlite:///{folder / f'training-real-{out.name}.sqlite3'}")
    real.demo.fill(30)
    url = f"sqlite:///{folder / f'training-{out.name}.sqlite3'}"
    officer = real.accounts.authenticate("officer", "demo")
    try:
        with training_opened(real, officer, url) as (training, trainee):
            window = MainWindow(training, trainee)
            window.resize(1280, 760)
            window.show()
            view = next(v for v in window.views if isinstance(v, WorkedCasesView))
            window.navigation.setCurrentRow(window.views.index(view) + 1)
            row = next(r for r, w in enumerate(view.worked) if w.id == "night_bus_push")
            view.table.setCurrentCell(row, 0)
            settle()
            shoot(window, out, "training-worked-cases.png")
            worked = view.current()
            assert worked is not None
            for attempt, mistakes in enumerate((True, False)):
                view.start(worked)
                settle()
                wizard = window.case_list._wizards[max(window.case_list._wizards)]
                if attempt == 0:
                    shoot(wizard, out, "training-wizard.png")
                submitted = submit_model_answer(training, trainee, wizard.case_id, mistakes)
                wizard.submitted.emit(submitted)
                settle()
                if attempt == 0:
                    shoot(view.feedback_dialog, out, "training-feedback.png")
                view.feedback_dialog.close()
                wizard.close()
                settle()
            window.close()
        supervisor = real.accounts.authenticate("supervisor", "demo")
        with training_opened(real, supervisor, url) as (training, trainer):
            window = MainWindow(training, trainer)
            window.resize(1280, 640)
            window.show()
            trainer_view = next(v for v in window.views if isinstance(v, TrainerView))
            window.navigation.setCurrentRow(window.views.index(trainer_view) + 1)
            trainer_view.trainee.setCurrentIndex(1)
            settle()
            shoot(window, out, "training-trainer.png")
            window.close()
    finally:
        COUNTING.waitForDone()
        real.close()


def submit_model_answer(
    training: Services, trainee: Actor, case_id: int, mistakes: bool
) -> OpenedCase:
    """The worked case's model answer recorded as the trainee's draft (with a wrong
    classification and a missed indicator if `mistakes`), then submitted."""
    from app.domain.training_feedback import model_record  # noqa: PLC0415

    draft = training.cases.open_for_editing(trainee, case_id, "Own case work")
    worked = next(w for w in training.training.worked_cases(trainee) if w.id == "night_bus_push")
    pack = training.backend.pack(worked.pack)
    at = draft.record.created_at - timedelta(hours=1)
    model = model_record(worked, pack, at=at)
    record = replace(
        model,
        reference=draft.record.reference, station_code=draft.record.station_code,
        status=draft.record.status, created_at=draft.record.created_at,
        created_by=draft.record.created_by, officer=draft.record.officer,
        protocol_pack=draft.record.protocol_pack, protocol_version=draft.record.protocol_version,
        occurred_at=at, place="Place Bellecour, bus N2", place_type="public_transport",
        reporter_type=ReporterType.WITNESS, immediate_danger=False,
        narrative="A young man insulted the victim about his origin and pushed him.",
    )  # fmt: skip
    if mistakes:
        record = replace(
            record,
            classification="non_crime_incident",
            indicators=tuple(i for i in record.indicators if i.indicator != "comments_gestures"),
        )
    saved = training.cases.save_draft(trainee, case_id, draft.version, record)
    return training.cases.submit(trainee, case_id, saved.version)


def child_screens(folder: Path, out: Path) -> None:
    """A girl of 12 insulted on the way to school, and her mother: the persons page and the
    guardian's dialog, the needs assessment presumed, the consent given by the mother, the
    leaflet printed for the mother, and the referral sheet's copies each in its reader's
    language."""
    services = open_services(f"sqlite:///{folder / f'child-{out.name}.sqlite3'}")
    try:
        with no_message_boxes():
            wizard = new_draft_wizard(services)
            officer = wizard.actor
            incident = walk_to(wizard, IncidentPage)
            incident.occurred_at.set_value(
                (wizard.context.now().astimezone() - timedelta(hours=2)).replace(second=0)
            )

            def girl(dialog: PersonDialog) -> None:
                dialog.name.setText("Leila Haddad")
                dialog.date_of_birth.set_value(date(2014, 3, 9))
                dialog.phone.setText("+351 910 000 001")

            add_person(incident, PersonRole.VICTIM, girl).accept()

            def mother(dialog: PersonDialog) -> None:
                dialog.name.setText("Amina Haddad")
                dialog.relation.setCurrentIndex(
                    dialog.relation.findData(GuardianRelation.PARENT.value)
                )
                dialog.phone.setText("+351 910 000 000")
                dialog.language.set_code("ar")

            dialog = add_person(incident, PersonRole.GUARDIAN, mother)
            shoot(dialog, out, "wizard-guardian-dialog.png")
            dialog.accept()
            shoot(wizard, out, "wizard-child-persons.png")

            communication = walk_to(wizard, CommunicationPage)
            communication.tabs.forms()["P1"].languages.set_languages(spoken("ar", "pt"))
            assessment = walk_to(wizard, AssessmentPage)
            scroll_to_top(assessment)
            shoot(wizard, out, "wizard-child-assessment.png")
            assessment.tabs.forms()["P1"].needs.set_selected(["emotional"])

            referral = walk_to(wizard, ReferralPage).tabs.forms()["P1"]
            referral.decision.setCurrentIndex(referral.decision.findData("accepts"))
            referral.decision.activated.emit(referral.decision.currentIndex())
            referral.language_filter.setCurrentIndex(0)  # she speaks Portuguese at school too
            referral.reload_services()
            if not referral.select_service("child-support-lisbon"):
                raise SystemExit("no child-support service in the demo directory")
            consent = referral.refer_selected()
            if consent is None:
                raise SystemExit(f"no consent asked: {referral.service_error.text()}")
            consent.given_by.setCurrentIndex(consent.given_by.findData("P2"))
            consent.child_views.setText("Wants to talk to someone, not with her teacher there")
            give_consent(consent)
            shoot(consent, out, "wizard-child-consent.png")
            consent.accept()
            settle()
            record = wizard.record()
            wizard.close()  # Save and close
            settle()

        printing = PrintDialog(services, officer, record, demo=True)
        printing.show()
        printing.document.setCurrentIndex(printing.document.findData("leaflet"))
        printing.person.setCurrentIndex(printing.person.findData("P2"))
        settle()
        shoot(printing, out, "print-guardian-leaflet.png")
        printing.document.setCurrentIndex(printing.document.findData("referral"))
        settle()
        shoot(printing, out, "print-copies.png")
        printing.close()
    finally:
        services.close()


def wizard_screens(folder: Path, out: Path) -> None:
    """Every page of the wizard at 1366x768, over a filled case, and its two dialogs."""
    services = open_services(f"sqlite:///{folder / f'wizard-{out.name}.sqlite3'}")
    try:
        with no_message_boxes():
            wizard = new_draft_wizard(services)
            # Offscreen a window has no title bar: the title is checked here, not in the shots.
            if "DEMO" not in wizard.windowTitle():
                raise SystemExit(f"no DEMO in the wizard's title: {wizard.windowTitle()}")
            print(f"wizard title: {wizard.windowTitle()}")
            fill_case(wizard, folder, out)
            for number, page in enumerate(wizard.pages, start=1):
                walk_to(wizard, type(page))
                scroll_to_top(page)
                if (wizard.width(), wizard.height()) != SCREEN:
                    raise SystemExit(f"the wizard is {wizard.width()}x{wizard.height()}")
                shoot(wizard, out, f"wizard-{number:02d}-{page.step_id.replace('_', '-')}.png")
            wizard.close()  # Save and close
            settle()
    finally:
        services.close()


def access_screen(folder: Path, out: Path) -> None:
    """The data-protection officer's requests of access: a demo victim's name found across the
    stations, the first candidate ticked, a request reference typed."""
    from sqlalchemy import select  # noqa: PLC0415

    from app.domain.case import Role  # noqa: PLC0415
    from app.storage.tables import PersonRow  # noqa: PLC0415
    from app.ui.subject_access.view import SubjectAccessView  # noqa: PLC0415

    services = open_services(f"sqlite:///{folder / 'access.sqlite3'}")
    try:
        if services.accounts.needs_setup():
            services.demo.fill(300)
            admin = services.accounts.authenticate("admin", "demo")
            services.accounts.add_user(
                admin, username="dpo", full_name="Marta Ribeiro",
                role=Role.DATA_PROTECTION_OFFICER, password="demo password", station_code="LIS-01",
            )  # fmt: skip
        dpo = services.accounts.authenticate("dpo", "demo password")
        with services.backend.reading() as session:
            name = session.scalars(
                select(PersonRow.name).where(PersonRow.name != "").order_by(PersonRow.id)
            ).first()
        window = MainWindow(services, dpo)
        window.resize(1366, 768)
        window.show()
        [view] = [v for v in window.views if isinstance(v, SubjectAccessView)]
        window.navigation.setCurrentRow(window.views.index(view) + 1)
        view.name.setText(name or "")
        view.find_persons()
        if view.table.rowCount():
            view.table.item(0, 0).setCheckState(Qt.CheckState.Checked)
        view.reason.setText("DPO-2026-17")
        settle(300)
        shoot(window, out, "requests-of-access.png")
        window.close()
    finally:
        services.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--only", action="append", choices=STEPS, help="take only these shots (may be repeated)"
    )
    parser.add_argument(
        "--cases", type=int, default=DEMO_CASES, help="cases in the main demo database"
    )
    parser.add_argument(
        "--lang",
        action="append",
        metavar="CODE",
        help="screen language (may be repeated; default en); other than en into a subfolder",
    )
    args = parser.parse_args()
    steps = set(args.only or STEPS)
    qInstallMessageHandler(quiet_offscreen)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    folder = Path(tempfile.mkdtemp(prefix="proximity-desk-shots-"))
    # The throw-away databases' keys go with them, never into the keyring or the data folder.
    os.environ["PROXIMITY_DESK_DB_KEYS"] = str(folder / "database-keys")
    demo: Services | None = None
    try:
        for code in args.lang or ["en"]:
            apply_screen_language(code)  # as the program does, Qt's own buttons included
            out = OUT if code == "en" else OUT / code
            out.mkdir(exist_ok=True)
            if "first-start" in steps:
                first_start(folder, out)
            if "recovery-sheet" in steps:
                recovery_sheet_screen(folder, out)
            if "main" in steps:
                demo = demo or demo_database(folder, args.cases)
                demo_screens(demo, out)
            if "wizard" in steps:
                wizard_screens(folder, out)
            if "child" in steps:
                child_screens(folder, out)
            if "offline" in steps:
                offline_screen(folder, out)
            if "training" in steps:
                training_screens(folder, out)
            if "checklist" in steps:
                checklist_screen(folder, out)
            if "life" in steps:
                life_screens(folder, out)
            if "referrals" in steps:
                follow_up_screens(folder, out)
            if "stations" in steps:
                stations_screens(folder, out)
            if "followup" in steps:
                followup_screens(folder, out)
            if "timeline" in steps:
                timeline_screens(folder, out)
            if "coordination" in steps:
                coordination_screens(folder, out)
            if "lock" in steps:
                lock_screen(folder, out)
            if "access" in steps:
                access_screens(folder, out)
            if "audit" in steps:
                audit_screen(folder, out)
            if "requests" in steps:
                access_screen(folder, out)
            if "accounts" in steps:
                accounts_screens(folder, out)
            if "statistics" in steps:
                statistics_screen(folder, out)
            if "outcomes" in steps:
                outcome_screens(folder, out)
    finally:
        if demo is not None:
            demo.close()
        shutil.rmtree(folder, ignore_errors=True)
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
