"""The password policy, the same for every way a password is set (first start, a new account, an
administrator's reset, a user's own change; in the program and on the command line).

NIST SP 800-63B (5.1.1.2): length is what makes a memorised secret strong, not rules about
character classes; refuse the ones attackers try first (known-breached and common passwords,
the user's own name) and nothing else, and allow long passphrases.
"""

from __future__ import annotations

from collections.abc import Iterable

from app.domain.validation import Issue

MIN_LENGTH = 12
# Long enough for any passphrase; the hasher (Argon2) takes it whole, so a longer one is refused
# rather than cut.
MAX_LENGTH = 256


def read_common(lines: Iterable[str]) -> frozenset[str]:
    """The common-password list from its file: one a line, lower-cased; # starts a comment."""
    return frozenset(
        line.strip().lower() for line in lines if line.strip() and not line.startswith("#")
    )


def password_issues(
    password: str, username: str, common: frozenset[str], field: str = "password"
) -> list[Issue]:
    """What is wrong with this password for this user; empty when it may be used. Never puts the
    password into an issue: issues are shown and may be logged."""
    if len(password) < MIN_LENGTH:
        return [Issue("short_password", field, {"min": MIN_LENGTH})]
    if len(password) > MAX_LENGTH:
        return [Issue("long_password", field, {"max": MAX_LENGTH})]
    lowered = password.lower()
    name = username.strip().lower()
    if name and name in lowered:
        return [Issue("password_has_username", field, {})]
    if lowered in common or lowered.strip() in common:
        return [Issue("common_password", field, {})]
    return []
