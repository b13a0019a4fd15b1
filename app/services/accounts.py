"""Stations, accounts and signing in. Role checks live here, not in the screens."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from functools import cached_property
from typing import NoReturn

from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app import paths
from app.domain.audit_actions import AuditAction
from app.domain.case import Role
from app.domain.passwords import password_issues, read_common
from app.domain.validation import STATION_CODE, USERNAME, Issue
from app.services import audit
from app.services.context import Actor, Backend
from app.services.errors import LoginRefused, NotAllowed, PermissionDenied, Refused
from app.services.guard import guarded
from app.storage.tables import Station, User

MAX_FAILED_LOGINS = 5
LOCK_DURATION = timedelta(minutes=15)
UNKNOWN_USER = "unknown user"  # who a sign-in with a name that has no account is logged as


@dataclass(frozen=True)
class UserInfo:
    id: int
    username: str
    full_name: str
    role: Role
    station_code: str
    active: bool
    locked_until: datetime | None
    must_change_password: bool


def actor_of(user: User) -> Actor:
    return Actor(
        user_id=user.id,
        username=user.username,
        full_name=user.full_name,
        role=Role(user.role),
        station_id=user.station_id,
        station_code=user.station.code,
        station_name=user.station.name,
        language=user.language,
        must_change_password=user.must_change_password,
    )


@guarded
class AccountService:
    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        # Verified against when the user name is unknown, so both cases take as long.
        self._dummy_hash = backend.hasher.hash("not a password")

    def needs_setup(self) -> bool:
        """True on first start: the database has no user yet."""
        with self.backend.reading() as session:
            return session.scalar(select(func.count()).select_from(User)) == 0

    def set_up(
        self,
        *,
        station_code: str,
        station_name: str,
        username: str,
        full_name: str,
        password: str,
        protocol_pack: str = "eu-baseline",
    ) -> Actor:
        """Creates the station and its first administrator; refused once any user exists."""
        issues = self._station_issues(station_code, station_name)
        issues += self._user_issues(username, full_name)
        issues += self.password_issues(password, username)
        if protocol_pack not in self.backend.packs:
            issues.append(
                Issue("not_one_of", "protocol_pack", {"allowed": ", ".join(self.backend.packs)})
            )
        if issues:
            raise Refused(issues)
        with self.backend.transaction() as session:
            if session.scalar(select(func.count()).select_from(User)):
                raise Refused([Issue("setup_done", "", {})])
            audit.start_trail(session)
            station = session.scalar(select(Station).where(Station.code == station_code))
            if station is None:
                station = Station(
                    code=station_code,
                    name=station_name,
                    protocol_pack=protocol_pack,
                    created_at=self.backend.clock(),
                )
                session.add(station)
                session.flush()
            user = self._new_user(session, station, username, full_name, Role.ADMIN, password)
            audit.record(session, self.backend.clock(), username, "setup", "station", station_code)
            return actor_of(user)

    def add_user(
        self,
        actor: Actor | None,
        *,
        username: str,
        full_name: str,
        role: Role,
        password: str,
        station_code: str,
        station_name: str = "",
        badge_number: str = "",
    ) -> UserInfo:
        """An administrator adds an account. Without an actor (the CLI on an empty database) the
        first account must be an administrator, and its station is created."""
        if actor is not None:
            actor.require(Role.ADMIN)
        issues = self._user_issues(username, full_name)
        issues += self.password_issues(password, username)
        if not STATION_CODE.match(station_code):
            issues.append(Issue("bad_station_code", "station", {"value": station_code}))
        if issues:
            raise Refused(issues)
        with self.backend.transaction() as session:
            if actor is None and session.scalar(select(func.count()).select_from(User)):
                raise Refused([Issue("sign_in_needed", "", {})])
            if actor is None and role is not Role.ADMIN:
                raise Refused([Issue("first_user_admin", "role", {})])
            if actor is None:
                audit.start_trail(session)
            if session.scalar(select(User.id).where(User.username == username)):
                raise Refused([Issue("username_taken", "username", {"username": username})])
            station = session.scalar(select(Station).where(Station.code == station_code))
            if station is None:
                if actor is not None:
                    raise Refused([Issue("unknown_station", "station", {"value": station_code})])
                station = Station(
                    code=station_code,
                    name=station_name or station_code,
                    created_at=self.backend.clock(),
                )
                session.add(station)
                session.flush()
            user = self._new_user(session, station, username, full_name, role, password)
            user.badge_number = badge_number
            by = actor.username if actor else username
            audit.record(session, self.backend.clock(), by, "create", "user", username)
            return self._info(user)

    def authenticate(self, username: str, password: str) -> Actor:
        """Signs in. Five wrong passwords in a row lock the account for 15 minutes. Every refusal
        is audited; an unknown name as "unknown user", never the typed text (it may be a
        password typed into the wrong field)."""
        now = self.backend.clock()
        name = username.strip()
        with self.backend.transaction() as session:
            # A name no account can have is not looked up (PostgreSQL refuses a NUL in a query).
            user = None
            if USERNAME.match(name):
                user = session.scalar(select(User).where(User.username == name))
            if user is None or not user.active or not user.password_hash:
                self._verify(self._dummy_hash, password)
                self._refuse(session, user, "unknown_user" if user is None else "inactive")
            assert user is not None
            if user.locked_until is not None and user.locked_until > now:
                self._refuse(session, user, "locked")
            if not self._verify(user.password_hash, password):
                self._count_wrong_password(session, user, now)
                self._refuse(session, user, "wrong_password")
            user.failed_logins = 0
            user.locked_until = None
            if self.backend.hasher.check_needs_rehash(user.password_hash):
                user.password_hash = self.backend.hasher.hash(password)
            audit.record(session, now, user.username, "login", "user", user.username)
            return actor_of(user)

    @staticmethod
    def _count_wrong_password(session: Session, user: User, now: datetime) -> None:
        user.failed_logins += 1
        if user.failed_logins >= MAX_FAILED_LOGINS:
            user.locked_until = now + LOCK_DURATION
            user.failed_logins = 0
            audit.record(session, now, user.username, "lock", "user", user.username)

    def _refuse(
        self, session: Session, user: User | None, why: str, *, during: str = ""
    ) -> NoReturn:
        name = user.username if user is not None else UNKNOWN_USER
        details: dict[str, object] = {"why": why}
        if during:
            details["during"] = during  # "unlock": typed at a locked window, not at sign-in
        audit.record(
            session, self.backend.clock(), name, "login_failed", "user", name, details=details
        )
        session.commit()  # the refusal and the counter are kept although the sign-in fails
        raise LoginRefused

    def check_session(self, actor: Actor) -> None:
        """Refuses, audited, what the guard refuses (a deactivated or locked account, a password
        to change first): for a command line that signs in before it does anything."""

    def sign_out(self, actor: Actor) -> None:
        """Records the end of a session (File > Sign out)."""
        with self.backend.transaction() as session:
            audit.record(
                session, self.backend.clock(), actor.username, "logout", "user", actor.username
            )

    # ------------------------------------------------------------------ the idle lock

    def lock_session(self, actor: Actor) -> None:
        """Records that the session's window locked itself after the idle time."""
        with self.backend.transaction() as session:
            audit.record(
                session, self.backend.clock(), actor.username, AuditAction.SESSION_LOCKED, "user",
                actor.username,
            )  # fmt: skip

    def unlock(self, actor: Actor, password: str) -> None:
        """The locked session's own user types their password again. A wrong one counts toward
        the lock-out as at sign-in; a deactivated or locked account is refused (by the guard)."""
        now = self.backend.clock()
        with self.backend.transaction() as session:
            user = session.get(User, actor.user_id)
            assert user is not None  # the guard refused a missing account
            if not self._verify(user.password_hash, password):
                self._count_wrong_password(session, user, now)
                self._refuse(session, user, "wrong_password", during="unlock")
            user.failed_logins = 0
            audit.record(
                session, now, actor.username, AuditAction.SESSION_UNLOCKED, "user", actor.username
            )

    def take_over(self, locked: Actor, username: str, password: str) -> Actor:
        """Another user signs in at a locked workstation: the locked session ends, and the
        event names both. (Not `actor`: a deactivated account's session can be taken over.)"""
        actor = self.authenticate(username, password)
        # The locked user signing in again at this form only unlocks their session.
        action = AuditAction.SESSION_UNLOCKED
        if actor.user_id != locked.user_id:
            action = AuditAction.SESSION_TAKEN_OVER
        with self.backend.transaction() as session:
            audit.record(
                session, self.backend.clock(), actor.username, action, "user", locked.username
            )
        return actor

    def set_language(self, actor: Actor, code: str) -> Actor:
        """Remembers the user's screen language for their next sign-in, on any workstation."""
        with self.backend.transaction() as session:
            user = session.get(User, actor.user_id)
            if user is None or not user.active:
                raise PermissionDenied
            user.language = code
        return replace(actor, language=code)

    def list_users(self, actor: Actor) -> list[UserInfo]:
        actor.require(Role.ADMIN, Role.SUPERVISOR)
        with self.backend.reading() as session:
            return [self._info(u) for u in session.scalars(select(User).order_by(User.username))]

    # ------------------------------------------------------------------ administrators' changes
    # Each is refused on what would leave the station without an active administrator, and
    # audited with the account's name and codes only. An account is never erased: its name stays
    # in the cases' histories and the audit trail.

    def password_issues(self, password: str, username: str) -> list[Issue]:
        """The password policy (app.domain.passwords), for the screens to check as one types."""
        return password_issues(password, username, self._common_passwords)

    def deactivate(self, actor: Actor, username: str) -> UserInfo:
        """The account can no longer sign in; an open session of it stops at its next action."""
        actor.require(Role.ADMIN)
        with self.backend.transaction() as session:
            user = self._user(session, username)
            if user.id == actor.user_id:
                raise NotAllowed([Issue("not_yourself", "", {})])
            if user.active and user.role == Role.ADMIN:
                self._keep_an_admin(session, user)
            user.active = False
            self._record(session, actor, AuditAction.USER_DEACTIVATE, user)
            return self._info(user)

    def reactivate(self, actor: Actor, username: str) -> UserInfo:
        actor.require(Role.ADMIN)
        with self.backend.transaction() as session:
            user = self._user(session, username)
            user.active = True
            user.failed_logins = 0
            user.locked_until = None  # the administrator vouches for the person: unlocked too
            self._record(session, actor, AuditAction.USER_REACTIVATE, user)
            return self._info(user)

    def reset_password(self, actor: Actor, username: str, password: str) -> UserInfo:
        """A temporary password the administrator hands over; the user must change it at their
        next sign-in. Unlocks the account."""
        actor.require(Role.ADMIN)
        with self.backend.transaction() as session:
            user = self._user(session, username)
            issues = self.password_issues(password, user.username)
            if issues:
                raise Refused(issues)
            user.password_hash = self.backend.hasher.hash(password)
            user.must_change_password = True
            user.failed_logins = 0
            user.locked_until = None
            self._record(session, actor, AuditAction.PASSWORD_RESET, user)
            return self._info(user)

    def set_user(
        self,
        actor: Actor,
        username: str,
        *,
        role: Role | None = None,
        station_code: str | None = None,
    ) -> UserInfo:
        """Changes an account's role and/or station."""
        actor.require(Role.ADMIN)
        with self.backend.transaction() as session:
            user = self._user(session, username)
            details: dict[str, object] = {}
            if station_code is not None and station_code != user.station.code:
                station = session.scalar(select(Station).where(Station.code == station_code))
                if station is None:
                    raise Refused([Issue("unknown_station", "station", {"value": station_code})])
                details |= {"station_from": user.station.code, "station_to": station.code}
                user.station = station
            if role is not None and role != user.role:
                if user.active and user.role == Role.ADMIN:
                    self._keep_an_admin(session, user)
                details |= {"role_from": user.role, "role_to": role.value}
                user.role = role.value
            if details:
                self._record(session, actor, AuditAction.USER_SET, user, details)
            return self._info(user)

    def change_password(self, actor: Actor, old: str, new: str) -> Actor:
        """A user changes their own password (also the one an administrator reset)."""
        with self.backend.transaction() as session:
            user = session.get(User, actor.user_id)
            if user is None or not user.active:
                raise PermissionDenied
            if not self._verify(user.password_hash, old):
                raise NotAllowed([Issue("wrong_old_password", "", {})])
            issues = self.password_issues(new, user.username)
            if self._verify(user.password_hash, new):
                issues.append(Issue("same_password", "password", {}))
            if issues:
                raise Refused(issues)
            user.password_hash = self.backend.hasher.hash(new)
            user.must_change_password = False
            self._record(session, actor, AuditAction.PASSWORD_CHANGE, user)
        return replace(actor, must_change_password=False)

    # ------------------------------------------------------------------ helpers

    @cached_property
    def _common_passwords(self) -> frozenset[str]:
        path = paths.resources() / "passwords" / "common.txt"
        with path.open(encoding="utf-8") as lines:
            return read_common(lines)

    @staticmethod
    def _user(session: Session, username: str) -> User:
        user = session.scalar(select(User).where(User.username == username))
        if user is None:
            raise Refused([Issue("unknown_user", "username", {"username": username})])
        return user

    @staticmethod
    def _keep_an_admin(session: Session, user: User) -> None:
        """Refused when `user` is the last active administrator. Their rows are locked on
        PostgreSQL, so that two administrators cannot each remove the other at once."""
        others = session.scalars(
            select(User.id)
            .where(User.role == Role.ADMIN.value, User.active, User.id != user.id)
            .with_for_update()
        ).all()
        if not others:
            raise NotAllowed([Issue("last_admin", "", {})])

    def _record(
        self,
        session: Session,
        actor: Actor,
        action: AuditAction,
        user: User,
        details: dict[str, object] | None = None,
    ) -> None:
        audit.record(
            session, self.backend.clock(), actor.username, action, "user", user.username,
            details=details,
        )  # fmt: skip

    def _verify(self, password_hash: str, password: str) -> bool:
        try:
            return self.backend.hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    def _new_user(
        self,
        session: Session,
        station: Station,
        username: str,
        full_name: str,
        role: Role,
        password: str,
    ) -> User:
        user = User(
            username=username,
            full_name=full_name,
            role=role.value,
            station=station,
            password_hash=self.backend.hasher.hash(password),
            active=True,
            failed_logins=0,
            created_at=self.backend.clock(),
        )
        session.add(user)
        session.flush()
        return user

    @staticmethod
    def _info(user: User) -> UserInfo:
        return UserInfo(
            id=user.id,
            username=user.username,
            full_name=user.full_name,
            role=Role(user.role),
            station_code=user.station.code,
            active=user.active,
            locked_until=user.locked_until,
            must_change_password=user.must_change_password,
        )

    @staticmethod
    def _station_issues(code: str, name: str) -> list[Issue]:
        issues = []
        if not STATION_CODE.match(code):
            issues.append(Issue("bad_station_code", "station_code", {"value": code}))
        if not name.strip():
            issues.append(Issue("required", "station_name", {}))
        return issues

    @staticmethod
    def _user_issues(username: str, full_name: str) -> list[Issue]:
        issues = []
        if not USERNAME.match(username):
            issues.append(Issue("bad_username", "username", {}))
        if not full_name.strip():
            issues.append(Issue("required", "full_name", {}))
        return issues
