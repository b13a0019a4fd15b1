"""The idle lock's rules in the services: only the locked user's own password unlocks, a wrong
one counts toward the sign-in lock-out, another user takes over only by signing in; every
refusal is audited and changes nothing else."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select, update

from app.services import Services
from app.services.errors import LoginRefused, SessionEnded
from app.storage.tables import AuditEvent, User
from tests.helpers import Clock


@pytest.fixture
def demo(services: Services) -> Services:
    services.demo.fill(3)
    return services


def trail(services: Services, after: int = 0) -> list[tuple[str, str, str, dict[str, object]]]:
    """(user, action, object, details) of every event after the id `after`, oldest first."""
    with services.backend.reading() as session:
        events = session.scalars(
            select(AuditEvent).where(AuditEvent.id > after).order_by(AuditEvent.id)
        )
        return [(e.username, e.action, e.object_ref, json.loads(e.details)) for e in events]


def last_id(services: Services) -> int:
    with services.backend.reading() as session:
        return session.scalar(select(func.max(AuditEvent.id))) or 0


def account(services: Services, username: str) -> tuple[int, object, bool]:
    with services.backend.reading() as session:
        user = session.scalar(select(User).where(User.username == username))
        assert user is not None
        return user.failed_logins, user.locked_until, user.active


def set_user(services: Services, username: str, **values: object) -> None:
    with services.backend.transaction() as session:
        session.execute(update(User).where(User.username == username).values(**values))


def test_lock_and_unlock_are_audited(demo: Services) -> None:
    officer = demo.accounts.authenticate("officer", "demo")
    start = last_id(demo)
    demo.accounts.lock_session(officer)
    demo.accounts.unlock(officer, "demo")
    assert trail(demo, start) == [
        ("officer", "session_locked", "officer", {}),
        ("officer", "session_unlocked", "officer", {}),
    ]


def test_a_wrong_password_does_not_unlock_and_counts_toward_the_lock_out(
    demo: Services, clock: Clock
) -> None:
    officer = demo.accounts.authenticate("officer", "demo")
    start = last_id(demo)
    for tries in range(1, 5):
        with pytest.raises(LoginRefused):
            demo.accounts.unlock(officer, "wrong")
        assert account(demo, "officer")[:2] == (tries, None)
    with pytest.raises(LoginRefused):
        demo.accounts.unlock(officer, "wrong")
    assert account(demo, "officer")[1] == clock.now + timedelta(minutes=15)
    # Locked out: even the right password does not unlock, and the refusal is audited.
    with pytest.raises(SessionEnded):
        demo.accounts.unlock(officer, "demo")
    events = trail(demo, start)
    assert [(u, a, d.get("why"), d.get("during")) for u, a, _o, d in events] == [
        *[("officer", "login_failed", "wrong_password", "unlock")] * 4,
        ("officer", "lock", None, None),
        ("officer", "login_failed", "wrong_password", "unlock"),
        ("officer", "refused", "session_ended", None),
    ]
    assert events[-1][3]["call"] == "AccountService.unlock"
    clock.advance(minutes=15, seconds=1)
    demo.accounts.unlock(officer, "demo")  # the lock-out is over: the password unlocks again


def test_sign_in_and_unlock_share_one_count(demo: Services) -> None:
    officer = demo.accounts.authenticate("officer", "demo")
    for _ in range(3):
        with pytest.raises(LoginRefused):
            demo.accounts.authenticate("officer", "wrong")
    for _ in range(2):
        with pytest.raises(LoginRefused):
            demo.accounts.unlock(officer, "wrong")
    assert account(demo, "officer")[1] is not None  # five in all: locked out


def test_another_user_s_password_does_not_unlock(demo: Services) -> None:
    officer = demo.accounts.authenticate("officer", "demo")
    demo.accounts.authenticate("supervisor", "demo")
    set_user(demo, "supervisor", password_hash=demo.backend.hasher.hash("supervisor's own"))
    with pytest.raises(LoginRefused):
        demo.accounts.unlock(officer, "supervisor's own")
    assert account(demo, "officer")[0] == 1


def test_a_deactivated_account_cannot_unlock_but_can_be_taken_over(demo: Services) -> None:
    officer = demo.accounts.authenticate("officer", "demo")
    set_user(demo, "officer", active=False)
    start = last_id(demo)
    with pytest.raises(SessionEnded):
        demo.accounts.unlock(officer, "demo")
    supervisor = demo.accounts.take_over(officer, "supervisor", "demo")
    assert supervisor.username == "supervisor"
    assert [(u, a, o) for u, a, o, _d in trail(demo, start)] == [
        ("officer", "refused", ""),
        ("supervisor", "login", "supervisor"),
        ("supervisor", "session_taken_over", "officer"),
    ]


def test_taking_over_needs_a_valid_sign_in_and_names_both(demo: Services) -> None:
    officer = demo.accounts.authenticate("officer", "demo")
    start = last_id(demo)
    with pytest.raises(LoginRefused):
        demo.accounts.take_over(officer, "supervisor", "wrong")
    with pytest.raises(LoginRefused):
        demo.accounts.take_over(officer, "nobody", "demo")
    set_user(demo, "admin", active=False)
    with pytest.raises(LoginRefused):
        demo.accounts.take_over(officer, "admin", "demo")
    assert [(u, a, o) for u, a, o, _d in trail(demo, start)] == [
        ("supervisor", "login_failed", "supervisor"),
        ("unknown user", "login_failed", "unknown user"),
        ("admin", "login_failed", "admin"),
    ]  # no session was taken over
    demo.accounts.take_over(officer, "supervisor", "demo")
    assert trail(demo)[-1][:3] == ("supervisor", "session_taken_over", "officer")


def test_the_locked_user_signing_in_again_only_unlocks(demo: Services) -> None:
    officer = demo.accounts.authenticate("officer", "demo")
    start = last_id(demo)
    assert demo.accounts.take_over(officer, "officer", "demo").user_id == officer.user_id
    assert [a for _u, a, _o, _d in trail(demo, start)] == ["login", "session_unlocked"]


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(typed=st.text(max_size=80).filter(lambda t: t != "demo"))
def test_garbage_typed_at_the_lock_never_unlocks_nor_leaks(demo: Services, typed: str) -> None:
    officer = demo.accounts.authenticate("officer", "demo")  # also resets the count
    set_user(demo, "officer", locked_until=None)
    start = last_id(demo)
    with pytest.raises((LoginRefused, SessionEnded)):
        demo.accounts.unlock(officer, typed)
    with pytest.raises(LoginRefused):
        demo.accounts.take_over(officer, typed, typed)
    events = trail(demo, start)
    assert [a for _u, a, _o, _d in events] == ["login_failed", "login_failed"]
    # Names of accounts and codes only, never the typed text.
    names = {"officer", "supervisor", "admin", "lmarques", "unknown user"}
    codes = {"wrong_password", "unknown_user", "inactive", "locked", "unlock"}
    assert all(u in names and o in names for u, _a, o, _d in events)
    assert all(set(d.values()) <= codes for _u, _a, _o, d in events)


@pytest.mark.parametrize("name", ["a\x00b", "\x00", "officer\x00"])
def test_a_nul_in_the_name_is_an_unknown_user_on_every_engine(demo: Services, name: str) -> None:
    """PostgreSQL refuses a NUL in a query: it reads as a wrong sign-in, not a database error."""
    officer = demo.accounts.authenticate("officer", "demo")
    with pytest.raises(LoginRefused):
        demo.accounts.take_over(officer, name, "demo")
    assert trail(demo)[-1][:3] == ("unknown user", "login_failed", "unknown user")
