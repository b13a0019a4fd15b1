"""Accounts managed by administrators: deactivate, reactivate, reset a password (changed at the
next sign-in), change role and station, one's own password; and the attacks on each rule: another
role, oneself, the last administrator, a deactivated session, garbage; refused, nothing changed,
the refusal audited."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from app.domain.case import Role
from app.domain.stations import StationDetails
from app.services import Services
from app.services.context import Actor
from app.services.errors import (
    LoginRefused,
    NotAllowed,
    PasswordChangeNeeded,
    PermissionDenied,
    Refused,
    SessionEnded,
)
from app.storage.tables import AuditEvent, User

ADMIN_PW = "a station passphrase"
PW = "a patrol passphrase"


def desk(services: Services) -> dict[str, Actor]:
    accounts = services.accounts
    accounts.set_up(
        station_code="LIS-01", station_name="Lisbon", username="admin", full_name="Rita",
        password=ADMIN_PW,
    )  # fmt: skip
    admin = accounts.authenticate("admin", ADMIN_PW)
    services.stations.add_station(admin, StationDetails(code="POR-01", name="Porto"))
    for name, role in (("ana", Role.OFFICER), ("boss", Role.SUPERVISOR), ("dpo", Role.ADMIN)):
        accounts.add_user(
            admin, username=name, full_name=name.title(), role=role, password=PW,
            station_code="LIS-01",
        )  # fmt: skip
    accounts.set_user(admin, "dpo", role=Role.DATA_PROTECTION_OFFICER)
    return {
        "admin": admin,
        **{name: accounts.authenticate(name, PW) for name in ("ana", "boss", "dpo")},
    }


def users(services: Services) -> list[tuple[object, ...]]:
    with services.backend.reading() as session:
        return [
            (u.username, u.role, u.station_id, u.active, u.password_hash, u.must_change_password)
            for u in session.scalars(select(User).order_by(User.username))
        ]


@dataclass(frozen=True)
class Event:
    username: str
    object_ref: str
    details: dict[str, Any]


def events(services: Services, action: str) -> list[Event]:
    with services.backend.reading() as session:
        rows = session.scalars(
            select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
        )
        return [Event(e.username, e.object_ref, json.loads(e.details or "{}")) for e in rows]


def test_deactivate_keeps_the_account_and_its_open_session_stops(services: Services) -> None:
    who = desk(services)
    info = services.accounts.deactivate(who["admin"], "ana")
    assert not info.active
    assert "ana" in [u.username for u in services.accounts.list_users(who["admin"])]
    with pytest.raises(SessionEnded):  # the session Ana still has open
        services.cases.create_draft(who["ana"])
    with pytest.raises(LoginRefused):
        services.accounts.authenticate("ana", PW)
    [refusal] = [e for e in events(services, "refused") if e.username == "ana"]
    assert refusal.details["why"] == "session_ended"
    services.accounts.reactivate(who["admin"], "ana")
    services.accounts.authenticate("ana", PW)
    assert [e.object_ref for e in events(services, "user_deactivate")] == ["ana"]
    assert [e.object_ref for e in events(services, "user_reactivate")] == ["ana"]


def test_a_reset_password_must_be_changed_before_anything_else(services: Services) -> None:
    who = desk(services)
    services.accounts.reset_password(who["admin"], "ana", "a temporary passphrase")
    ana = services.accounts.authenticate("ana", "a temporary passphrase")
    assert ana.must_change_password
    with pytest.raises(PasswordChangeNeeded, match="--user ana user password"):
        services.cases.create_draft(ana)
    assert events(services, "refused")[-1].details["why"] == "must_change_password"
    with pytest.raises(Refused, match="common"):
        services.accounts.change_password(ana, "a temporary passphrase", "password12345")
    with pytest.raises(Refused):
        services.accounts.change_password(ana, "a temporary passphrase", "a temporary passphrase")
    ana = services.accounts.change_password(ana, "a temporary passphrase", "my own passphrase")
    assert not ana.must_change_password
    services.cases.create_draft(ana)
    assert not services.accounts.authenticate("ana", "my own passphrase").must_change_password
    assert [e.details for e in events(services, "password_reset")] == [{}]
    assert [e.username for e in events(services, "password_change")] == ["ana"]


def test_a_wrong_present_password_changes_nothing_and_is_audited(services: Services) -> None:
    who = desk(services)
    before = users(services)
    with pytest.raises(NotAllowed):
        services.accounts.change_password(who["ana"], "not my password", "my own passphrase")
    assert users(services) == before
    assert events(services, "refused")[-1].details == {
        "call": "AccountService.change_password",
        "why": "wrong_old_password",
    }


def test_role_and_station_change_and_are_audited_with_codes(services: Services) -> None:
    who = desk(services)
    info = services.accounts.set_user(
        who["admin"], "ana", role=Role.SUPERVISOR, station_code="POR-01"
    )
    assert (info.role, info.station_code) == (Role.SUPERVISOR, "POR-01")
    [event] = [e for e in events(services, "user_set") if e.object_ref == "ana"]
    assert event.details == {
        "station_from": "LIS-01", "station_to": "POR-01",
        "role_from": "officer", "role_to": "supervisor",
    }  # fmt: skip
    with pytest.raises(Refused):
        services.accounts.set_user(who["admin"], "ana", station_code="FAR-01")


def test_the_last_active_administrator_stays(services: Services) -> None:
    who = desk(services)
    before = users(services)
    with pytest.raises(NotAllowed, match="your own account"):
        services.accounts.deactivate(who["admin"], "admin")
    with pytest.raises(NotAllowed, match="last active administrator"):
        services.accounts.set_user(who["admin"], "admin", role=Role.SUPERVISOR)
    assert users(services) == before
    assert [e.details["why"] for e in events(services, "refused")] == ["not_yourself", "last_admin"]
    # With a second administrator, the first may step down; the second then cannot.
    services.accounts.set_user(who["admin"], "boss", role=Role.ADMIN)
    boss = services.accounts.authenticate("boss", PW)
    services.accounts.set_user(who["admin"], "admin", role=Role.OFFICER)
    with pytest.raises(NotAllowed):
        services.accounts.set_user(boss, "boss", role=Role.OFFICER)


@pytest.mark.parametrize("role", ["ana", "boss", "dpo"])
def test_no_other_role_may_manage_accounts(services: Services, role: str) -> None:
    who = desk(services)
    before = users(services)
    actor = who[role]
    calls = [
        lambda: services.accounts.deactivate(actor, "admin"),
        lambda: services.accounts.reactivate(actor, "ana"),
        lambda: services.accounts.reset_password(actor, "admin", "a temporary passphrase"),
        lambda: services.accounts.set_user(actor, role, role=Role.ADMIN),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    assert users(services) == before
    refusals = [e for e in events(services, "refused") if e.username == role]
    assert [e.details["why"] for e in refusals] == ["role"] * len(calls)


def test_a_deactivated_administrators_session_can_change_nothing(services: Services) -> None:
    who = desk(services)
    services.accounts.set_user(who["admin"], "boss", role=Role.ADMIN)
    boss = services.accounts.authenticate("boss", PW)
    services.accounts.deactivate(who["admin"], "boss")
    before = users(services)
    with pytest.raises(SessionEnded):
        services.accounts.reset_password(boss, "admin", "a temporary passphrase")
    with pytest.raises(SessionEnded):
        services.accounts.reactivate(boss, "boss")
    assert users(services) == before


def test_the_policy_is_the_same_everywhere(services: Services) -> None:
    who = desk(services)
    before = users(services)
    for username, call in (
        ("ana", lambda pw: services.accounts.reset_password(who["admin"], "ana", pw)),
        ("ana", lambda pw: services.accounts.change_password(who["ana"], PW, pw)),
        ("eve", lambda pw: services.accounts.add_user(
            who["admin"], username="eve", full_name="Eve", role=Role.OFFICER, password=pw,
            station_code="LIS-01",
        )),
    ):  # fmt: skip
        for bad, code in (
            ("short one", "short_password"),
            ("x" * 257, "long_password"),
            (f"{username.upper()}-is-my-name-2026", "password_has_username"),
            ("Password1234", "common_password"),
        ):
            with pytest.raises(Refused) as refused:
                call(bad)
            assert [(i.code, i.field) for i in refused.value.issues] == [(code, "password")]
    assert users(services) == before


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(name=st.text(max_size=80), password=st.text(max_size=300))
def test_garbage_is_refused_without_a_traceback(
    sqlite_services: Services, name: str, password: str
) -> None:
    services = sqlite_services
    if services.accounts.needs_setup():
        desk(services)
    assume(name not in {"admin", "ana", "boss", "dpo"})
    admin = services.accounts.authenticate("admin", ADMIN_PW)
    before = users(services)
    for call in (
        lambda: services.accounts.deactivate(admin, name),
        lambda: services.accounts.reactivate(admin, name),
        lambda: services.accounts.reset_password(admin, name, password),
        lambda: services.accounts.set_user(admin, name, station_code=name),
    ):
        with pytest.raises(Refused):
            call()
    assert users(services) == before
