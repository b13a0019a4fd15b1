"""The demo database: realistic variety, sound numbering, and never on a real database."""

from __future__ import annotations

import shutil
import typing
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, bindparam, select, text
from sqlalchemy.engine import make_url

from app.documents import DOCUMENT_LANGUAGES
from app.domain import referrals as referrals_rules
from app.domain.case import (
    CaseQuery,
    CaseStatus,
    CoordinationKind,
    LinkKind,
    OutcomeKind,
    PersonRole,
    ReferralStatus,
    ReviewDecision,
)
from app.domain.completeness import CRIMINAL_CLASSIFICATIONS, missing_for_submission
from app.domain.outcomes import outcome_issues
from app.services import Services, demo, open_services
from app.services.demo import lived
from app.services.errors import Refused
from app.storage import cases as repo
from app.storage import tables as t
from app.storage.engine import make_engine
from app.storage.migrate import upgrade
from tests.conftest import CHEAP_HASHER, NOW
from tests.helpers import Clock, record

CASES = 250


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def filled(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    sqlite_template: Path,
) -> Iterator[Services]:
    """One fill per engine, shared by the tests that only read it (opening a case adds to the
    audit trail, nothing else). PostgreSQL's is a database of its own: the other tests of the
    worker empty theirs."""
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
        shutil.copy(sqlite_template, path)
        url = f"sqlite:///{path}"
    else:
        url = own_database(request.getfixturevalue("postgresql_url"), "demo")
    built = open_services(url, clock=Clock(NOW), hasher=CHEAP_HASHER)
    built.demo.fill(CASES)
    yield built
    built.close()


