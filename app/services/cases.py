"""Cases as the screens and the CLI see them: the paged list, opening one, creating a draft."""

from __future__ import annotations

import hashlib
import typing
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session, aliased, object_session

from app.domain import access, operations, referrals, workflow
from app.domain.access import Scope, Special, Use, keep_hidden, redact
from app.domain.audit_actions import AuditAction
from app.domain.case import (
    CaseQuery,
    CaseRecord,
    CaseStatus,
    CaseSummary,
    ConsentRule,
    ReferralStatus,
    ReferralStep,
    Role,
    SortKey,
)
from app.domain.checklist import AuditFacts, Check, checklist, confirmation_issues
from app.domain.classification import classification_issues
from app.domain.completeness import missing_for_submission
from app.domain.exchange import named_users, station_of
from app.domain.filenames import safe_filename
from app.domain.followup import (
    duplicate_issues,
    follow_up_issues,
    sending_rule,
    services_to_inform,
)
from app.domain.links import DAYS_APART, Incident, likely_same
from app.domain.protocol import ProtocolPack
from app.domain.retention import Expiry
from app.domain.timeline import TimelineEntry, timeline
from app.domain.training import sees_training_case
from app.domain.validation import Issue, validate_case_record
from app.domain.workflow import NOTHING, Action, Decision
from app.domain.working_days import working_days_since
from app.i18n import _
from app.services import audit
from app.services.context import Actor, Backend
from app.services.errors import Conflict, NotAllowed, NotFound, PermissionDenied, Refused
from app.services.guard import guarded
from app.services.marks import is_training
from app.storage import cases as repo
from app.storage.tables import AttachmentRow, AuditEvent, Case, CaseMotive, Station, User


@dataclass(frozen=True)
class QueuedCase:
    """A case waiting for a supervisor's decision, as the review queue lists it."""

    id: int
    reference: str
    status: CaseStatus
    officer_name: str
    waiting_since: datetime
    working_days: int  # working days of the station's country since it began to wait
    overdue: bool
    escalated_to: str = ""  # the full name of the reviewer an escalated case waits for


@dataclass(frozen=True)
class OpenedCase:
    id: int
    version: int
    record: CaseRecord
    # The full name of every user the record names by user name, for showing who did what.
    user_names: Mapping[str, str] = field(default_factory=dict)
    wizard_step: str = ""
    # The content as it was last submitted (a returned case), to tell what changed since.
    submitted: CaseRecord | None = None


@dataclass(frozen=True)
class CaseTimeline:
    """A case's timeline with the names it needs: users' full names by user name, persons'
    names (or aliases) by key, as the case view shows them to the same user."""

    reference: str
    entries: tuple[TimelineEntry, ...]
    user_names: Mapping[str, str]
    person_names: Mapping[str, str]


# The audit actions that consult a case's content: each needs its reason (LED Art. 25).
CONSULTING_ACTIONS = ("view", "export", "print")
# The audit actions that mean a hand in the case's content (four eyes).
EDITING_ACTIONS = ("create", "update", "attach", "detach", "import")
# Problems that would break the stored case; anything else a draft may still contain.
STRUCTURAL = frozenset(
    {"duplicate_key", "bad_character", "too_long", "date_out_of_range", "number_out_of_range"}
)
MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024


def visible_station(actor: Actor) -> int | None:
    """The station whose cases the actor lists (app.domain.access: their own), None for every
    station's."""
    return None if access.case_scope(actor.role) is Scope.ALL else actor.station_id


def may_see(actor: Actor, station_id: int, escalated_to: str) -> bool:
    """Whether the actor opens this case (app.domain.access): at its station, every station's,
    or as the reviewer it was escalated to (a force's coordinator may work at another station)."""
    return access.may_open(actor.role, actor.station_id, station_id, escalated_to == actor.username)


def lists_cases(actor: Actor) -> bool:
    """A role that opens no case for work lists none either."""
    return access.case_scope(actor.role) is not Scope.NONE


def as_seen(actor: Actor, record: CaseRecord, use: Use = Use.SCREEN) -> CaseRecord:
    """The record as the actor's role has it in this use: special values hidden unless FULL."""
    return record if access.special_access(actor.role, use) is Special.FULL else redact(record)


def _own_in_training(session: Session, actor: Actor, query: CaseQuery) -> CaseQuery:
    """The query, limited in the training database to the trainee's own cases
    (app.domain.training.sees_training_case)."""
    if sees_training_case(actor.role, own=False) or not is_training(session):
        return query
    return replace(query, officer_id=actor.user_id)


