"""Accounts: first start, signing in, lock-out, roles."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select, text

from app.domain.case import Role
from app.services import Services
from app.services.errors import LoginRefused, PermissionDenied, Refused
from app.storage.tables import AuditEvent, User
from tests.helpers import Clock


def set_up(services: Services) -> None:
    services.accounts.set_up(
        station_code="LIS-01",
        station_name="Lisbon Centre",
        username="admin",
        full_name="Rita Fonseca",
        password="correct horse",
    )


def test_first_start_creates_station_and_administrator(services: Services) -> None:
    assert services.accounts.needs_setup()
    set_up(services)
    assert not services.accounts.needs_setup()
    actor = services.accounts.authenticate("admin", "correct horse")
    assert (actor.role, actor.station_code, actor.station_name) == (
        Role.ADMIN,
        "LIS-01",
        "Lisbon Centre",
    )
    with pytest.raises(Refused):  # a second set-up would add a second administrator unasked
        set_up(services)


def test_setup_refuses_bad_input_with_one_issue_per_field(services: Services) -> None:
    with pytest.raises(Refused) as refused:
        services.accounts.set_up(
            station_code="lisbon", station_name=" ", username="A", full_name="", password="short"
        )
    fields = sorted(issue.field for issue in refused.value.issues)
    assert fields == ["full_name", "password", "station_code", "station_name", "username"]
    assert services.accounts.needs_setup()  # nothing was written


def locked_until(services: Services, username: str) -> datetime | None:
    with services.backend.reading() as session:
        return session.scalar(select(User.locked_until).where(User.username == username))


def sign_in_events(services: Services) -> list[tuple[str, str, str]]:
    """(action, user name, why) of every sign-in event, oldest first."""
    with services.backend.reading() as session:
        events = session.scalars(
            select(AuditEvent)
            .where(AuditEvent.action.in_(["login", "login_failed", "lock"]))
            .order_by(AuditEvent.id)
        )
        return [(e.action, e.username, json.loads(e.details).get("why", "")) for e in events]


def test_five_wrong_passwords_lock_the_account_for_fifteen_minutes(
    services: Services, clock: Clock
) -> None:
    set_up(services)
    for _ in range(4):
        with pytest.raises(LoginRefused):
            services.accounts.authenticate("admin", "wrong")
        assert locked_until(services, "admin") is None
    with pytest.raises(LoginRefused):
        services.accounts.authenticate("admin", "wrong")
    assert locked_until(services, "admin") == clock.now + timedelta(minutes=15)
    clock.advance(minutes=14)
    with pytest.raises(LoginRefused):  # even the right password, while locked
        services.accounts.authenticate("admin", "correct horse")
    clock.advance(minutes=1, seconds=1)
    assert services.accounts.authenticate("admin", "correct horse").username == "admin"
    assert sign_in_events(services) == [
        *[("login_failed", "admin", "wrong_password")] * 4,
        ("lock", "admin", ""),
        ("login_failed", "admin", "wrong_password"),
        ("login_failed", "admin", "locked"),
        ("login", "admin", ""),
    ]


def test_a_success_resets_the_count_of_wrong_passwords(services: Services) -> None:
    set_up(services)
    for _ in range(4):
        with pytest.raises(LoginRefused):
            services.accounts.authenticate("admin", "wrong")
    services.accounts.authenticate("admin", "correct horse")
    for _ in range(4):
        with pytest.raises(LoginRefused):
            services.accounts.authenticate("admin", "wrong")
    assert locked_until(services, "admin") is None


def test_every_refused_sign_in_reads_the_same(services: Services, clock: Clock) -> None:
    """Unknown, wrong password, locked, deactivated: nobody learns which names exist."""
    set_up(services)
    messages = set()
    for username, password in [("nobody", "correct horse"), ("admin", "wrong")]:
        with pytest.raises(LoginRefused) as refused:
            services.accounts.authenticate(username, password)
        messages.add(str(refused.value))
    for _ in range(5):
        with pytest.raises(LoginRefused) as refused:
            services.accounts.authenticate("admin", "wrong")
    with pytest.raises(LoginRefused) as refused:
        services.accounts.authenticate("admin", "correct horse")
    messages.add(str(refused.value))
    assert len(messages) == 1
    assert "locked" in messages.pop()


def test_an_unknown_name_is_logged_as_unknown_user_never_as_typed(services: Services) -> None:
    set_up(services)
    typed = "correct horse battery"  # a password typed into the name field
    with pytest.raises(LoginRefused):
        services.accounts.authenticate(typed, "x")
    assert sign_in_events(services)[-1] == ("login_failed", "unknown user", "unknown_user")
    with services.backend.engine.connect() as connection:
        trail = " ".join(
            str(value)
            for row in connection.execute(text("SELECT * FROM audit_events"))
            for value in row
        )
    assert "battery" not in trail


def test_only_an_administrator_adds_accounts(services: Services) -> None:
    set_up(services)
    admin = services.accounts.authenticate("admin", "correct horse")
    services.accounts.add_user(
        admin,
        username="officer1",
        full_name="Ana Ribeiro",
        role=Role.OFFICER,
        password="a patrol passphrase",
        station_code="LIS-01",
    )
    officer = services.accounts.authenticate("officer1", "a patrol passphrase")
    with pytest.raises(PermissionDenied):
        services.accounts.add_user(
            officer,
            username="officer2",
            full_name="Other",
            role=Role.OFFICER,
            password="a patrol passphrase",
            station_code="LIS-01",
        )
    with pytest.raises(PermissionDenied):
        services.accounts.list_users(officer)
    assert [u.username for u in services.accounts.list_users(admin)] == ["admin", "officer1"]


def test_the_screen_language_is_remembered_per_user(services: Services) -> None:
    set_up(services)
    admin = services.accounts.authenticate("admin", "correct horse")
    assert admin.language == ""  # never chosen: the workstation's setting applies
    assert services.accounts.set_language(admin, "bg").language == "bg"
    assert services.accounts.authenticate("admin", "correct horse").language == "bg"
    services.accounts.add_user(
        admin, username="ana", full_name="Ana Ribeiro", role=Role.OFFICER,
        password="long enough now", station_code="LIS-01",
    )  # fmt: skip
    assert services.accounts.authenticate("ana", "long enough now").language == ""