def own_database(url: str, suffix: str) -> str:
    """A migrated, empty database beside `url`'s on the same server (created once)."""
    parsed = make_url(url)
    own = parsed.set(database=f"{parsed.database}_{suffix}")
    server = make_engine(url, isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        known = text("SELECT 1 FROM pg_database WHERE datname = :name")
        if connection.execute(known, {"name": own.database}).first() is None:
            connection.execute(text(f'CREATE DATABASE "{own.database}"'))
    server.dispose()
    engine = make_engine(own)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    upgrade(engine)
    engine.dispose()
    return own.render_as_string(hide_password=False)


def scalars(engine: Engine, sql: str) -> list[object]:
    with engine.connect() as connection:
        return list(connection.execute(text(sql)).scalars())


def case_rows(services: Services) -> list[tuple[int, str, str, int, int, datetime]]:
    """(id, reference, station code, year, number, occurred_at) of every case."""
    with services.backend.transaction() as session:
        rows = session.execute(
            select(
                t.Case.id,
                t.Case.reference,
                t.Station.code,
                t.Case.year,
                t.Case.number,
                t.Case.occurred_at,
            )
            .join(t.Station)
            .order_by(t.Case.id)
        ).all()
    return [tuple(row) for row in rows]  # type: ignore[misc]


def test_fill_writes_the_cases_and_marks_the_database(services: Services) -> None:
    assert not services.demo.is_demo()
    services.demo.fill(CASES)
    assert services.demo.is_demo()
    admin = services.accounts.authenticate("admin", "demo")
    # One case duplicates another (app/services/demo_follow_up.py): the two count once.
    assert services.cases.count_cases(admin, CaseQuery()) == CASES - 1
    assert scalars(services.backend.engine, "SELECT count(*) FROM cases") == [CASES]
    assert services.accounts.authenticate("officer", "demo").station_code == "LIS-01"
    assert services.accounts.authenticate("tmartins", "demo").station_code == "LIS-02"


def test_the_cases_vary_like_real_ones(filled: Services) -> None:
    engine = filled.backend.engine
    motives = set(scalars(engine, "SELECT DISTINCT motive FROM case_motives"))
    statuses = set(scalars(engine, "SELECT DISTINCT status FROM cases"))
    districts = set(scalars(engine, "SELECT DISTINCT district FROM cases"))
    with engine.connect() as connection:
        victims = select(t.PersonRow.languages).where(t.PersonRow.role == PersonRole.VICTIM.value)
        languages = {listed[0]["code"] for listed in connection.scalars(victims)}
    assert len(motives) >= 6, motives
    assert len(statuses) >= 4, statuses
    assert len(districts) >= 10, districts
    assert len(languages) >= 5, languages
    assert "" not in districts
    victimless = scalars(engine, "SELECT count(*) FROM cases WHERE no_individual_victim")
    with_victim = scalars(engine, "SELECT count(DISTINCT case_id) FROM persons")
    assert victimless[0] + with_victim[0] == CASES  # type: ignore[operator]


def test_dates_spread_over_three_years_before_the_clock(filled: Services, clock: Clock) -> None:
    dates = [row[5] for row in case_rows(filled)]
    assert min(dates) >= clock.now - timedelta(days=3 * 365 + 1)
    assert min(dates) < clock.now - timedelta(days=2 * 365 + 180)
    assert max(dates) <= clock.now
    assert max(dates) > clock.now - timedelta(days=60)
    per_year: dict[int, int] = defaultdict(int)
    for d in dates:
        per_year[d.year] += 1
    assert len(per_year) >= 3  # e.g. 2023 .. 2026


DATE_COLUMNS = {
    "cases": [
        "created_at",
        "updated_at",
        "reported_at",
        "attended_at",
        "occurred_at",
        "closed_at",
    ],
    "rights_information": ["given_at"],
    "needs_assessments": ["assessed_at"],
    "consents": ["recorded_at", "withdrawn_at"],
    "referrals": ["created_at", "sent_at", "reply_at"],
    "case_outcomes": ["recorded_at"],
}


def test_no_date_is_in_the_future(filled: Services, clock: Clock) -> None:
    future: dict[str, int] = {}
    with filled.backend.engine.connect() as connection:
        for table, columns in DATE_COLUMNS.items():
            for column in columns:
                query = text(f"SELECT count(*) FROM {table} WHERE {column} > :now")
                query = query.bindparams(bindparam("now", clock.now, type_=t.UTCDateTime()))
                count = connection.execute(query).scalar_one()
                if count:
                    future[f"{table}.{column}"] = count
    assert future == {}


def assert_numbered_without_gaps(services: Services) -> None:
    rows = case_rows(services)
    assert len({r[1] for r in rows}) == len(rows)
    groups: dict[tuple[str, int], list[tuple[int, datetime]]] = defaultdict(list)
    for _id, reference, station, year, number, occurred in rows:
        assert reference == f"{station}-{year}-{number:06d}"
        assert occurred.year == year
        groups[station, year].append((number, occurred))
    assert {station for station, _year in groups} == {"LIS-01", "LIS-02"}
    with services.backend.transaction() as session:
        sequences = {
            (code, year): last
            for code, year, last in session.execute(
                select(t.Station.code, t.CaseSequence.year, t.CaseSequence.last_number).join(
                    t.Station
                )
            )
        }
    for key, numbered in groups.items():
        numbers = sorted(n for n, _occurred in numbered)
        assert numbers == list(range(1, len(numbers) + 1)), key
        assert sequences[key] == len(numbers)  # the next draft continues after the last one


def test_references_number_up_in_date_order_per_station_and_year(filled: Services) -> None:
    assert_numbered_without_gaps(filled)
    groups: dict[tuple[str, int], list[tuple[int, datetime]]] = defaultdict(list)
    for _id, _reference, station, year, number, occurred in case_rows(filled):
        groups[station, year].append((number, occurred))
    for numbered in groups.values():
        dates = [occurred for _n, occurred in sorted(numbered)]
        assert dates == sorted(dates)


def test_a_second_fill_continues_the_numbering(services: Services) -> None:
    services.demo.fill(300)
    before = case_rows(services)
    highest: dict[tuple[str, int], int] = defaultdict(int)
    for _id, _reference, station, year, number, _occurred in before:
        highest[station, year] = max(highest[station, year], number)
    services.demo.fill(100, seed=7)
    after = case_rows(services)
    assert len(after) == 400
    assert after[:300] == before
    assert services.demo.is_demo()
    assert_numbered_without_gaps(services)
    for _id, _reference, station, year, number, _occurred in after[300:]:
        assert number > highest[station, year]
    assert scalars(services.backend.engine, "SELECT count(*) FROM users") == [13]
    assert services.audit.verify(services.accounts.authenticate("supervisor", "demo")).intact


def test_fill_is_refused_on_a_real_database(services: Services) -> None:
    services.accounts.set_up(
        station_code="LIS-01",
        station_name="Lisbon Centre",
        username="chief",
        full_name="Real Chief",
        password="correct horse",
    )
    with pytest.raises(Refused) as refused:
        services.demo.fill(10)
    assert [i.code for i in refused.value.issues] == ["not_a_demo_database"]
    assert not services.demo.is_demo()
    assert scalars(services.backend.engine, "SELECT count(*) FROM cases") == [0]
    assert scalars(services.backend.engine, "SELECT username FROM users") == ["chief"]


def test_progress_is_reported_up_to_the_total(sqlite_services: Services) -> None:
    calls: list[tuple[int, int]] = []
    sqlite_services.demo.fill(40, progress=lambda done, total: calls.append((done, total)))
    assert calls
    assert calls[-1] == (40, 40)


def test_the_audit_trail_is_intact_after_a_fill(filled: Services) -> None:
    supervisor = filled.accounts.authenticate("supervisor", "demo")
    assert filled.audit.verify(supervisor).intact
    everything = filled.audit.entries(supervisor, limit=100_000)  # other tests open cases
    actions = [(e.username, e.action) for e in everything]
    assert ("demo", "demo_fill") in actions
    assert filled.audit.verify(supervisor).intact


def test_each_demo_case_carries_the_history_its_life_made(services: Services) -> None:
    """Opened through the services, as a supervisor would: an approved case has its review with
    the confirmed checks, a returned one its comments on sections, an escalated one waits for the
    other station's reviewer, and the cases waiting for review include overdue ones."""
    filled = services
    filled.demo.fill(3_000)  # enough recent cases for every state
    supervisor = filled.accounts.authenticate("supervisor", "demo")
    by_status: dict[CaseStatus, int] = {}
    with filled.backend.reading() as session:
        for case_id, status in session.execute(
            text("SELECT id, status FROM cases WHERE reference LIKE 'LIS-01-%' ORDER BY id")
        ):
            by_status.setdefault(CaseStatus(status), case_id)
    assert set(by_status) >= {
        CaseStatus.DRAFT, CaseStatus.SUBMITTED, CaseStatus.RETURNED, CaseStatus.APPROVED,
        CaseStatus.ESCALATED, CaseStatus.CLOSED,
    }  # fmt: skip
    opened = {s: filled.cases.open_case(supervisor, i, "demo check") for s, i in by_status.items()}
    decisions = {s: [r.decision for r in o.record.reviews] for s, o in opened.items()}
    assert decisions[CaseStatus.DRAFT] == []
    assert decisions[CaseStatus.CLOSED] == [
        ReviewDecision.SUBMIT, ReviewDecision.APPROVE, ReviewDecision.PROPOSE_CLOSURE,
        ReviewDecision.CLOSE,
    ]  # fmt: skip
    approval = opened[CaseStatus.APPROVED].record.reviews[-1]
    assert (approval.reviewer, approval.checks) == (
        "supervisor",
        ("proportionality", "community_tension", "attendance"),
    )
    returned = opened[CaseStatus.RETURNED].record.reviews[-1]
    assert [s.section for s in returned.sections] == ["evidence", "rights"]
    escalated = opened[CaseStatus.ESCALATED].record
    assert escalated.escalated_to == escalated.reviews[-1].escalated_to == "lmarques"
    coordinator = filled.accounts.authenticate("lmarques", "demo")
    queued = filled.cases.review_queue(coordinator)
    assert escalated.reference in [q.reference for q in queued]
    waiting = filled.cases.review_queue(supervisor)
    assert any(q.overdue for q in waiting)
    assert any(not q.overdue for q in waiting)


def test_the_demo_follows_cases_up(filled: Services, clock: Clock) -> None:
    """Referrals in every state with their dated steps and deadlines, some overdue; re-contacts
    done, due and overdue; coordination under consent, anonymised, on the community; a pair of
    linked cases and a duplicate. Read through the services, as the screens do."""
    supervisor = filled.accounts.authenticate("supervisor", "demo")
    today = clock.now.date()
    with filled.backend.reading() as session:
        # The bulk's referrals have no steps: the stories' were proposed afresh, then dated.
        told = t.ReferralRow.answer_due_on.is_not(None) | (t.ReferralRow.status == "proposed")
        ids = {*session.scalars(select(t.ReferralRow.case_id).where(told))}
        ids |= {*session.scalars(select(t.FollowUpRow.case_id))}
        ids |= {*session.scalars(select(t.CaseLinkRow.case_id))}
    records = [filled.cases.open_case(supervisor, i, "demo check").record for i in sorted(ids)]
    referrals = [r for record in records for r in record.referrals if r.steps]
    assert {r.status for r in referrals} | {ReferralStatus.PROPOSED} == set(ReferralStatus)
    assert any(r.status is ReferralStatus.PROPOSED for rec in records for r in rec.referrals)
    for referral in referrals:  # each sent one dated its answer; its history is its steps
        assert referral.answer_due_on is not None
        assert referral.steps[-1].status is referral.status
        assert all(step.at <= clock.now for step in referral.steps)
    waiting = [r for r in referrals if r.status in referrals_rules.AWAITING_ANSWER]
    assert any(r.answer_due_on < today for r in waiting)  # type: ignore[operator]
    assert any(r.answer_due_on >= today for r in waiting)  # type: ignore[operator]
    [declined] = [r for r in referrals if r.status is ReferralStatus.DECLINED]
    assert declined.reply_note.startswith("Declined: ")
    [withdrawn] = [r for r in referrals if r.status is ReferralStatus.WITHDRAWN]
    owner = next(rec for rec in records if withdrawn in rec.referrals)
    assert owner.consents[0].withdrawn_at is not None
    follow_ups = [f for record in records for f in record.follow_ups]
    assert any(f.done_at is not None and f.result for f in follow_ups)
    assert any(f.done_at is None and f.due_on < today for f in follow_ups)
    assert any(f.done_at is None and f.due_on >= today for f in follow_ups)
    entries = [c for record in records for c in record.coordination]
    kinds = {(c.kind, c.anonymised, c.consent_key is not None) for c in entries}
    assert (CoordinationKind.CIVIL_SOCIETY, False, True) in kinds
    assert (CoordinationKind.CIVIL_SOCIETY, True, False) in kinds
    assert any(c.kind is CoordinationKind.COMMUNITY_IMPACT for c in entries)
    assert any(c.kind is CoordinationKind.PROSECUTOR and c.reference_number for c in entries)
    links = {link.kind for record in records for link in record.links}
    with filled.backend.reading() as session:
        linked = session.scalars(select(t.CaseLinkRow.kind)).all()
    assert sorted(linked) == ["duplicate", "same_incident"]
    assert LinkKind.DUPLICATE in links or LinkKind.DUPLICATED in links
    assert filled.audit.verify(supervisor).intact


def test_a_demo_history_that_breaks_a_rule_is_refused() -> None:
    draft = record(status=CaseStatus.DRAFT)
    at = datetime(2026, 5, 4, tzinfo=UTC)
    with pytest.raises(ValueError, match="approve from draft"):
        lived(draft, (demo._APPROVED,), "supervisor", "lmarques", at)


def test_every_demo_case_past_draft_is_complete_as_a_submission_requires(
    filled: Services,
) -> None:
    """What reached review passed submission's check: the demo holds no case that could not."""
    admin = filled.accounts.authenticate("admin", "demo")
    past_draft = tuple(s for s in CaseStatus if s is not CaseStatus.DRAFT)
    summaries = filled.cases.list_cases(admin, CaseQuery(statuses=past_draft), limit=CASES)
    assert len(summaries) > CASES // 2
    gaps = {}
    for summary in summaries:
        record = filled.cases.open_case(admin, summary.id, "demo check").record
        missing = missing_for_submission(record, filled.backend.pack(record.protocol_pack))
        if missing:
            gaps[record.reference] = [issue.field for issue in missing]
    assert gaps == {}


def test_every_demo_leaflet_is_in_a_language_the_victim_reads_and_the_program_prints(
    filled: Services,
) -> None:
    admin = filled.accounts.authenticate("admin", "demo")
    checked = 0
    for summary in filled.cases.list_cases(admin, CaseQuery(), limit=CASES):
        record = filled.cases.open_case(admin, summary.id, "demo check").record
        for rights in record.rights:
            person = next(p for p in record.persons if p.key == rights.person_key)
            read = {x.code for x in person.languages if x.reads}
            assert rights.leaflet_language in set(DOCUMENT_LANGUAGES) & read, record.reference
            checked += 1
    assert checked > CASES // 2


def test_a_share_of_the_demo_crimes_has_outcomes_that_keep_their_rule(
    filled: Services, clock: Clock
) -> None:
    """About 40 % of the approved and closed crimes went to the prosecutor; most of those were
    charged, some convicted, some acquitted or discontinued; each outcome passes the rule an
    officer's would (app.domain.outcomes), in an order that makes sense."""
    K = OutcomeKind
    with filled.backend.reading() as session:
        ids = session.scalars(
            select(t.Case.id).where(
                t.Case.status.in_(["approved", "closed"]),
                t.Case.classification.in_(sorted(CRIMINAL_CLASSIFICATIONS)),
            )
        ).all()
        records = [repo.to_record(typing.cast(t.Case, repo.load_case(session, i))) for i in ids]
    with_outcomes = [r for r in records if r.outcomes]
    assert 0.3 < len(with_outcomes) / len(records) < 0.5
    kinds = [o.kind for r in with_outcomes for o in r.outcomes]
    assert kinds.count(K.SENT_TO_PROSECUTOR) == len(with_outcomes)
    assert kinds.count(K.CHARGED) > kinds.count(K.DISCONTINUED) > 0
    assert kinds.count(K.CONVICTED) > kinds.count(K.ACQUITTED) > 0
    for case in with_outcomes:
        assert case.outcomes[0].kind is K.SENT_TO_PROSECUTOR
        days = [o.happened_on for o in case.outcomes]
        assert days == sorted(days)
        for i, outcome in enumerate(case.outcomes):
            before = replace(case, outcomes=case.outcomes[:i])
            assert outcome_issues(before, outcome, clock.now) == [], case.reference
