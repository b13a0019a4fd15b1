"""What every service call on behalf of a user goes through, in one place:

- the account must still be active and not locked: deactivating or locking an account stops what
  an open session (a window left open, a script) can do at its next call;
- an account whose password an administrator reset does nothing but choose a new one (or sign
  out) until it has;
- a refused attempt is written to the audit trail: who, which call, which case (LED Art. 25).

Applied to a service class with `@guarded`; its public methods that take an `actor` are wrapped.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import select

from app.domain.validation import REFERENCE
from app.services import audit
from app.services.context import Actor, Backend
from app.services.errors import NotAllowed, PasswordChangeNeeded, PermissionDenied, SessionEnded
from app.storage.tables import User

ServiceT = TypeVar("ServiceT", bound=type)
# What an account that must change its password may still do.
WHILE_PASSWORD_RESET = frozenset({"AccountService.change_password", "AccountService.sign_out"})


def guarded(cls: ServiceT) -> ServiceT:
    for name, method in list(vars(cls).items()):
        if name.startswith("_") or not inspect.isfunction(method):
            continue
        if "actor" in inspect.signature(method).parameters:
            setattr(cls, name, _guard(f"{cls.__name__}.{name}", method))
    return cls


def _guard(call: str, method: Callable[..., Any]) -> Callable[..., Any]:
    signature = inspect.signature(method)

    @functools.wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        bound = signature.bind(self, *args, **kwargs)
        actor = bound.arguments.get("actor")
        if not isinstance(actor, Actor):  # e.g. the first account, made without one
            return method(self, *args, **kwargs)
        backend: Backend = self.backend
        try:
            _check_account(backend, actor, call)
            return method(self, *args, **kwargs)
        except (PermissionDenied, SessionEnded, NotAllowed, PasswordChangeNeeded) as refusal:
            _record_refusal(backend, actor, call, bound.arguments, refusal)
            raise

    return wrapper


def _check_account(backend: Backend, actor: Actor, call: str) -> None:
    with backend.reading() as session:
        row = session.execute(
            select(User.active, User.locked_until, User.must_change_password).where(
                User.id == actor.user_id
            )
        ).one_or_none()
    if row is None or not row.active:
        raise SessionEnded
    if row.locked_until is not None and row.locked_until > backend.clock():
        raise SessionEnded
    if row.must_change_password and call not in WHILE_PASSWORD_RESET:
        raise PasswordChangeNeeded(actor.username)


def _record_refusal(
    backend: Backend,
    actor: Actor,
    call: str,
    arguments: dict[str, Any],
    refusal: Exception,
) -> None:
    """Ids only: a case id, or a reference if it has the form of one (never free text)."""
    case_id = arguments.get("case_id")
    reference = arguments.get("reference")
    if isinstance(case_id, int):
        ref = str(case_id)
    elif isinstance(reference, str) and REFERENCE.match(reference):
        ref = reference
    else:
        ref = ""
    if isinstance(refusal, SessionEnded):
        why = "session_ended"
    elif isinstance(refusal, PasswordChangeNeeded):
        why = "must_change_password"
    elif isinstance(refusal, NotAllowed):
        why = ",".join(issue.code for issue in refusal.issues)
    else:
        why = "role"
    with backend.transaction() as session:
        audit.record(
            session, backend.clock(), actor.username, "refused", "case" if ref else "service",
            ref, details={"call": call, "why": why},
        )  # fmt: skip
