"""The audit viewer's searches: filters, paging by key, a supervisor kept to their station, the
CSV export for the data-protection officer, each refused attempt audited (on both engines)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, update

from app.domain.audit_search import AuditFilter, filter_issues
from app.domain.case import Role
from app.domain.stations import StationDetails
from app.services import Services
from app.services.audit import AuditEntry
from app.services.context import Actor
from app.services.errors import PermissionDenied, Refused, SessionEnded
from app.storage.tables import AuditEvent, User
from tests.helpers import Clock, exported_text

PASSWORD = "long enough words"


@dataclass
class Trail:
    actors: dict[str, Actor]
    lisbon_case: str
    porto_case: str


def trail(services: Services, clock: Clock) -> Trail:
    """Two stations, each with a supervisor and an officer, a case each opened with a reason;
    an administrator and a data-protection officer at Lisbon."""
    services.accounts.set_up(
        station_code="LIS-01", station_name="Lisbon", username="admin",
        full_name="Rita Fonseca", password=PASSWORD,
    )  # fmt: skip
    admin = services.accounts.authenticate("admin", PASSWORD)
    services.stations.add_station(admin, StationDetails("POR-01", "Porto"))
    for username, role, station in (
        ("boss", Role.SUPERVISOR, "LIS-01"), ("ana", Role.OFFICER, "LIS-01"),
        ("dpo", Role.DATA_PROTECTION_OFFICER, "LIS-01"),
        ("chefe", Role.SUPERVISOR, "POR-01"), ("rui", Role.OFFICER, "POR-01"),
    ):  # fmt: skip
        services.accounts.add_user(
            admin, username=username, full_name=username.title(), role=role, password=PASSWORD,
            station_code=station,
        )  # fmt: skip
    actors = {"admin": admin}
    for username in ("boss", "ana", "dpo", "chefe", "rui"):
        clock.advance(minutes=1)
        actors[username] = services.accounts.authenticate(username, PASSWORD)
    clock.advance(days=1)
    lisbon = services.cases.create_draft(actors["ana"])
    services.cases.open_case(actors["boss"], lisbon.id, "=HYPERLINK(daily review)")
    clock.advance(days=1)
    porto = services.cases.create_draft(actors["rui"])
    services.cases.open_case(actors["chefe"], porto.id, "weekly review")
    return Trail(actors, lisbon.record.reference, porto.record.reference)


def all_entries(services: Services, actor: Actor, search: AuditFilter) -> list[AuditEntry]:
    """Every matching event, page after page (pages of 3)."""
    page = services.audit_search.search(actor, search, limit=3)
    entries = list(page.entries)
    while page.older:
        page = services.audit_search.search(actor, search, before=entries[-1].id, limit=3)
        entries += page.entries
    return entries


def count_events(services: Services, **where: Any) -> int:
    with services.backend.reading() as session:
        stmt = select(func.count()).select_from(AuditEvent).filter_by(**where)
        return session.scalar(stmt) or 0


def test_pages_by_key_newest_first_both_ways(services: Services, clock: Clock) -> None:
    t = trail(services, clock)
    admin = t.actors["admin"]
    with services.backend.reading() as session:
        ids = list(session.scalars(select(AuditEvent.id).order_by(AuditEvent.id.desc())))
    walked = [entry.id for entry in all_entries(services, admin, AuditFilter())]
    # the first page's search event was written after that page was read
    assert walked == [i for i in ids if i <= walked[0]]
    first = services.audit_search.search(admin, AuditFilter(), limit=3)
    assert not first.newer
    assert first.older
    second = services.audit_search.search(
        admin, AuditFilter(), before=first.entries[-1].id, limit=3
    )
    assert second.newer
    assert second.older
    back = services.audit_search.search(admin, AuditFilter(), after=second.entries[0].id, limit=3)
    assert [e.id for e in back.entries] == [e.id for e in first.entries]


def test_filters_by_case_user_action_and_days(services: Services, clock: Clock) -> None:
    t = trail(services, clock)
    admin = t.actors["admin"]
    by_case = all_entries(services, admin, AuditFilter(case_ref=t.lisbon_case))
    assert {(e.username, e.action) for e in by_case} == {("ana", "create"), ("boss", "view")}
    by_user = all_entries(services, admin, AuditFilter(username="chefe"))
    assert [e.action for e in by_user] == ["view", "login"]
    logins = all_entries(services, admin, AuditFilter(action="login"))
    assert [e.username for e in logins] == ["rui", "chefe", "dpo", "ana", "boss", "admin"]
    # 4 May: set-up and sign-ins; 5 May: the Lisbon case; 6 May: the Porto case
    fifth = all_entries(
        services, admin, AuditFilter(date_from=date(2026, 5, 5), date_to=date(2026, 5, 5))
    )
    assert {e.object_ref for e in fifth} == {t.lisbon_case}
    later = all_entries(services, admin, AuditFilter(date_from=date(2026, 5, 6)))
    assert t.porto_case in {e.object_ref for e in later}
    assert t.lisbon_case not in {e.object_ref for e in later}
    # a few days and an action: the time index (audit_search.NARROW_RANGE)
    made = all_entries(
        services, admin,
        AuditFilter(action="create", date_from=date(2026, 5, 5), date_to=date(2026, 5, 5)),
    )  # fmt: skip
    assert [(e.username, e.object_ref) for e in made] == [("ana", t.lisbon_case)]
    view = all_entries(services, admin, AuditFilter(case_ref=t.lisbon_case, action="view"))
    assert [e.reason for e in view] == ["=HYPERLINK(daily review)"]


def test_a_supervisor_sees_only_the_events_of_their_station(
    services: Services, clock: Clock
) -> None:
    t = trail(services, clock)
    boss = t.actors["boss"]
    seen = all_entries(services, boss, AuditFilter())
    assert {e.username for e in seen} >= {"boss", "ana", "dpo"}
    assert not {e.username for e in seen} & {"chefe", "rui"}
    assert t.porto_case not in {e.object_ref for e in seen}
    # another station's case, or user, by name: nothing of theirs
    assert all_entries(services, boss, AuditFilter(case_ref=t.porto_case)) == []
    assert all_entries(services, boss, AuditFilter(username="rui")) == []
    # the administrator's events about Lisbon's accounts are Lisbon's; Porto's are not
    created = {e.object_ref for e in seen if e.action == "create" and e.object_type == "user"}
    assert created == {"boss", "ana", "dpo"}
    # Porto's supervisor sees Porto's case and not Lisbon's
    porto = all_entries(services, t.actors["chefe"], AuditFilter(action="create"))
    assert t.porto_case in {e.object_ref for e in porto}
    assert t.lisbon_case not in {e.object_ref for e in porto}


def test_each_search_is_audited_once_not_each_page(services: Services, clock: Clock) -> None:
    t = trail(services, clock)
    dpo = t.actors["dpo"]
    first = services.audit_search.search(dpo, AuditFilter(case_ref=t.lisbon_case), limit=1)
    services.audit_search.search(
        dpo, AuditFilter(case_ref=t.lisbon_case), before=first.entries[0].id, limit=1
    )
    [event] = services.audit_search.search(dpo, AuditFilter(action="audit_search")).entries
    assert (event.username, event.object_type) == ("dpo", "audit_trail")
    assert dict(event.details) == {"case": t.lisbon_case}


@pytest.mark.parametrize("who", ["ana", "rui"])
def test_an_officer_may_not_search_and_the_refusal_is_audited(
    services: Services, clock: Clock, who: str
) -> None:
    t = trail(services, clock)
    before = count_events(services)
    with pytest.raises(PermissionDenied):
        services.audit_search.search(t.actors[who], AuditFilter())
    with pytest.raises(PermissionDenied):
        services.audit_search.status(t.actors[who])
    assert count_events(services) == before + 2
    refusals = services.audit_search.search(t.actors["admin"], AuditFilter(action="refused"))
    assert {e.details["call"] for e in refusals.entries} == {
        "AuditSearchService.search", "AuditSearchService.status",
    }  # fmt: skip


def test_a_deactivated_account_can_no_longer_search(services: Services, clock: Clock) -> None:
    t = trail(services, clock)
    with services.backend.transaction() as session:
        session.execute(update(User).where(User.username == "dpo").values(active=False))
    before = count_events(services)
    with pytest.raises(SessionEnded):
        services.audit_search.search(t.actors["dpo"], AuditFilter())
    with pytest.raises(SessionEnded):
        exported_text(services.audit_search.export_csv, t.actors["dpo"], AuditFilter())
    assert count_events(services) == before + 2
    assert count_events(services, action="refused", username="dpo") == 2
    assert count_events(services, action="audit_export") == 0


def test_the_export_is_for_the_data_protection_officer_and_audited(
    services: Services, clock: Clock
) -> None:
    t = trail(services, clock)
    search = AuditFilter(case_ref=t.lisbon_case)
    text = exported_text(services.audit_search.export_csv, t.actors["dpo"], search)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == [
        "id",
        "at",
        "username",
        "action",
        "object_type",
        "object_ref",
        "reason",
        "details",
    ]
    assert [(r[2], r[3]) for r in rows[1:]] == [("ana", "create"), ("boss", "view")]
    assert rows[2][6] == "'=HYPERLINK(daily review)"  # never a formula in a spreadsheet
    [event] = services.audit_search.search(
        t.actors["admin"], AuditFilter(action="audit_export")
    ).entries
    assert event.username == "dpo"
    assert dict(event.details) == {"case": t.lisbon_case, "count": 2, "to": "screen"}
    for who in ("boss", "ana"):
        before = count_events(services)
        with pytest.raises(PermissionDenied):
            exported_text(services.audit_search.export_csv, t.actors[who], search)
        assert count_events(services) == before + 1
        assert count_events(services, action="refused", username=who) == 1
    assert count_events(services, action="audit_export") == 1


def test_the_last_verify_and_checkpoint(services: Services, clock: Clock) -> None:
    t = trail(services, clock)
    assert services.audit_search.status(t.actors["boss"]).last_verify is None
    services.audit.verify(t.actors["dpo"])
    clock.advance(hours=1)
    services.audit.checkpoint(t.actors["boss"])
    status = services.audit_search.status(t.actors["chefe"])
    assert status.last_verify is not None
    assert status.last_checkpoint is not None
    assert status.last_verify.username == "dpo"
    assert dict(status.last_verify.details) == {"intact": True, "findings": 0}
    assert (status.last_checkpoint.username, status.last_checkpoint.at) == ("boss", clock.now)


def test_wrong_filters_are_refused_by_field(sqlite_services: Services, clock: Clock) -> None:
    t = trail(sqlite_services, clock)
    wrong = AuditFilter(
        case_ref="x'; DROP", username="Bad Name", action="delete_all",
        date_from=date(2026, 5, 6), date_to=date(2026, 5, 5),
    )  # fmt: skip
    with pytest.raises(Refused) as refused:
        sqlite_services.audit_search.search(t.actors["admin"], wrong, limit=0)
    assert [i.field for i in refused.value.issues] == ["case", "by", "action", "from", "limit"]
    assert [i.code for i in filter_issues(AuditFilter(date_from=date(1999, 12, 31)))] == [
        "date_out_of_range"
    ]


garbage = st.one_of(st.none(), st.text(max_size=30), st.integers(), st.booleans(), st.dates(),
                    st.datetimes(), st.floats(allow_nan=True))  # fmt: skip


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    case=garbage, by=garbage, action=garbage, day_from=garbage, day_to=garbage,
    before=garbage, limit=garbage,
)  # fmt: skip
def test_garbage_filters_are_refused_or_answered_never_a_crash(
    sqlite_services: Services, case: Any, by: Any, action: Any, day_from: Any, day_to: Any,
    before: Any, limit: Any,
) -> None:  # fmt: skip
    admin = _admin(sqlite_services)
    search = AuditFilter(case, by, action, day_from, day_to)
    try:
        page = sqlite_services.audit_search.search(admin, search, before=before, limit=limit)
    except Refused as refused:
        issues = refused.issues
        assert issues
    else:
        assert len(page.entries) <= limit


def _admin(services: Services) -> Actor:
    if services.accounts.needs_setup():
        services.accounts.set_up(
            station_code="LIS-01", station_name="Lisbon", username="admin", full_name="Rita",
            password=PASSWORD,
        )  # fmt: skip
    return services.accounts.authenticate("admin", PASSWORD)


def test_an_event_at_the_end_of_the_last_day_is_in_the_range(
    sqlite_services: Services, clock: Clock
) -> None:
    clock.now = datetime(2026, 5, 4, 23, 59, 59).astimezone()
    admin = _admin(sqlite_services)
    day = clock.now.date()
    found = all_entries(
        sqlite_services, admin, AuditFilter(action="login", date_from=day, date_to=day)
    )
    assert [e.username for e in found] == ["admin"]
    next_day = all_entries(
        sqlite_services, admin, AuditFilter(action="login", date_from=date(2026, 5, 5))
    )
    assert next_day == []
