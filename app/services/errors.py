"""What a service refuses, worded for the person in front of the screen.

Messages never carry victim data: they may be shown to another user or end up in a report.
"""

from __future__ import annotations

from datetime import datetime

from app.domain.validation import Issue
from app.i18n import N_, _, format_datetime
from app.i18n.issues import describe


class ServiceError(Exception):
    """Base of every refusal a screen or the CLI shows as a message."""


class PermissionDenied(ServiceError):
    def __init__(self) -> None:
        super().__init__(_("Your role does not allow this."))


class NotFound(ServiceError):
    def __init__(self, what: object) -> None:
        super().__init__(_("There is no case {what}.").format(what=what))


class LoginRefused(ServiceError):
    def __init__(self, locked_until: datetime | None = None) -> None:
        self.locked_until = locked_until
        if locked_until is None:
            message = _("Wrong user name or password.")
        else:
            message = _(
                "This account is locked after too many wrong passwords. Try again after {time}."
            ).format(time=format_datetime(locked_until))
        super().__init__(message)


class Conflict(ServiceError):
    """Someone else saved the same case first."""

    def __init__(self, changed_by: str, changed_at: datetime) -> None:
        self.changed_by = changed_by
        self.changed_at = changed_at
        super().__init__(
            _("This case was changed by {name} at {time}. Reload it to see their changes.").format(
                name=changed_by, time=format_datetime(changed_at)
            )
        )


class BrokenProtocol(ServiceError):
    """A protocol pack file the program cannot use: names the file, the key and the problem."""


class Refused(ServiceError):
    """Input with problems: nothing was changed. One issue per problem."""

    def __init__(self, issues: list[Issue]) -> None:
        self.issues = issues
        super().__init__("\n".join(describe(issue) for issue in issues))


class DatabaseProblem(ServiceError):
    """The database failed an action, which was undone: nothing was half-written. Names the kind
    of problem and the database's own error code, never the statement or its values."""

    kind = N_("database error")

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(self.explain())

    def explain(self) -> str:
        return _(
            "The database reported an error ({code}). Nothing was changed. If it happens again, "
            "tell your administrator the code."
        ).format(code=self.code)


class DatabaseBusy(DatabaseProblem):
    """Another user's change held the database past the lock timeout."""

    kind = N_("database busy")

    def explain(self) -> str:
        return _(
            "The database is busy with another change ({code}). Nothing was lost: try again in "
            "a moment."
        ).format(code=self.code)


class DatabaseUnavailable(DatabaseProblem):
    """The database server or file cannot be reached (network, server down, file gone)."""

    kind = N_("database unreachable")

    def explain(self) -> str:
        return _(
            "The database cannot be reached ({code}). Nothing was changed: try again when the "
            "connection is back."
        ).format(code=self.code)


def database_problem(kind: str, code: str) -> DatabaseProblem:
    """The refusal for a database failure of this kind ("busy", "unavailable" or "error")."""
    kinds: dict[str, type[DatabaseProblem]] = {
        "busy": DatabaseBusy,
        "unavailable": DatabaseUnavailable,
    }
    return kinds.get(kind, DatabaseProblem)(code)
