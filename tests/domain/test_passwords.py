"""The password policy: length, not the user name, not a common password."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from app import paths
from app.domain.passwords import MAX_LENGTH, MIN_LENGTH, password_issues, read_common

COMMON = read_common(
    (paths.resources() / "passwords" / "common.txt").read_text(encoding="utf-8").splitlines()
)


def codes(password: str, username: str = "ana") -> list[str]:
    return [issue.code for issue in password_issues(password, username, COMMON)]


def test_the_shipped_list_holds_thousands_of_common_passwords_of_every_length() -> None:
    assert len(COMMON) > 3000
    assert {"password", "123456", "qwerty123"} <= COMMON
    assert sum(len(p) >= MIN_LENGTH for p in COMMON) > 1000  # the ones the length lets through
    assert not any(p.startswith("#") for p in COMMON)


def test_length_from_12_to_256_characters() -> None:
    assert codes("x" * (MIN_LENGTH - 1)) == ["short_password"]
    assert codes("a calm river") == []  # 12
    assert codes("é" * MAX_LENGTH) == []
    assert codes("é" * (MAX_LENGTH + 1)) == ["long_password"]


def test_the_user_name_anywhere_in_any_case_is_refused() -> None:
    assert codes("my name is ANA and this is long", "ana") == ["password_has_username"]
    assert codes("Rita.Fonseca!2026", "rita.fonseca") == ["password_has_username"]
    assert codes("a calm river bank", "rita") == []


def test_a_common_password_is_refused_whatever_its_case() -> None:
    assert codes("Password1234") == ["common_password"]
    assert codes("QWERTYUIOP123") == ["common_password"]
    assert codes("1q2w3e4r5t6y") == ["common_password"]
    assert codes("password2026!") == ["common_password"]


def test_no_issue_ever_carries_the_password() -> None:
    for issue in password_issues("my name is ana ok", "ana", COMMON):
        assert "my name" not in repr(issue)


@given(st.text(max_size=300), st.text(max_size=70))
def test_any_text_gets_an_answer_and_never_leaks(password: str, username: str) -> None:
    issues = password_issues(password, username, COMMON)
    assert len(issues) <= 1
    if not issues:
        assert MIN_LENGTH <= len(password) <= MAX_LENGTH
        assert password.lower() not in COMMON
    for issue in issues:  # numbers only: never the password, nor part of it
        assert all(isinstance(value, int) for value in issue.params.values())
