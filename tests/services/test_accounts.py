"""Accounts: first start, signing in, lock-out, roles."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.domain.case import Role
from app.services import Services
from app.services.errors import LoginRefused, PermissionDenied, Refused
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


def test_five_wrong_passwords_lock_the_account_for_fifteen_minutes(
    services: Services, clock: Clock
) -> None:
    set_up(services)
    for _ in range(4):
        with pytest.raises(LoginRefused) as refused:
            services.accounts.authenticate("admin", "wrong")
        assert refused.value.locked_until is None
    with pytest.raises(LoginRefused) as refused:
        services.accounts.authenticate("admin", "wrong")
    assert refused.value.locked_until == clock.now + timedelta(minutes=15)
    clock.advance(minutes=14)
    with pytest.raises(LoginRefused) as refused:  # even the right password, while locked
        services.accounts.authenticate("admin", "correct horse")
    assert refused.value.locked_until is not None
    clock.advance(minutes=1, seconds=1)
    assert services.accounts.authenticate("admin", "correct horse").username == "admin"


def test_a_success_resets_the_count_of_wrong_passwords(services: Services) -> None:
    set_up(services)
    for _ in range(4):
        with pytest.raises(LoginRefused):
            services.accounts.authenticate("admin", "wrong")
    services.accounts.authenticate("admin", "correct horse")
    for _ in range(4):
        with pytest.raises(LoginRefused) as refused:
            services.accounts.authenticate("admin", "wrong")
        assert refused.value.locked_until is None


def test_unknown_user_is_refused_like_a_wrong_password(services: Services) -> None:
    set_up(services)
    with pytest.raises(LoginRefused) as refused:
        services.accounts.authenticate("nobody", "correct horse")
    assert str(refused.value) == "Wrong user name or password."


def test_only_an_administrator_adds_accounts(services: Services) -> None:
    set_up(services)
    admin = services.accounts.authenticate("admin", "correct horse")
    services.accounts.add_user(
        admin,
        username="officer1",
        full_name="Ana Ribeiro",
        role=Role.OFFICER,
        password="officer pass",
        station_code="LIS-01",
    )
    officer = services.accounts.authenticate("officer1", "officer pass")
    with pytest.raises(PermissionDenied):
        services.accounts.add_user(
            officer,
            username="officer2",
            full_name="Other",
            role=Role.OFFICER,
            password="officer pass",
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
        password="long enough", station_code="LIS-01",
    )  # fmt: skip
    assert services.accounts.authenticate("ana", "long enough").language == ""
