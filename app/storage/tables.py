"""The database tables (SQLAlchemy 2 typed ORM). Changes go through an Alembic migration.

Columns holding special-category data (LED Art. 10, GDPR Art. 9) carry `info={"special": True}`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, deferred, mapped_column, relationship

from app.domain.validation import (
    FULL_NAME_LENGTH,
    KEY_LENGTH,
    MEDIA_TYPE_LENGTH,
    NAME_LENGTH,
    VERSION_LENGTH,
)

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

SPECIAL = {"special": True}


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in, aware UTC datetimes out, on both engines."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


# The longest role value (data_protection_officer) with room to spare. SQLite keeps any length
# in a VARCHAR, and changing a column there means re-creating the users table under the cases'
# foreign keys: its tables keep the 16 they were made with (migration 0017).
ROLE_TYPE = String(32).with_variant(String(16), "sqlite")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime()}  # noqa: RUF012


def text_column(**kw: Any) -> Mapped[str]:
    return mapped_column(Text, default="", server_default="", **kw)


class Meta(Base):
    """Facts about the database itself, e.g. that it is a demo database."""

    __tablename__ = "app_meta"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Station(Base):
    __tablename__ = "stations"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = text_column()
    phone: Mapped[str] = text_column()
    email: Mapped[str] = text_column()
    protocol_pack: Mapped[str] = mapped_column(String(NAME_LENGTH), default="eu-baseline")
    created_at: Mapped[datetime]
    # ISO 3166 code of the country whose working days count (review ages, deadlines).
    country: Mapped[str] = mapped_column(String(2), default="", server_default="")
    opening_hours: Mapped[str] = text_column()
    # The station's official document language (app.documents.DOCUMENT_LANGUAGES); "" if none.
    language: Mapped[str] = mapped_column(String(KEY_LENGTH), default="", server_default="")


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(NAME_LENGTH), unique=True)
    full_name: Mapped[str] = mapped_column(String(FULL_NAME_LENGTH))
    badge_number: Mapped[str] = text_column()
    phone: Mapped[str] = text_column()
    email: Mapped[str] = text_column()
    role: Mapped[str] = mapped_column(ROLE_TYPE)
    station_id: Mapped[int] = mapped_column(ForeignKey("stations.id"))
    # Empty for an account that cannot sign in (older versions made one for an imported case).
    password_hash: Mapped[str] = text_column()
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None]
    # Set by an administrator's reset: the user chooses their own password before anything else.
    must_change_password: Mapped[bool] = mapped_column(default=False, server_default=false())
    language: Mapped[str] = text_column()
    created_at: Mapped[datetime]

    station: Mapped[Station] = relationship(lazy="joined")


class CaseSequence(Base):
    """The last case number given per station and year: one atomic upsert per new case."""

    __tablename__ = "case_sequences"
    station_id: Mapped[int] = mapped_column(ForeignKey("stations.id"), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True)
    last_number: Mapped[int]


class Case(Base):
    __tablename__ = "cases"
    __table_args__ = (
        UniqueConstraint("station_id", "year", "number", name="uq_cases_station_year_number"),
        # The case list walks its order by key, from either end, without sorting (migration
        # 0020): the date's, a station's, and under each filter and sort the list offers.
        Index("ix_cases_listed_at", "listed_at", "id"),
        Index("ix_cases_station_listed_at", "station_id", "listed_at", "id"),
        Index("ix_cases_list_status", "status", "listed_at", "id"),
        Index("ix_cases_list_officer", "officer_id", "listed_at", "id"),
        Index("ix_cases_list_classification", "classification", "listed_at", "id"),
        Index("ix_cases_list_reference", "year", "station_id", "number"),
        Index("ix_cases_status", "status"),
        Index("ix_cases_officer_id", "officer_id"),
        # The statistics count incidents from this index alone (app/services/statistics.py):
        # SQLite keeps the case's id in it, PostgreSQL is given it (migration 0019).
        Index(
            "ix_cases_statistics",
            "status",
            "station_id",
            "listed_at",
            "duplicate_of_id",
            postgresql_include=["id"],
        ),
        # The few duplicates, which the counts look up (app/storage/cases.py count_cases).
        Index(
            "ix_cases_duplicate_of_id",
            "duplicate_of_id",
            sqlite_where=text("duplicate_of_id IS NOT NULL"),
            postgresql_where=text("duplicate_of_id IS NOT NULL"),
        ),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(40), unique=True)
    station_id: Mapped[int] = mapped_column(ForeignKey("stations.id"))
    year: Mapped[int]
    number: Mapped[int]
    status: Mapped[str] = mapped_column(String(16))
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime]
    # The local accounts answerable for the case. For an imported case that is the administrator
    # who imported it, and the two `imported_` columns name its author and officer as the file
    # did (rows of imported_users).
    created_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    officer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    imported_created_by: Mapped[str | None] = mapped_column(String(NAME_LENGTH))
    imported_officer: Mapped[str | None] = mapped_column(String(NAME_LENGTH))
    updated_at: Mapped[datetime]
    updated_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    protocol_pack: Mapped[str] = mapped_column(String(NAME_LENGTH))
    protocol_version: Mapped[str] = mapped_column(String(VERSION_LENGTH))
    # The list's date order: when it happened, or for an undated draft when it was created, so
    # that a new draft is at the top on both engines (they place NULLs at opposite ends).
    listed_at: Mapped[datetime]
    # Lower-cased, accent-free reference, place, district and narrative: one LIKE behaves the same
    # on both engines.
    search_text: Mapped[str] = text_column()
    # first response and safety
    reported_at: Mapped[datetime | None]
    attended_at: Mapped[datetime | None]
    immediate_danger: Mapped[bool | None]
    injuries: Mapped[bool | None]
    injuries_note: Mapped[str] = text_column()
    medical_help: Mapped[bool | None]
    medical_note: Mapped[str] = text_column()
    response_delayed: Mapped[bool] = mapped_column(default=False)
    delay_plan: Mapped[str] = text_column()
    # the incident
    occurred_at: Mapped[datetime | None]
    place: Mapped[str] = text_column()
    district: Mapped[str] = text_column()
    place_type: Mapped[str] = text_column()
    narrative: Mapped[str] = deferred(mapped_column(Text, default="", server_default=""))
    reporter_type: Mapped[str | None] = mapped_column(String(32))
    no_individual_victim: Mapped[bool] = mapped_column(default=False)
    verbatim_words: Mapped[str] = text_column()
    evidence_notes: Mapped[str] = text_column()
    officer_assessment: Mapped[str] = text_column()
    classification: Mapped[str] = text_column()
    classification_reason: Mapped[str] = text_column()
    additional_classifications: Mapped[list[str]] = mapped_column(
        JSON, default=list, server_default="[]"
    )
    # The pack's extra recorded steps (app.domain.case.StepRecord), as JSON objects.
    recorded_steps: Mapped[list[Any]] = mapped_column(JSON, default=list, server_default="[]")
    community_impact: Mapped[str] = text_column()
    mediation_proposed: Mapped[bool] = mapped_column(default=False)
    mediation_safeguards: Mapped[list[str]] = mapped_column(JSON, default=list)
    outcome: Mapped[str] = text_column()
    closure_note: Mapped[str] = text_column()
    closed_at: Mapped[datetime | None]
    escalated_to: Mapped[str] = mapped_column(String(NAME_LENGTH), default="", server_default="")
    # The content as last submitted (JSON, as exported), so a resubmission can show what changed.
    submitted_record: Mapped[Any | None] = deferred(mapped_column(JSON))
    duplicate_of_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    anonymised_at: Mapped[datetime | None]
    # The wizard page the draft was left on, so that it reopens there after a crash.
    wizard_step: Mapped[str] = mapped_column(String(32), default="", server_default="")

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012

    station: Mapped[Station] = relationship()
    officer: Mapped[User] = relationship(foreign_keys=[officer_id])
    created_by: Mapped[User] = relationship(foreign_keys=[created_by_id])
    duplicate_of: Mapped[Case | None] = relationship(remote_side=[id])
    motives: Mapped[list[CaseMotive]] = relationship(cascade="all, delete-orphan")
    offence_types: Mapped[list[CaseOffence]] = relationship(cascade="all, delete-orphan")
    indicators: Mapped[list[CaseIndicator]] = relationship(
        cascade="all, delete-orphan", order_by="CaseIndicator.position"
    )
    perceptions: Mapped[list[PerceptionRow]] = relationship(
        cascade="all, delete-orphan", order_by="PerceptionRow.position"
    )
    persons: Mapped[list[PersonRow]] = relationship(
        cascade="all, delete-orphan", order_by="PersonRow.position"
    )
    rights: Mapped[list[RightsRow]] = relationship(
        cascade="all, delete-orphan", order_by="RightsRow.id"
    )
    assessments: Mapped[list[AssessmentRow]] = relationship(
        cascade="all, delete-orphan", order_by="AssessmentRow.id"
    )
    consents: Mapped[list[ConsentRow]] = relationship(
        cascade="all, delete-orphan", order_by="ConsentRow.id"
    )
    referrals: Mapped[list[ReferralRow]] = relationship(
        cascade="all, delete-orphan", order_by="ReferralRow.id"
    )
    coordination: Mapped[list[CoordinationRow]] = relationship(
        cascade="all, delete-orphan", order_by="CoordinationRow.id"
    )
    attachments: Mapped[list[AttachmentRow]] = relationship(
        cascade="all, delete-orphan", order_by="AttachmentRow.id"
    )
    reviews: Mapped[list[ReviewRow]] = relationship(
        cascade="all, delete-orphan", order_by="ReviewRow.id"
    )
    follow_ups: Mapped[list[FollowUpRow]] = relationship(
        cascade="all, delete-orphan", order_by="FollowUpRow.id"
    )
    outcomes: Mapped[list[OutcomeRow]] = relationship(
        cascade="all, delete-orphan", order_by="OutcomeRow.id"
    )
    imported_users: Mapped[list[ImportedUser]] = relationship(
        cascade="all, delete-orphan", order_by="ImportedUser.username"
    )
    links_made: Mapped[list[CaseLinkRow]] = relationship(
        foreign_keys="CaseLinkRow.case_id", cascade="all, delete-orphan", order_by="CaseLinkRow.id"
    )
    links_received: Mapped[list[CaseLinkRow]] = relationship(
        foreign_keys="CaseLinkRow.other_id", order_by="CaseLinkRow.id", viewonly=True
    )


def case_fk() -> Mapped[int]:
    return mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)


class CaseMotive(Base):
    __tablename__ = "case_motives"
    __table_args__ = (Index("ix_case_motives_motive", "motive", "case_id"),)
    case_id: Mapped[int] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True
    )
    motive: Mapped[str] = mapped_column(String(NAME_LENGTH), primary_key=True)
    position: Mapped[int] = mapped_column(default=0)


class CaseOffence(Base):
    __tablename__ = "case_offences"
    case_id: Mapped[int] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True
    )
    offence_type: Mapped[str] = mapped_column(String(NAME_LENGTH), primary_key=True)
    position: Mapped[int] = mapped_column(default=0)


class CaseIndicator(Base):
    """A bias indicator observed by the officer, with a note: an assessment (LED Art. 7)."""

    __tablename__ = "case_indicators"
    case_id: Mapped[int] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True
    )
    indicator: Mapped[str] = mapped_column(String(NAME_LENGTH), primary_key=True)
    note: Mapped[str] = text_column()
    position: Mapped[int] = mapped_column(default=0)


class PersonRow(Base):
    __tablename__ = "persons"
    __table_args__ = (UniqueConstraint("case_id", "key", name="uq_persons_case_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = case_fk()
    key: Mapped[str] = mapped_column(String(KEY_LENGTH))
    position: Mapped[int] = mapped_column(default=0)
    role: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = text_column()
    alias: Mapped[str] = text_column()
    date_of_birth: Mapped[date | None] = mapped_column(Date)
    age_band: Mapped[str] = text_column()
    is_minor: Mapped[bool] = mapped_column(default=False)
    guardian: Mapped[str] = text_column()
    guardian_of: Mapped[str] = mapped_column(String(KEY_LENGTH), default="", server_default="")
    relation: Mapped[str | None] = mapped_column(String(32))
    gender: Mapped[str] = text_column()
    address: Mapped[str] = text_column()
    phone: Mapped[str] = text_column()
    email: Mapped[str] = text_column()
    description: Mapped[str] = text_column()
    # [{"code": "ro", "reads": true, "preferred": true}, ...] (app.domain.languages.SpokenLanguage)
    languages: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list, server_default="[]")
    interpreter_needed: Mapped[bool] = mapped_column(default=False)
    interpreter_language: Mapped[str] = text_column()
    accessibility_needs: Mapped[str] = text_column()
    companion: Mapped[str] = text_column()
    safe_phone: Mapped[str] = text_column()
    safe_times: Mapped[str] = text_column()
    message_ok: Mapped[bool | None]
    safe_email: Mapped[str] = text_column()
    preferred_channel: Mapped[str] = text_column()
    do_not_contact_via: Mapped[str] = text_column()
    ethnicity: Mapped[str] = text_column(info=SPECIAL)
    religion: Mapped[str] = text_column(info=SPECIAL)
    sexual_orientation: Mapped[str] = text_column(info=SPECIAL)
    gender_identity: Mapped[str] = text_column(info=SPECIAL)
    health: Mapped[str] = text_column(info=SPECIAL)
    disability: Mapped[str] = text_column(info=SPECIAL)


class PerceptionRow(Base):
    """What a victim, witness or other person perceived; apart from the officer's indicators."""

    __tablename__ = "perceptions"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = case_fk()
    position: Mapped[int] = mapped_column(default=0)
    source: Mapped[str] = mapped_column(String(16))
    person_key: Mapped[str | None] = mapped_column(String(KEY_LENGTH))
    text: Mapped[str] = mapped_column(Text)