TRAINING_NUMBERS = 900_000  # where a training database's case numbers start


@guarded
class CaseService:
    def __init__(self, backend: Backend) -> None:
        self.backend = backend

    def list_cases(
        self,
        actor: Actor,
        query: CaseQuery,
        limit: int = 200,
        *,
        after: SortKey | None = None,
        before: SortKey | None = None,
        last: bool = False,
    ) -> list[CaseSummary]:
        """A page of the list: the first, the one after or before a listed case's `key`, or
        the last (app.storage.cases.list_cases)."""
        if not lists_cases(actor):
            return []
        with self.backend.reading() as session:
            return repo.list_cases(
                session, _own_in_training(session, actor, query), visible_station(actor), limit,
                after=after, before=before, last=last,
            )  # fmt: skip

    def count_cases(self, actor: Actor, query: CaseQuery) -> int:
        if not lists_cases(actor):
            return 0
        with self.backend.reading() as session:
            return repo.count_cases(
                session, _own_in_training(session, actor, query), visible_station(actor)
            )

    def officers(self, actor: Actor) -> list[tuple[int, str]]:
        with self.backend.reading() as session:
            return list(repo.officers(session, visible_station(actor)))

    def station_pack(self, actor: Actor) -> ProtocolPack:
        with self.backend.reading() as session:
            pack_id = session.scalar(
                select(Station.protocol_pack).where(Station.id == actor.station_id)
            )
        return self.backend.pack(pack_id or "eu-baseline")

    def open_case(self, actor: Actor, case_id: int, reason: str) -> OpenedCase:
        """Reads a whole case, its special categories as the actor's role sees them on screen
        (app.domain.access). Every read is written to the audit trail with its reason."""
        with self._reading(actor, case_id, reason) as (session, row):
            audit.record(
                session, self.backend.clock(), actor.username, "view", "case", row.reference, reason
            )
            return self._opened(session, row, actor)

    def open_for_editing(self, actor: Actor, case_id: int, reason: str) -> OpenedCase:
        """Reads a case for the wizard, whose saves carry the whole record: only for one who may
        save it now (the workflow: the officer's own draft or returned case), and in full, so
        that it is a reveal of its special categories too, written to the trail as one."""
        with self._reading(actor, case_id, reason) as (session, row):
            record = repo.to_record(row)
            self._check(session, actor, row, record, Action.SAVE)
            now = self.backend.clock()
            audit.record(session, now, actor.username, "view", "case", row.reference, reason)
            self._record_reveal(session, actor, row.reference, record, reason, "edit")
            return self._opened(session, row, actor, full=True)

    def reveal_special(self, actor: Actor, case_id: int, reason: str) -> CaseRecord:
        """The case with its special categories, for a role that sees them after a reveal
        (app.domain.access); the reveal goes to the audit trail with the fields it showed (their
        paths, never their values). A role that sees only that a value exists is refused."""
        if not access.may_see_special(actor.role, Use.SCREEN):
            raise PermissionDenied
        with self._reading(actor, case_id, reason) as (session, row):
            record = repo.to_record(row)
            self._record_reveal(session, actor, row.reference, record, reason, "screen")
            return record

    def _record_reveal(
        self, session: Session, actor: Actor, reference: str, record: CaseRecord, reason: str,
        purpose: str,
    ) -> None:  # fmt: skip
        if access.special_access(actor.role, Use.SCREEN) is Special.FULL:
            return  # nothing was hidden from this role
        details: dict[str, object] = {
            "purpose": purpose,
            "fields": list(access.hidden_fields(record)),
        }
        audit.record(
            session, self.backend.clock(), actor.username, AuditAction.REVEAL, "case", reference,
            reason, details,
        )  # fmt: skip

    def timeline(self, actor: Actor, case_id: int, reason: str) -> CaseTimeline:
        """Everything that happened to the case (app.domain.timeline), from its record and its
        audit trail. It shows what was typed in the case (comments, a service's reply, a
        re-contact's result) and the reasons others gave: a reading of the case, written to the
        trail with its reason like `open_case`, after the events it lists."""
        with self._reading(actor, case_id, reason) as (session, row):
            record = as_seen(actor, repo.to_record(row))
            events = session.scalars(
                select(AuditEvent)
                .where(
                    AuditEvent.object_type.in_(("case", "attachment")),
                    AuditEvent.object_ref == row.reference,
                )
                .order_by(AuditEvent.id)
            )
            entries = timeline(record, [audit.to_entry(e) for e in events])
            audit.record(
                session, self.backend.clock(), actor.username, AuditAction.VIEW, "case",
                row.reference, reason, {"part": "timeline"},
            )  # fmt: skip
            named = {e.who for e in entries} | {
                str(e.params["escalated_to"]) for e in entries if "escalated_to" in e.params
            }
            names = self._full_names(session, row, named)
        persons = {p.key: p.name or p.alias for p in record.persons}
        return CaseTimeline(record.reference, entries, names, persons)

    def create_draft(self, actor: Actor) -> OpenedCase:
        """A new case for the actor's station, with the next reference of this year."""
        actor.require(Role.OFFICER, Role.SUPERVISOR)
        now = self.backend.clock()
        with self.backend.transaction() as session:
            pack = self.backend.pack(
                session.scalar(select(Station.protocol_pack).where(Station.id == actor.station_id))
                or "eu-baseline"
            )
            number = repo.next_case_number(session, actor.station_id, now.year)
            if is_training(session):
                # Numbered from 900001: a practice case never has a real case's reference
                # (a station writes a few thousand a year), so a search for one finds nothing.
                number += TRAINING_NUMBERS
            record = CaseRecord(
                reference=f"{actor.station_code}-{now.year}-{number:06d}",
                station_code=actor.station_code,
                status=CaseStatus.DRAFT,
                created_at=now,
                created_by=actor.username,
                officer=actor.username,
                protocol_pack=pack.id,
                protocol_version=pack.version,
            )
            row = repo.add_case(
                session,
                record,
                station_id=actor.station_id,
                user_ids={actor.username: actor.user_id},
                updated_by_id=actor.user_id,
                now=now,
            )
            session.flush()
            audit.record(session, now, actor.username, "create", "case", record.reference)
            return OpenedCase(id=row.id, version=row.version, record=record)

    # ------------------------------------------------------------------ editing

    def save_draft(
        self, actor: Actor, case_id: int, version: int, record: CaseRecord, wizard_step: str = ""
    ) -> OpenedCase:
        """Saves what the officer typed, complete or not (`apply` with Action.SAVE). `version`
        is the one the officer's copy was loaded at: if someone saved in between, Conflict says
        who and when."""
        decision = Decision(record=record, wizard_step=wizard_step)
        return self.apply(actor, case_id, version, Action.SAVE, decision)

    def add_attachment(
        self,
        actor: Actor,
        case_id: int,
        version: int,
        *,
        filename: str,
        media_type: str,
        content: bytes,
        description: str = "",
    ) -> OpenedCase:
        """A photo, screenshot or document, kept in the database with its SHA-256, under a safe
        base name of `filename`."""
        filename = safe_filename(filename)
        if not content:
            raise Refused([Issue("empty_file", "attachments", {"name": filename})])
        if len(content) > MAX_ATTACHMENT_BYTES:
            raise Refused([Issue("file_too_large", "attachments", {"name": filename})])
        now = self.backend.clock()
        with self._changing(actor, case_id, version) as (session, row):
            self._check(session, actor, row, repo.to_record(row), Action.SAVE)
            row.attachments.append(
                AttachmentRow(
                    filename=filename,
                    media_type=media_type,
                    sha256=hashlib.sha256(content).hexdigest(),
                    size=len(content),
                    added_at=now,
                    added_by=actor.username,
                    description=description,
                    content=content,
                )
            )
            repo.touch(row, now, actor.user_id)
            session.flush()
            audit.record(session, now, actor.username, "attach", "case", row.reference)
            return self._opened(session, row, actor, full=True)

    def remove_attachment(self, actor: Actor, case_id: int, version: int, index: int) -> OpenedCase:
        """Removes the one attachment at `index` in the record's attachments, as loaded at
        `version`: another with the same content stays."""
        now = self.backend.clock()
        with self._changing(actor, case_id, version) as (session, row):
            self._check(session, actor, row, repo.to_record(row), Action.SAVE)
            if not 0 <= index < len(row.attachments):
                raise Refused([Issue("missing", f"attachments[{index}]", {})])
            del row.attachments[index]
            repo.touch(row, now, actor.user_id)
            session.flush()
            audit.record(session, now, actor.username, "detach", "case", row.reference)
            return self._opened(session, row, actor, full=True)

    def attachment_content(self, actor: Actor, case_id: int, sha256: str, reason: str) -> bytes:
        """An attachment's bytes, e.g. to show a photo; the view is logged with its reason."""
        if not reason.strip():
            raise Refused([Issue("required", "reason", {})])
        with self.backend.transaction() as session:
            row = repo.load_case(session, case_id, with_content=True)
            if row is None:
                raise NotFound(case_id)
            self._check_station(actor, row)
            for attachment in row.attachments:
                if attachment.sha256 == sha256:
                    audit.record(
                        session, self.backend.clock(), actor.username, "view", "attachment",
                        row.reference, reason,
                    )  # fmt: skip
                    return attachment.content
        raise NotFound(sha256[:12])

    def submit(self, actor: Actor, case_id: int, version: int) -> OpenedCase:
        """Sends a complete case to the supervisor. Refused, with every gap, when incomplete."""
        return self.apply(actor, case_id, version, Action.SUBMIT)

    def apply(
        self,
        actor: Actor,
        case_id: int,
        version: int,
        action: Action,
        decision: Decision | str = "",
    ) -> OpenedCase:
        """The one path for every change to a case: the officer's saves, and each decision of its
        life (submit, approve, return, escalate, propose closure, close, reopen, supplement).
        The workflow checks it (role, state, own case, four eyes, a reason), the domain makes it,
        it is saved at version + 1 or refused with Conflict, and written to the audit trail with
        the sections and field paths it touched (no values). `decision` is its comment, or
        everything it carries."""
        if isinstance(decision, str):
            decision = Decision(comment=decision)
        now = self.backend.clock()
        if action is Action.SAVE:
            content = decision.record
            if content is None:
                raise Refused([Issue("required", "record", {})])
            issues = [i for i in validate_case_record(content, now) if i.code in STRUCTURAL]
            if issues:
                raise Refused(issues)
        with self._changing(actor, case_id, version) as (session, row):
            record = repo.to_record(row)
            if action is Action.SAVE:
                self._check(session, actor, row, record, action)
                # A value the saver's copy holds as "recorded, hidden" stays as it was.
                content = keep_hidden(typing.cast(CaseRecord, decision.record), record)
                issues = classification_issues(content, self.backend.pack(record.protocol_pack))
                if issues:
                    raise Refused(issues)
                repo.update_case(
                    session, row, content, wizard_step=decision.wizard_step,
                    updated_by_id=actor.user_id, now=now,
                )  # fmt: skip
                audit.record(
                    session, now, actor.username, AuditAction.UPDATE, "case", row.reference
                )
                # The one saving is editing the case (opened for it: a reveal, audited).
                return self._opened(session, row, actor, full=True)
            if action in workflow.FOLLOW_UP:
                follow_up(self.backend, session, actor, row, action, decision, now)
                return self._opened(session, row, actor)
            if action is Action.ANONYMISE:
                self._check(session, actor, row, record, action, decision)
                anonymise(session, actor, row, record, decision.expiry, now)
                return self._opened(session, row, actor)
            before = repo.submitted_record(row) if action is Action.SUBMIT else record
            after = record
            if action is Action.SUPPLEMENT:
                if decision.record is None:
                    raise Refused([Issue("required", "record", {})])
                # A value the corrector's copy holds as "recorded, hidden" stays as it was.
                correction = keep_hidden(decision.record, record)
                decision = replace(decision, record=correction)
                after = operations.corrected(record, correction)
            drops = before is not None and operations.drops_hate_flag(before, after)
            self._check(session, actor, row, record, action, decision, drops)
            pack = self.backend.pack(record.protocol_pack)
            if action is Action.ESCALATE:
                self._check_reviewer(session, actor, decision.escalated_to.strip())
            if action is Action.APPROVE:
                checks = checklist(record, pack, self._audit_facts(session, row.reference))
                issues = confirmation_issues(decision.checks, checks)
                if issues:
                    raise Refused(issues)
            steps = {step.id for step in pack.steps}
            unknown = [s.section for s in decision.sections if s.section not in steps]
            if unknown:
                raise Refused([Issue("unknown_section", "sections", {"section": unknown[0]})])
            if action in (Action.SUBMIT, Action.SUPPLEMENT):
                issues = missing_for_submission(after, pack, bias_ruled_out=drops)
                issues += classification_issues(after, pack)
                issues += validate_case_record(after, now, pack.referral_opt_out)
                if issues:
                    raise Refused(issues)
            changed = operations.decide(record, action, actor.username, now, decision, before)
            repo.record_decision(session, row, changed, updated_by_id=actor.user_id, now=now)
            entry = changed.reviews[-1]
            details: dict[str, object] = {"status": changed.status.value}
            if entry.sections:
                details["sections"] = [s.section for s in entry.sections]
            if entry.changes:
                details["changed"] = [c.path for c in entry.changes]
            if entry.escalated_to:
                details["escalated_to"] = entry.escalated_to
            if entry.hate_flag_removed:
                details["hate_flag_removed"] = True
            audit.record(
                session, now, actor.username, AuditAction(action.value), "case", row.reference,
                entry.comment, details,
            )  # fmt: skip
            return self._opened(session, row, actor)

    def link_candidates(
        self, actor: Actor, case_id: int, limit: int = 5
    ) -> list[tuple[int, str, datetime | None, str]]:
        """The station's cases likely the same incident as this one (app.domain.links): id,
        reference, when and where, most recent first, at most `limit`. Read only, not audited,
        like the case list: it shows no more than the list shows."""
        with self.backend.reading() as session:
            row = repo.load_case(session, case_id)
            if row is None:
                raise NotFound(case_id)
            self._check_station(actor, row)
            record = repo.to_record(row)
            case = Incident(
                record.reference, record.occurred_at, record.place, frozenset(record.motives)
            )
            # A reviewer of another station, to whom the case was escalated, sees no other case
            # of its station.
            station = visible_station(actor)
            if (
                case.occurred_at is None
                or not case.motives
                or station not in (None, row.station_id)
            ):
                return []
            # The database narrows to the station, the days and a motive in common; the rule
            # (which folds case and accents alike on both engines) decides.
            window = timedelta(days=DAYS_APART + 1)
            rows = session.execute(
                select(Case.id, Case.reference, Case.occurred_at, Case.place)
                .where(
                    Case.station_id == row.station_id,
                    Case.id != row.id,
                    Case.occurred_at > case.occurred_at - window,
                    Case.occurred_at < case.occurred_at + window,
                    Case.id.in_(
                        select(CaseMotive.case_id).where(CaseMotive.motive.in_(case.motives))
                    ),
                )
                .order_by(Case.occurred_at.desc(), Case.id.desc())
                .limit(20 * limit)
            ).all()
            motives: dict[int, set[str]] = {}
            for owner, motive in session.execute(
                select(CaseMotive.case_id, CaseMotive.motive).where(
                    CaseMotive.case_id.in_([r.id for r in rows])
                )
            ):
                motives.setdefault(owner, set()).add(motive)
        linked = {link.other for link in record.links}
        found = [
            (r.id, r.reference, r.occurred_at, r.place)
            for r in rows
            if likely_same(
                case,
                Incident(r.reference, r.occurred_at, r.place, frozenset(motives.get(r.id, ()))),
                linked,
            )
        ]
        return found[:limit]

    def checklist(self, actor: Actor, case_id: int) -> tuple[Check, ...]:
        """The hate-case checklist shown beside the case (app.domain.checklist), from the record,
        its protocol pack and the audit trail; read only. Not itself written to the trail, like
        `allowed_actions`: it names checks, states and counts, never a value typed in the case,
        and the case it is shown beside was opened with a reason."""
        with self.backend.reading() as session:
            row = repo.load_case(session, case_id)
            if row is None:
                raise NotFound(case_id)
            self._check_station(actor, row)
            record = repo.to_record(row)
            facts = self._audit_facts(session, row.reference)
        return checklist(record, self.backend.pack(record.protocol_pack), facts)

    @staticmethod
    def _audit_facts(session: Session, reference: str) -> AuditFacts:
        """How often the case (or one of its attachments) was viewed, exported or printed, and
        how many of those have no reason."""
        reasons = session.scalars(
            select(AuditEvent.reason).where(
                AuditEvent.object_type.in_(("case", "attachment")),
                AuditEvent.object_ref == reference,
                AuditEvent.action.in_(CONSULTING_ACTIONS),
            )
        ).all()
        return AuditFacts(len(reasons), sum(1 for r in reasons if not r.strip()))

    def reviewers(self, actor: Actor) -> list[tuple[str, str, str]]:
        """Whom a supervisor may escalate to: every other active supervisor of the force (user
        name, full name, station code), by name."""
        actor.require(Role.SUPERVISOR)
        with self.backend.reading() as session:
            rows = session.execute(self._reviewers().where(User.username != actor.username))
            return [(r.username, r.full_name, r.code) for r in rows]

    @staticmethod
    def _reviewers() -> Select[str, str, str]:
        return (
            select(User.username, User.full_name, Station.code)
            .join(Station, Station.id == User.station_id)
            .where(User.role == Role.SUPERVISOR.value, User.active.is_(True))
            .order_by(User.full_name, User.username)
        )

    def _check_reviewer(self, session: Session, actor: Actor, username: str) -> None:
        known = session.execute(self._reviewers().where(User.username == username)).first()
        if known is None or username == actor.username:
            raise Refused([Issue("not_a_reviewer", "escalated_to", {"name": username})])

    def review_queue(self, actor: Actor, due_days: int | None = None) -> list[QueuedCase]:
        """The station's cases waiting for review (submitted or escalated), oldest first, with
        their age in working days of the station's country, overdue past `due_days` (by default
        the station's protocol pack says how many); administrators see every station's. Only
        references and names: nothing of a case's content, so nothing to audit."""
        if due_days is None:
            due_days = self.station_pack(actor).review_due_working_days
        actor.require(Role.SUPERVISOR, Role.ADMIN)
        today = self.backend.clock().date()
        reviewer = aliased(User)
        stmt = (
            select(Case.id, Case.reference, Case.status, Case.updated_at, User.full_name,
                   Station.country, Case.escalated_to, reviewer.full_name.label("reviewer"))
            .join(User, User.id == Case.officer_id)
            .join(Station, Station.id == Case.station_id)
            .outerjoin(reviewer, reviewer.username == Case.escalated_to)
            .where(Case.status.in_([status.value for status in workflow.IN_REVIEW]))
            .order_by(Case.updated_at, Case.id)
        )  # fmt: skip
        station = visible_station(actor)
        if station is not None:
            stmt = stmt.where(or_(Case.station_id == station, Case.escalated_to == actor.username))
        with self.backend.reading() as session:
            rows = session.execute(stmt).all()
        queue = []
        for row in rows:
            age = working_days_since(row.updated_at.date(), today, row.country)
            status = CaseStatus(row.status)
            waiting = QueuedCase(
                row.id,
                row.reference,
                status,
                row.full_name,
                row.updated_at,
                age,
                age > due_days,
                row.reviewer or row.escalated_to,
            )
            queue.append(waiting)
        return queue

    def locate(self, actor: Actor, reference: str) -> tuple[int, int]:
        """A case's id and current version by its reference (for the command line, which acts on
        the latest version). Nothing of its content is read."""
        with self.backend.reading() as session:
            row = session.execute(
                select(Case.id, Case.version, Case.station_id, Case.escalated_to).where(
                    Case.reference == reference
                )
            ).one_or_none()
        if row is None or not may_see(actor, row.station_id, row.escalated_to):
            raise NotFound(reference)
        return row.id, row.version

    def allowed_actions(self, actor: Actor, case_id: int) -> list[Action]:
        """What the screens may offer this actor on this case now (no audit: nothing is read
        but the case's state and its authors)."""
        with self.backend.reading() as session:
            row = repo.load_case(session, case_id)
            if row is None:
                raise NotFound(case_id)
            self._check_station(actor, row)
            record = repo.to_record(row)
            return workflow.allowed_actions(
                record.status, self._participant(session, actor, row, record)
            )

    # ------------------------------------------------------------------ helpers

    @contextmanager
    def _reading(self, actor: Actor, case_id: int, reason: str) -> Iterator[tuple[Session, Case]]:
        """One transaction that reads a case this actor may see, for a stated reason (LED
        Art. 25: the caller writes the reading to the audit trail)."""
        if not reason.strip():
            raise Refused([Issue("required", "reason", {})])
        with self.backend.transaction() as session:
            row = repo.load_case(session, case_id)
            if row is None:
                raise NotFound(case_id)
            self._check_station(actor, row)
            yield session, row

    @contextmanager
    def _changing(self, actor: Actor, case_id: int, version: int) -> Iterator[tuple[Session, Case]]:
        """One transaction that changes a case this actor may see, loaded at `version`. Its row
        is locked as it is read: a second save of the same case (another workstation, on
        PostgreSQL) waits for this one to end, then reads the new version and gets the same
        Conflict as a late save, instead of deleting parts this one already replaced. Saves of
        other cases do not wait."""
        with self.backend.transaction() as session:
            row = repo.load_case(session, case_id, for_update=True)
            if row is None:
                raise NotFound(case_id)
            self._check_station(actor, row)
            if row.version != version:
                raise self._conflict(session, row)
            yield session, row

    @staticmethod
    def _check(
        session: Session,
        actor: Actor,
        row: Case,
        record: CaseRecord,
        action: Action,
        decision: Decision = NOTHING,
        drops_hate_flag: bool = False,
    ) -> None:
        """Refuses, with the workflow's reasons, what this actor may not do to the case now."""
        who = CaseService._participant(session, actor, row, record)
        issues = workflow.check(record.status, action, who, decision, drops_hate_flag)
        if issues:
            raise NotAllowed(issues)

    @staticmethod
    def _participant(
        session: Session, actor: Actor, row: Case, record: CaseRecord
    ) -> workflow.Participant:
        """The actor's part in the case: its officer, or one who wrote or saved it (the audit
        trail names who saved it)."""
        editors = frozenset(
            session.scalars(
                select(AuditEvent.username).where(
                    AuditEvent.object_type == "case",
                    AuditEvent.object_ref == row.reference,
                    AuditEvent.action.in_(EDITING_ACTIONS),
                )
            )
        )
        return workflow.Participant(
            role=actor.role,
            is_officer=row.officer_id == actor.user_id,
            wrote_or_edited=operations.wrote_or_edited(record, editors, actor.username),
            escalated_to_other=record.escalated_to not in ("", actor.username),
        )

    @staticmethod
    def _conflict(session: Session, row: Case) -> Conflict:
        changed_by = session.get(User, row.updated_by_id)
        return Conflict(changed_by.full_name if changed_by else "?", row.updated_at)

    @staticmethod
    def _check_station(actor: Actor, row: Case) -> None:
        if not may_see(actor, row.station_id, row.escalated_to):
            raise PermissionDenied
        session = object_session(row)
        own = row.officer_id == actor.user_id
        if not sees_training_case(actor.role, own) and session is not None and is_training(session):
            raise PermissionDenied

    @staticmethod
    def _full_names(session: Session, row: Case, named: set[str]) -> dict[str, str]:
        """The full name of each user name: an account here, or a person of the station the
        case was imported from."""
        names = dict(
            session.execute(
                select(User.username, User.full_name).where(User.username.in_(named))
            ).all()
        )
        for user in repo.imported_users(row, named):
            names[user.username] = _("{name} ({station}, imported)").format(
                name=user.full_name, station=station_of(user.username)
            )
        return names

    @staticmethod
    def _opened(session: Session, row: Case, actor: Actor, *, full: bool = False) -> OpenedCase:
        """The case for the actor's screen: its special categories as their role sees them
        there, or `full` for the one editing it."""
        record = repo.to_record(row)
        # Only a returned case is worked on against its last submission: other opens and
        # every autosave skip reading the stored copy.
        submitted = repo.submitted_record(row) if record.status is CaseStatus.RETURNED else None
        if not full:
            record = as_seen(actor, record)
            submitted = submitted and as_seen(actor, submitted)
        return OpenedCase(
            row.id,
            row.version,
            record,
            CaseService._full_names(session, row, named_users(record)),
            row.wizard_step,
            submitted,
        )


