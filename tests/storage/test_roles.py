"""PostgreSQL's two roles: the owner migrates; the program's role cannot change or remove an audit
event, nor get around the append-only triggers, and still does all the program's work."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError

from app.cli import main
from app.services import open_services
from app.services.errors import NotAllowed
from app.storage.engine import make_engine
from app.storage.roles import program_grants
from tests.conftest import CHEAP_HASHER, empty_postgresql
from tests.helpers import Clock

# Roles belong to the whole server: each pytest-xdist worker uses its own.
ROLE = f"desk_program_test_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"


def drop_role(engine: Engine) -> None:
    with engine.begin() as connection:
        if connection.execute(text(f"SELECT 1 FROM pg_roles WHERE rolname = '{ROLE}'")).first():
            connection.execute(text(f"DROP OWNED BY {ROLE}"))
            connection.execute(text(f"DROP ROLE {ROLE}"))


@pytest.fixture
def program_url(postgresql_url: str) -> Iterator[str]:
    """The test database, migrated by its owner, and a URL for the program's own role."""
    empty_postgresql(postgresql_url)
    owner = make_engine(postgresql_url)
    drop_role(owner)
    with owner.begin() as connection:
        connection.execute(text(f"CREATE ROLE {ROLE} LOGIN"))
    # The owner gives the grants, as the README says: `proximity-desk db grant ROLE`.
    assert main(["--db", postgresql_url, "db", "grant", ROLE]) == 0
    yield make_url(postgresql_url).set(username=ROLE).render_as_string(hide_password=False)
    drop_role(owner)
    owner.dispose()


ATTEMPTS = [
    "UPDATE audit_events SET reason = 'nothing'",
    "DELETE FROM audit_events",
    "TRUNCATE audit_events",
    "DROP TRIGGER audit_events_append_only ON audit_events",
    "ALTER TABLE audit_events DISABLE TRIGGER ALL",
    "DROP TABLE audit_events",
    "UPDATE alembic_version SET version_num = '0001'",
]


def test_the_program_role_works_but_cannot_rewrite_the_trail(
    program_url: str, clock: Clock
) -> None:
    services = open_services(program_url, clock=clock, hasher=CHEAP_HASHER)
    services.demo.fill(3)
    supervisor = services.accounts.authenticate("supervisor", "demo")
    events_before = services.audit.verify(supervisor).count
    engine = services.backend.engine
    for statement in ATTEMPTS:
        with (
            pytest.raises(DBAPIError, match=r"permission denied|must be owner"),
            engine.begin() as connection,
        ):
            connection.execute(text(statement))
    report = services.audit.verify(supervisor)
    assert report.intact
    assert report.count == events_before + 1  # the first check is itself an event
    services.close()


def test_a_role_name_is_never_pasted_into_sql_unchecked() -> None:
    with pytest.raises(ValueError, match="desk; DROP"):
        program_grants("desk; DROP TABLE cases")


def test_granting_is_for_postgresql(tmp_path: object, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--db", f"sqlite:///{tmp_path}/x.sqlite3", "db", "grant", "desk"]) == 2
    assert "PostgreSQL" in capsys.readouterr().err
    assert main(["--db", f"sqlite:///{tmp_path}/x.sqlite3", "db", "grant", "Desk;"]) == 2


def test_the_program_role_cannot_prune_the_owner_can(
    program_url: str, postgresql_url: str, clock: Clock,
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
) -> None:  # fmt: skip
    """Removing old audit events needs the owner: the program's role may neither write an anchor
    nor delete an event, through the services or the command line; refused, recorded, nothing
    changed."""
    from tests.services.test_audit_prune import years_of_events  # noqa: PLC0415

    services = open_services(program_url, clock=clock, hasher=CHEAP_HASHER)
    admin = years_of_events(services, clock)["admin"]
    count = services.audit.verify(admin).count
    with pytest.raises(NotAllowed) as refused:
        services.audit.prune(admin, 2014)
    assert refused.value.issues[0].code == "audit_prune_owner_only"
    monkeypatch.setenv("PROXIMITY_DESK_PASSWORD", "correct horse")
    command = ["--user", "admin", "audit", "prune", "--before-year", "2014"]
    assert main(["--db", program_url, *command]) == 1
    assert "owner" in capsys.readouterr().err
    report = services.audit.verify(admin)
    assert report.intact
    assert report.pruned is None
    assert report.count == count + 4  # the check, a sign-in, two refusals: nothing removed
    # The owner removes them (`proximity-desk --db OWNER_URL audit prune`).
    assert main(["--db", postgresql_url, *command]) == 0
    assert "removed" in capsys.readouterr().out
    report = services.audit.verify(admin)
    assert report.intact, report.findings
    assert report.pruned is not None
    services.close()