class RightsRow(Base):
    __tablename__ = "rights_information"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = case_fk()
    person_key: Mapped[str] = mapped_column(String(KEY_LENGTH))
    given_at: Mapped[datetime]
    given_by: Mapped[str] = mapped_column(String(NAME_LENGTH))
    leaflet_language: Mapped[str] = mapped_column(String(KEY_LENGTH))
    leaflet_version: Mapped[str] = text_column()
    acknowledgement_given: Mapped[bool] = mapped_column(default=False)
    complaint_number: Mapped[str] = text_column()
    interpreter_provided: Mapped[bool] = mapped_column(default=False)


class AssessmentRow(Base):
    __tablename__ = "needs_assessments"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = case_fk()
    person_key: Mapped[str] = mapped_column(String(KEY_LENGTH))
    assessed_at: Mapped[datetime]
    assessed_by: Mapped[str] = mapped_column(String(NAME_LENGTH))
    factors: Mapped[list[str]] = mapped_column(JSON, default=list)
    protection_needs: Mapped[bool | None]
    needs: Mapped[list[str]] = mapped_column(JSON, default=list)
    measures: Mapped[list[str]] = mapped_column(JSON, default=list)
    risk_suggested: Mapped[str | None] = mapped_column(String(8))
    risk_level: Mapped[str | None] = mapped_column(String(8))
    risk_override_reason: Mapped[str] = text_column()
    declines_measures: Mapped[bool] = mapped_column(default=False)
    victim_wishes: Mapped[str] = text_column()
    no_needs_reason: Mapped[str] = text_column()