def check_follow_up(
    backend: Backend, session: Session, actor: Actor, row: Case, record: CaseRecord,
    action: Action, decision: Decision, now: datetime,
) -> tuple[operations.Sending | None, Case | None]:  # fmt: skip
    """Refuses a follow-up action (app.domain.followup) this actor may not take on the case now,
    or whose particulars break its rules; else what making it needs: a sent referral's due day
    and consent rule, a link's other case. Also asked before a printout for a recipient leaves
    the station, so that nothing leaves that its log could not list."""
    CaseService._check(session, actor, row, record, action, decision)
    # The case's officer and its station's supervisors: not a reviewer of another station it
    # was escalated to, who sees it for the review only.
    if actor.station_id != row.station_id:
        raise PermissionDenied
    pack = backend.pack(record.protocol_pack)
    issues = follow_up_issues(record, action, decision, now, pack.referral_opt_out)
    other = None
    if action is Action.LINK and decision.link is not None and not issues:
        reference = decision.link.other
        other = session.scalar(select(Case).where(Case.reference == reference))
        # Links stay within the station: another's case is unknown here.
        if other is None or other.station_id != row.station_id:
            issues = [Issue("case_not_visible", "link.other", {"reference": reference})]
        else:
            duplicate_of = other.duplicate_of.reference if other.duplicate_of else ""
            issues = duplicate_issues(record, decision.link, duplicate_of)
    if issues:
        raise Refused(issues)
    sending = None
    if decision.step is not None and decision.step.status is ReferralStatus.SENT:
        referral = next(r for r in record.referrals if r.key == decision.target)
        sending = operations.Sending(
            referrals.answer_due(
                decision.step.at.date(), pack.referral_answer_working_days, row.station.country
            ),
            typing.cast(ConsentRule, sending_rule(record, referral, pack.referral_opt_out)),
            pack.referral_legal_basis,
        )
    return sending, other


