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
    """One message for every refused sign-in: a wrong password, an unknown name, a locked or a
    deactivated account look the same, so that nobody learns which names exist."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "Wrong user name or password, or the account is locked. After {n} wrong passwords"
                " an account is locked for {minutes} minutes; an administrator can help sooner."
            ).format(n=5, minutes=15)
        )


class SessionEnded(ServiceError):
    """The account of an open session was deactivated or locked since it signed in."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "Your account has been deactivated or locked since you signed in: nothing more can"
                " be done in this session. Ask an administrator."
            )
        )


class PasswordChangeNeeded(ServiceError):
    """An administrator reset this account's password: nothing else until the user chose one."""

    def __init__(self, username: str) -> None:
        super().__init__(
            _(
                "An administrator has reset your password: choose a new one before anything else"
                " (on the command line: proximity-desk --user {name} user password)."
            ).format(name=username)
        )


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


class NotAllowed(Refused):
    """The case's workflow refuses this action to this person now (role, state, four eyes, a
    missing reason): a refused attempt, recorded as such."""


class AuditKeyMissing(ServiceError):
    """The key that seals this database's audit trail is not on this workstation."""

    def __init__(self, key_id: str, folder: object) -> None:
        super().__init__(
            _(
                "The audit trail of this database is sealed with key {key_id}, which is not on this"
                " workstation. Copy the file {key_id}.key from a workstation of the station into"
                " {folder} (readable by this account only)."
            ).format(key_id=key_id, folder=folder)
        )


class AuditKeyExposed(ServiceError):
    """A key file that other accounts can read is refused: they could forge the trail."""

    def __init__(self, path: object) -> None:
        super().__init__(
            _(
                "The audit key file {file} can be read by other accounts. Make it readable by this"
                " account only (chmod 600) and try again."
            ).format(file=path)
        )


class AuditTrailBroken(ServiceError):
    """The trail's sealed head is gone from a database that holds records: nothing more can be
    recorded, so nothing more may be done, until the database is restored."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "The audit trail of this database has been removed or replaced, so nothing can be"
                " recorded. Run 'proximity-desk audit verify' and restore the database from a"
                " backup."
            )
        )


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


class TrainingRefused(ServiceError):
    """Training asked of the wrong database, or of an attempt or exercise that is not there."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