class ConsentRow(Base):
    __tablename__ = "consents"
    __table_args__ = (UniqueConstraint("case_id", "key", name="uq_consents_case_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = case_fk()
    key: Mapped[str] = mapped_column(String(KEY_LENGTH))
    person_key: Mapped[str] = mapped_column(String(KEY_LENGTH))
    recipient: Mapped[str] = mapped_column(Text)
    purpose: Mapped[str] = mapped_column(Text)
    granted: Mapped[bool]
    method: Mapped[str] = mapped_column(String(16))
    recorded_at: Mapped[datetime]
    recorded_by: Mapped[str] = mapped_column(String(NAME_LENGTH))
    data_scope: Mapped[list[str]] = mapped_column(JSON, default=list)
    special_categories: Mapped[bool] = mapped_column(default=False)
    text_version: Mapped[str] = text_column()
    language: Mapped[str] = text_column()
    withdrawal_explained: Mapped[bool] = mapped_column(default=False)
    withdrawn_at: Mapped[datetime | None]
    withdrawn_by: Mapped[str] = mapped_column(String(NAME_LENGTH), default="", server_default="")
    withdrawal_note: Mapped[str] = text_column()
    guardian_key: Mapped[str] = mapped_column(String(KEY_LENGTH), default="", server_default="")
    child_views: Mapped[str] = text_column()


class ReferralRow(Base):
    __tablename__ = "referrals"
    __table_args__ = (UniqueConstraint("case_id", "key", name="uq_referrals_case_key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = case_fk()
    key: Mapped[str] = mapped_column(String(KEY_LENGTH))
    person_key: Mapped[str] = mapped_column(String(KEY_LENGTH))
    consent_key: Mapped[str | None] = mapped_column(String(KEY_LENGTH))
    service_id: Mapped[int | None] = mapped_column(ForeignKey("support_services.id"))
    service_code: Mapped[str] = text_column()
    service_name: Mapped[str] = mapped_column(Text)
    service_kind: Mapped[str] = mapped_column(String(32))
    service_contact: Mapped[str] = text_column()
    needs: Mapped[list[str]] = mapped_column(JSON, default=list)
    urgency: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime]
    created_by: Mapped[str] = mapped_column(String(NAME_LENGTH))
    sent_at: Mapped[datetime | None]
    reply_at: Mapped[datetime | None]
    reply_note: Mapped[str] = text_column()
    # [{"status": "sent", "at": "...", "by": "ana", "note": "", "channel": "email"}, ...]
    # (app.domain.case.ReferralStep), oldest first
    steps: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list, server_default="[]")
    # Set when sent; the follow-up list finds what is due by it.
    answer_due_on: Mapped[date | None] = mapped_column(Date, index=True)
    consent_rule: Mapped[str | None] = mapped_column(String(16))
    legal_basis: Mapped[str] = text_column()


class CoordinationRow(Base):
    __tablename__ = "coordination_events"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = case_fk()
    kind: Mapped[str] = mapped_column(String(32))
    recipient: Mapped[str] = mapped_column(Text)
    sent_at: Mapped[datetime]
    recorded_by: Mapped[str] = mapped_column(String(NAME_LENGTH))
    content: Mapped[str] = text_column()
    basis: Mapped[str] = text_column()
    reference_number: Mapped[str] = text_column()
    consent_key: Mapped[str | None] = mapped_column(String(KEY_LENGTH))
    anonymised: Mapped[bool] = mapped_column(default=False, server_default=false())
    data_sent: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    automatic: Mapped[bool] = mapped_column(default=False, server_default=false())


class AttachmentRow(Base):
    """Kept in the database so that a shared database holds everything; SHA-256 shows tampering."""

    __tablename__ = "attachments"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = case_fk()
    filename: Mapped[str] = mapped_column(Text)
    media_type: Mapped[str] = mapped_column(String(MEDIA_TYPE_LENGTH))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int]
    added_at: Mapped[datetime]
    added_by: Mapped[str] = mapped_column(String(NAME_LENGTH))
    description: Mapped[str] = text_column()
    content: Mapped[bytes] = deferred(mapped_column(LargeBinary))


class ReviewRow(Base):
    __tablename__ = "review_actions"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = case_fk()
    decision: Mapped[str] = mapped_column(String(16))
    reviewer: Mapped[str] = mapped_column(String(NAME_LENGTH))
    at: Mapped[datetime]
    comment: Mapped[str] = text_column()
    checks: Mapped[list[str]] = mapped_column(JSON, default=list)
    sections: Mapped[list[Any]] = mapped_column(JSON, default=list, server_default="[]")
    changes: Mapped[list[Any]] = mapped_column(JSON, default=list, server_default="[]")
    escalated_to: Mapped[str] = mapped_column(String(NAME_LENGTH), default="", server_default="")
    hate_flag_removed: Mapped[bool] = mapped_column(default=False, server_default=false())


class FollowUpRow(Base):
    __tablename__ = "follow_ups"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = case_fk()
    due_on: Mapped[date] = mapped_column(Date, index=True)
    note: Mapped[str] = text_column()
    done_at: Mapped[datetime | None]
    done_by: Mapped[str] = text_column()
    result: Mapped[str] = text_column()
    scheduled_by: Mapped[str] = text_column()


class OutcomeRow(Base):
    """A dated outcome of the case in the justice system (app.domain.case.Outcome)."""

    __tablename__ = "case_outcomes"
    # The statistics count prosecutions and sentences by kind and date (app/services/statistics.py).
    __table_args__ = (Index("ix_case_outcomes_kind_happened_on", "kind", "happened_on"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = case_fk()
    kind: Mapped[str] = mapped_column(String(32))
    happened_on: Mapped[date] = mapped_column(Date)
    court_reference: Mapped[str] = text_column()
    note: Mapped[str] = text_column()
    recorded_at: Mapped[datetime]
    recorded_by: Mapped[str] = mapped_column(String(NAME_LENGTH))


class CaseLinkRow(Base):
    """A link between two cases, kept once, with the case that made it (app.domain.case.CaseLink);
    each case shows it. A DUPLICATE row: `case_id` duplicates `other_id`."""

    __tablename__ = "case_links"
    __table_args__ = (UniqueConstraint("case_id", "other_id", name="uq_case_links_case_other"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = case_fk()
    other_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    basis: Mapped[str | None] = mapped_column(String(16))
    note: Mapped[str] = text_column()
    created_at: Mapped[datetime]
    created_by: Mapped[str] = mapped_column(String(NAME_LENGTH))
    other: Mapped[Case] = relationship(foreign_keys=[other_id])
    case: Mapped[Case] = relationship(foreign_keys=[case_id], overlaps="links_made")


class ImportedUser(Base):
    """Someone an imported case names who is not an account here: the name, role and station the
    file gave. `username` is `name@STATION`, which no account can have."""

    __tablename__ = "imported_users"
    case_id: Mapped[int] = mapped_column(
        ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True
    )
    username: Mapped[str] = mapped_column(String(NAME_LENGTH), primary_key=True)
    full_name: Mapped[str] = mapped_column(String(FULL_NAME_LENGTH))
    role: Mapped[str] = mapped_column(ROLE_TYPE)
    badge_number: Mapped[str] = text_column()


class SupportService(Base):
    __tablename__ = "support_services"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(32))
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    groups_served: Mapped[list[str]] = mapped_column(JSON, default=list)
    area: Mapped[str] = text_column()
    address: Mapped[str] = text_column()
    # A shelter's address: shown to staff, never printed for the victim.
    address_confidential: Mapped[bool] = mapped_column(default=False)
    phone: Mapped[str] = text_column()
    email: Mapped[str] = text_column()
    opening_hours: Mapped[str] = text_column()
    notes: Mapped[str] = text_column()
    active: Mapped[bool] = mapped_column(default=True)
    updated_at: Mapped[datetime]


class AuditEvent(Base):
    """Who did what to which object, when and why. Each row seals the one before it with a key the
    database does not hold (app/domain/audit_chain.py). Append-only: triggers refuse UPDATE and
    DELETE (and TRUNCATE on PostgreSQL)."""

    __tablename__ = "audit_events"
    # The audit viewer's filters (migration 0016): a page walks one of these newest first.
    __table_args__ = (
        Index("ix_audit_events_username_id", "username", "id"),
        Index("ix_audit_events_object_ref_id", "object_ref", "id"),
        Index("ix_audit_events_action_id", "action", "id"),
        Index("ix_audit_events_at", "at"),
    )
    # Given by the program, one after the other: ids are part of the seal.
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    at: Mapped[datetime]
    username: Mapped[str] = mapped_column(String(NAME_LENGTH))
    action: Mapped[str] = mapped_column(String(32))
    object_type: Mapped[str] = mapped_column(String(32))
    object_ref: Mapped[str] = text_column()
    reason: Mapped[str] = text_column()
    details: Mapped[str] = text_column()
    previous_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHead(Base):
    """The one row that seals the trail's end: how many events, the last one's id and seal."""

    __tablename__ = "audit_head"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)  # always 1
    key_id: Mapped[str] = mapped_column(String(64))
    sealed_from: Mapped[int]
    count: Mapped[int]
    last_id: Mapped[int]
    last_hash: Mapped[str] = mapped_column(String(64))
    mac: Mapped[str] = mapped_column(String(64))


class AuditPrune(Base):
    """A prune anchor: events 1 to `last_id` were removed (old years past their retention), and
    the seal of event `last_id` was `last_hash`; sealed with the trail's key (`mac`), so that
    `audit verify` proves the chain from event `last_id` + 1 on. Append-only, as the trail; the
    DELETE trigger of audit_events lets through only events up to the newest anchor's last_id."""

    __tablename__ = "audit_prunes"
    id: Mapped[int] = mapped_column(primary_key=True)
    key_id: Mapped[str] = mapped_column(String(64))
    last_id: Mapped[int] = mapped_column(unique=True)
    last_hash: Mapped[str] = mapped_column(String(64))
    year: Mapped[int]
    count: Mapped[int]
    at: Mapped[datetime]
    username: Mapped[str] = mapped_column(String(NAME_LENGTH))
    mac: Mapped[str] = mapped_column(String(64))


class TrainingAttempt(Base):
    """A trainee's go at a worked case (app.domain.training.Attempt): the training case they
    recorded and, once submitted, the score by step as [[step, scored, possible], ...]. Kept in
    the training database only."""

    __tablename__ = "training_attempts"
    id: Mapped[int] = mapped_column(primary_key=True)
    exercise_id: Mapped[str] = mapped_column(String(NAME_LENGTH), index=True)
    exercise_version: Mapped[int] = mapped_column(Integer)
    exercise_title: Mapped[str] = text_column()
    case_id: Mapped[int] = case_fk()
    username: Mapped[str] = mapped_column(String(NAME_LENGTH), index=True)
    started_at: Mapped[datetime]
    submitted_at: Mapped[datetime | None]
    scores: Mapped[list[list[Any]]] = mapped_column(JSON, default=list)


class TrainingExercise(Base):
    """An exercise a trainer made from an approved real case (anonymised), as the TOML text of a
    worked case; offered to trainees once a trainer reviewed it. Kept in the training database."""

    __tablename__ = "training_exercises"
    id: Mapped[int] = mapped_column(primary_key=True)
    exercise_id: Mapped[str] = mapped_column(String(NAME_LENGTH), unique=True)
    source: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(NAME_LENGTH))
    created_at: Mapped[datetime]
    reviewed_by: Mapped[str] = text_column()
    reviewed_at: Mapped[datetime | None]
