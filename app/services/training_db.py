"""The training database: where it lives, and opening it for the user signed in to the real one.

It is an ordinary Proximity Desk database (same schema, migrated) marked training in its app_meta,
so the real wizard, services and printouts work on it unchanged. Nobody signs in to it: sign-in is
always against the real database, and at every entry the user's station and account are copied in
(the account without a password), with a directory of fictional services to practise referrals
on. Nothing is ever written back: the real database is only read, for the station and the user.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import TypeVar

from sqlalchemy import func, make_url, select
from sqlalchemy.orm import Session

from app.domain.case import ServiceKind
from app.domain.directory import ServiceEntry
from app.i18n import _
from app.services import Services, open_services
from app.services.accounts import actor_of
from app.services.audit import start_trail
from app.services.context import Actor
from app.services.directory import store
from app.services.errors import TrainingRefused
from app.services.marks import is_training
from app.services.training import mark_training
from app.storage import tables as t
from app.storage.engine import sqlite_file

T = TypeVar("T", t.Station, t.User)

# Made up, and saying so: a trainee practises referrals on them, and no real organisation's name,
# address or telephone lands in a practice case. One of each kind; the shelter's address is
# confidential, as a real shelter's is (never printed for the victim).
_CITY = "Fictional Town"
FICTIONAL_SERVICES: tuple[ServiceEntry, ...] = (
    ServiceEntry(
        "training-victim-support", "Brightwater Victim Support (fictional)",
        ServiceKind.VICTIM_SUPPORT, ("en", "fr", "ar"), (), _CITY, "1 Example Street",
        phone="+00 000 000 001", opening_hours="Mon–Fri 9–17",
    ),
    ServiceEntry(
        "training-legal-aid", "Lantern Legal Advice (fictional)", ServiceKind.LEGAL_AID,
        ("en",), (), _CITY, "2 Example Street", phone="+00 000 000 002",
    ),
    ServiceEntry(
        "training-psychological", "Quiet Harbour Counselling (fictional)",
        ServiceKind.PSYCHOLOGICAL, ("en", "es"), (), _CITY, "3 Example Street",
        phone="+00 000 000 003",
    ),
    ServiceEntry(
        "training-medical", "Meadowbank Clinic (fictional)", ServiceKind.MEDICAL, ("en",), (),
        _CITY, "4 Example Street", phone="+00 000 000 004", opening_hours="24 hours",
    ),
    ServiceEntry(
        "training-shelter", "Safe Roof Shelter (fictional)", ServiceKind.SHELTER, ("en", "ar"),
        (), _CITY, "5 Hidden Lane", address_confidential=True, phone="+00 000 000 005",
        opening_hours="24 hours",
    ),
    ServiceEntry(
        "training-interpreter", "Many Tongues Interpreting (fictional)", ServiceKind.INTERPRETER,
        ("ar", "fr", "ro", "ru", "uk"), (), _CITY, "", phone="+00 000 000 006",
    ),
    ServiceEntry(
        "training-equality-body", "Office for Fair Treatment (fictional)",
        ServiceKind.EQUALITY_BODY, ("en",), (), _CITY, "7 Example Street",
        phone="+00 000 000 007",
    ),
    ServiceEntry(
        "training-community", "Riverside Community Circle (fictional)",
        ServiceKind.COMMUNITY_ORGANISATION, ("en", "ar"), (), _CITY, "8 Example Street",
        phone="+00 000 000 008",
    ),
    ServiceEntry(
        "training-child-support", "Little Steps Child Support (fictional)",
        ServiceKind.CHILD_SUPPORT, ("en",), (), _CITY, "9 Example Street",
        phone="+00 000 000 009",
    ),
)  # fmt: skip


def open_training(real: Services, actor: Actor, url: str) -> tuple[Services, Actor]:
    """The training database's services, ready for `actor` (signed in to `real`), and the actor
    there. Creates and migrates a new one, encrypted with a key kept as the real one's is.
    Refuses a database that holds cases and is not marked training: a real database."""
    if _same_database(real, url):
        raise TrainingRefused(_("The training database cannot be the station's database."))
    with real.backend.reading() as session:
        user = session.scalar(select(t.User).where(t.User.username == actor.username))
        if user is None:
            raise TrainingRefused(_("The training database cannot be prepared for this user."))
        station = user.station
        station_code = station.code
        station_values = {
            "name": station.name, "address": station.address, "phone": station.phone,
            "email": station.email, "protocol_pack": station.protocol_pack,
            "country": station.country, "opening_hours": station.opening_hours,
            "language": station.language,
        }  # fmt: skip
        user_values = {"full_name": user.full_name, "role": user.role, "language": user.language}
    folder = sqlite_file(url)
    if folder is not None:  # its folder is the owner's only, as the real one's (app.config)
        folder.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    training = open_services(
        url,
        clock=real.backend.clock,
        audit_keys=real.backend.audit_keys.folder,
        database_keys=real.encryption.keys,
    )
    try:
        with training.backend.transaction() as session:
            _make_training(session)
            now = training.backend.clock()
            station_row = _upsert(
                session,
                session.scalar(select(t.Station).where(t.Station.code == station_code)),
                t.Station(code=station_code, created_at=now),
                station_values,
            )
            user_row = _upsert(
                session,
                session.scalar(select(t.User).where(t.User.username == actor.username)),
                t.User(username=actor.username, created_at=now),
                # nobody signs in here: sign-in is against the real database
                user_values | {
                    "station": station_row, "station_id": station_row.id, "password_hash": "",
                    "active": True, "must_change_password": False,
                },
            )  # fmt: skip
            for entry in FICTIONAL_SERVICES:
                store(session, entry, training.backend.clock())
            session.flush()
            trainee = actor_of(user_row)
    except BaseException:
        training.close()
        raise
    return training, trainee


@contextmanager
def training_opened(real: Services, actor: Actor, url: str) -> Iterator[tuple[Services, Actor]]:
    """`open_training` for one task (a trainer keeps an exercise there), closed after it."""
    training, trainee = open_training(real, actor, url)
    try:
        yield training, trainee
    finally:
        training.close()


def _same_database(real: Services, url: str) -> bool:
    real_url = real.backend.engine.url
    mine = make_url(url)
    if real_url.get_backend_name() == "sqlite" and mine.get_backend_name() == "sqlite":
        here, there = sqlite_file(real_url), sqlite_file(mine)
        if here is None or there is None:
            return False
        try:  # the same file under another name too: a hard link, a symbolic one
            return here.resolve() == there.resolve() or here.samefile(there)
        except OSError:  # the training file does not exist yet
            return False
    return bool(real_url.set(password=None) == mine.set(password=None))


def _make_training(session: Session) -> None:
    """Marks a new, empty database training; refuses one that holds cases or accounts and is not
    (a real database, maybe one whose station has recorded no case yet)."""
    if is_training(session):
        return
    if session.scalar(select(func.count()).select_from(t.Case)) or session.scalar(
        select(func.count()).select_from(t.User)
    ):
        raise TrainingRefused(
            _("This database holds cases and is not a training database: it is not used.")
        )
    mark_training(session)
    start_trail(session)  # its own sealed audit trail, before its first account


def _upsert(session: Session, row: T | None, new: T, values: Mapping[str, object]) -> T:
    """`row` (or `new`, added) with `values` set: the station or the account, copied again at
    every entry so that a change in the real database reaches training."""
    if row is None:
        row = new
        session.add(row)
    for key, value in values.items():
        setattr(row, key, value)
    session.flush()
    return row
