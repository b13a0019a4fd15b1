"""The follow-up of a few demo cases (issue 12): referrals in every state with their dated steps
and answer deadlines (some overdue), re-contacts due, overdue and done, coordination entries, and
linked cases. Each change is made by the domain (app.domain.operations.follow_up) after its rules
(app.domain.followup) passed, as a real one: a demo story that breaks a rule is a bug, not data.

A fixed number of cases, whatever the demo's size: the bulk fill stays fast.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain import operations, referrals
from app.domain.case import (
    CaseLink,
    CaseRecord,
    CaseStatus,
    Consent,
    ConsentMethod,
    ConsentPurpose,
    ConsentRule,
    CoordinationEvent,
    CoordinationKind,
    LinkKind,
    PersonRole,
    Referral,
    ReferralStatus,
    ReferralStep,
    SendChannel,
    ServiceKind,
    SharedData,
)
from app.domain.followup import follow_up_issues
from app.domain.protocol import ProtocolPack
from app.domain.workflow import Action, Decision
from app.storage import cases as repo
from app.storage import tables as t

S = ReferralStatus
# A referral's story: each step's status, days after it was sent, and note. The first is SENT
# (how: by the story's channel); an empty story leaves it proposed.
Story = tuple[tuple[ReferralStatus, float, str], ...]
SENT: Story = ((S.SENT, 0, ""),)
ACCEPTED = (S.ACCEPTED, 1, "Accepted: a counsellor will call the victim this week.")
CONTACT = (S.CONTACT_MADE, 3, "The counsellor met the victim at the service's office.")
STORIES: tuple[tuple[str, Story], ...] = (  # (what it shows, its steps)
    ("proposed", ()),
    ("sent, its answer overdue", SENT),
    ("received, its answer overdue",
     (*SENT, (S.RECEIVED, 1, "Receipt confirmed by e-mail; they will answer after their triage."))),
    ("accepted", (*SENT, ACCEPTED)),
    ("declined with a reason",
     (*SENT, (S.DECLINED, 2, "Declined: no capacity in this district; they suggest the"
                              " municipal victim office."))),
    ("no answer", (*SENT, (S.NO_ANSWER, 4, "No answer after two calls and an e-mail."))),
    ("contact made", (*SENT, ACCEPTED, CONTACT)),
    ("closed with an outcome",
     (*SENT, ACCEPTED, CONTACT, (S.CLOSED, 12, "Closed: four sessions of counselling and help"
                                                " with the complaint; the victim feels safer."))),
    ("withdrawn with its consent", SENT),  # then the victim withdraws the consent
    ("sent today, not due yet", SENT),
)  # fmt: skip
CHANNELS = (SendChannel.EMAIL, SendChannel.SECURE_TRANSFER, SendChannel.HANDED_OVER)
# The cases it takes: every story, two re-contact stories, three coordination entries, the two
# cases linked as one incident and the duplicate with the case it duplicates.
CASES = len(STORIES) + 4
OLD_ENOUGH = timedelta(days=30)  # the longest story ends within it


@dataclass
class _Case:
    row: t.Case
    record: CaseRecord


class DemoFollowUp:
    """The follow-up stories, told on the chosen cases in one open transaction."""

    def __init__(self, session: Session, pack: ProtocolPack, now: datetime) -> None:
        self.session, self.pack, self.now = session, pack, now

    def tell(self) -> None:
        cases = self._cases()
        for (what, story), case in zip(STORIES, cases, strict=False):
            self._referral(case, what, story)
        rest = cases[len(STORIES) :]
        if rest:
            self._recontacts(rest[0])
        if len(rest) > 1:
            self._coordination(rest[1])
        if len(rest) > 3:
            self._link(rest[2], rest[3], LinkKind.SAME_INCIDENT)
        if len(cases) > len(STORIES) + 1:
            self._link(cases[0], cases[1], LinkKind.DUPLICATE)
        for case in cases:
            repo.record_follow_up(self.session, case.row, case.record)
        self.session.flush()

    # ------------------------------------------------------------------ the cases

    def _cases(self) -> list[_Case]:
        """The most recent submitted or approved cases of the first station, old enough for the
        longest story, with one victim and no guardian (a child's consent is another story)."""
        guarded = select(t.PersonRow.case_id).where(t.PersonRow.role == PersonRole.GUARDIAN.value)
        victim = select(t.PersonRow.case_id).where(t.PersonRow.role == PersonRole.VICTIM.value)
        ids = self.session.scalars(
            select(t.Case.id)
            .join(t.Station)
            .where(
                t.Station.code == "LIS-01",
                t.Case.status.in_([CaseStatus.SUBMITTED.value, CaseStatus.APPROVED.value]),
                t.Case.occurred_at <= self.now - OLD_ENOUGH,
                t.Case.id.in_(victim),
                t.Case.id.not_in(guarded),
            )
            .order_by(t.Case.occurred_at.desc())
            .limit(CASES)
        ).all()
        cases = []
        for case_id in ids:
            row = repo.load_case(self.session, case_id)
            assert row is not None
            cases.append(_Case(row, repo.to_record(row)))
        return cases

    def _do(self, case: _Case, action: Action, by: str, at: datetime, decision: Decision) -> None:
        issues = follow_up_issues(case.record, action, decision, at, self.pack.referral_opt_out)
        if issues:
            raise ValueError(f"demo follow-up: {action.value} on {case.record.reference}: {issues}")
        sending = None
        if decision.step is not None and decision.step.status is S.SENT:
            due = referrals.answer_due(
                decision.step.at.date(), self.pack.referral_answer_working_days, "PT"
            )
            sending = operations.Sending(due, ConsentRule.EXPLICIT, self.pack.referral_legal_basis)
        case.record = operations.follow_up(case.record, action, by, at, decision, sending)

    # ------------------------------------------------------------------ the stories

    def _referral(self, case: _Case, what: str, story: Story) -> None:
        """The victim agreed to the referral (its consent granted); it is proposed afresh and
        lives its story from the day after the incident (today for the one not due yet)."""
        record = case.record
        start = record.created_at + timedelta(minutes=30)
        referral = next((r for r in record.referrals if r.key == "R1"), None)
        if referral is None:  # the victim had declined: a service of the directory serving them
            service = self._service_for(record.motives[0] if record.motives else "")
            referral = Referral(
                "R1", "P1", service.name, ServiceKind(service.kind), start, record.officer,
                service_code=service.code, service_contact=service.phone or service.email,
            )  # fmt: skip
        consent = replace(
            record.consents[0], granted=True, recipient=referral.service_name,
            purpose=ConsentPurpose.REFERRAL,
        )  # fmt: skip
        referral = replace(
            referral, created_at=start, consent_key=consent.key, needs=("emotional", "legal"),
            status=S.PROPOSED, steps=(), sent_at=None, reply_at=None, reply_note="",
        )  # fmt: skip
        case.record = replace(record, consents=(consent,), referrals=(referral,))
        officer = record.officer
        sent = self.now - timedelta(hours=3) if "today" in what else start + timedelta(days=1)
        channel = CHANNELS[len(what) % len(CHANNELS)]
        for status, days, note in story:
            step = ReferralStep(
                status, sent + timedelta(days=days), officer, note,
                channel if status is S.SENT else None,
            )  # fmt: skip
            self._do(case, Action.REFERRAL_STEP, officer, step.at, Decision(target="R1", step=step))
        if what.startswith("withdrawn"):
            at = sent + timedelta(days=2)
            self._do(
                case, Action.WITHDRAW_CONSENT, officer, at,
                Decision(comment="The victim called: she no longer wants the service to contact"
                         " her.", target=consent.key),
            )  # fmt: skip

    def _service_for(self, motive: str) -> t.SupportService:
        """An active service of the directory that serves the motive's group, or everyone."""
        services = self.session.scalars(
            select(t.SupportService)
            .where(t.SupportService.active.is_(True))
            .order_by(t.SupportService.code)
        ).all()
        return next(s for s in services if {"all", motive} & set(s.groups_served))

    def _recontacts(self, case: _Case) -> None:
        """A re-contact done with its result, one overdue; on another day one due tomorrow is
        scheduled on the case told next (the coordination one)."""
        officer = case.record.officer
        first = case.record.created_at + timedelta(days=2)
        self._do(case, Action.RECONTACT, officer, first,
                 Decision(next_contact_on=first.date() + timedelta(days=7),
                          comment="Check she feels safe going to work."))  # fmt: skip
        done = first + timedelta(days=7)
        self._do(case, Action.RECONTACT, officer, done,
                 Decision(contact_result="Feels safer; the neighbour has not come back. The"
                          " support service called her.",
                          next_contact_on=done.date() + timedelta(days=14)))  # fmt: skip

    def _coordination(self, case: _Case) -> None:
        """A civil-society contact under the victim's consent, one of anonymised facts, a
        community-impact note; and a re-contact due tomorrow."""
        record = case.record
        officer = record.officer
        at = record.created_at + timedelta(days=1)
        consent = Consent(
            "C2", "P1", "SOS Racismo", ConsentPurpose.CIVIL_SOCIETY_CONTACT, True,
            ConsentMethod.SIGNED, at, officer, data_scope=("identity", "contact"),
            text_version="consent-2026.1", language="en", withdrawal_explained=True,
        )  # fmt: skip
        case.record = replace(record, consents=(*record.consents, consent))
        entries = (
            CoordinationEvent(
                CoordinationKind.CIVIL_SOCIETY, "SOS Racismo", at + timedelta(hours=2), officer,
                "The victim asked to be put in touch with the association's legal help.",
                consent_key="C2",
                data_sent=(SharedData.VICTIM_IDENTITY, SharedData.VICTIM_CONTACT),
            ),
            CoordinationEvent(
                CoordinationKind.CIVIL_SOCIETY, "Observatory of hate incidents",
                at + timedelta(days=2), officer, "Date, district and kind of incident only.",
                anonymised=True, data_sent=(SharedData.ANONYMISED_FACTS,),
            ),
            CoordinationEvent(
                CoordinationKind.COMMUNITY_IMPACT, "", at + timedelta(days=3), officer,
                "Shopkeepers in the street are afraid; foot patrols added in the evenings.",
            ),
        )  # fmt: skip
        for entry in entries:
            self._do(case, Action.COORDINATE, officer, entry.sent_at, Decision(coordination=entry))
        yesterday = self.now - timedelta(days=1)
        self._do(case, Action.RECONTACT, officer, yesterday,
                 Decision(next_contact_on=yesterday.date() + timedelta(days=2),
                          comment="Ask whether the association called."))  # fmt: skip

    def _link(self, case: _Case, other: _Case, kind: LinkKind) -> None:
        note = {
            LinkKind.SAME_INCIDENT: "Both victims were attacked by the same group that evening.",
            LinkKind.DUPLICATE: "The same incident, reported again by a witness.",
        }[kind]
        at = max(case.record.created_at, other.record.created_at) + timedelta(days=1)
        link = CaseLink(other.record.reference, kind, at, "", note=note)
        self._do(case, Action.LINK, case.record.officer, at, Decision(link=link))
        repo.add_link(self.session, case.row, other.row, case.record.links[-1])