def follow_up(
    backend: Backend, session: Session, actor: Actor, row: Case, action: Action,
    decision: Decision, now: datetime,
) -> None:  # fmt: skip
    """A follow-up action in the open transaction `session`: checked, made, saved (the case's
    version goes up), audited. The one path for them all: `CaseService.apply`, and the entry a
    printout for a recipient adds by itself (app.services.documents). The audit entry names what
    it touched (a referral's key and status, a consent's key, a coordination kind, a linked
    reference, an outcome's kind and day), never a typed value."""
    record = repo.to_record(row)
    sending, other = check_follow_up(backend, session, actor, row, record, action, decision, now)
    changed = operations.follow_up(record, action, actor.username, now, decision, sending)
    details: dict[str, object] = {}
    if action is Action.LINK:
        link = changed.links[-1]
        repo.add_link(session, row, typing.cast(Case, other), link)
        details = {"other": link.other, "kind": link.kind.value}
    else:
        repo.record_follow_up(session, row, changed)
    if action is Action.REFERRAL_STEP:
        step = typing.cast(ReferralStep, decision.step)
        details = {"referral": decision.target, "status": step.status.value}
    elif action is Action.WITHDRAW_CONSENT:
        withdrawn = [r.key for r in services_to_inform(changed, decision.target)]
        details = {"consent": decision.target, "services_to_inform": withdrawn}
    elif action is Action.COORDINATE:
        event = changed.coordination[-1]
        details = {"kind": event.kind.value, "data_sent": [d.value for d in event.data_sent]}
        if event.automatic:
            details["automatic"] = True
    elif action is Action.RECONTACT and decision.next_contact_on is not None:
        # The record keeps the date, the trail when it was set (the case's timeline).
        details = {"next_contact_on": decision.next_contact_on.isoformat()}
    elif action is Action.OUTCOME:
        # Its kind and day: the court reference and note stay in the case.
        outcome = changed.outcomes[-1]
        details = {"kind": outcome.kind.value, "on": outcome.happened_on.isoformat()}
    repo.touch(row, now, actor.user_id)
    session.flush()
    # No reason text: a follow-up's comment is a note about the victim (why they withdrew, what
    # a re-contact found), kept in the case, never in the append-only trail.
    audit.record(
        session, now, actor.username, AuditAction(action.value), "case", row.reference, "", details
    )


def anonymise(
    session: Session, actor: Actor, row: Case, record: CaseRecord, expiry: Expiry, now: datetime
) -> None:
    """Takes out of a closed case what has expired (app.domain.retention), in its content and
    in its copy as submitted, and audits the parts by code, never a value."""
    if not expiry.parts():
        raise Refused([Issue("required", "expiry", {})])
    submitted = repo.submitted_record(row)
    repo.anonymise_case(
        session, row, operations.anonymise(record, expiry),
        submitted=operations.anonymise(submitted, expiry) if submitted is not None else None,
        anonymised_at=now if expiry.case else row.anonymised_at,
        updated_by_id=actor.user_id, now=now,
    )  # fmt: skip
    details: dict[str, object] = {"parts": list(expiry.parts())}
    if expiry.referrals:
        details["referrals"] = list(expiry.referrals)
    audit.record(
        session, now, actor.username, AuditAction.ANONYMISE, "case", row.reference, "", details
    )


def opened_case(session: Session, row: Case, actor: Actor) -> OpenedCase:
    """The case as the actor's screen holds it, after a change made in `session` (to refresh a
    view)."""
    return CaseService._opened(session, row, actor)
