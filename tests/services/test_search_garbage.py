"""Any text typed into the search finds what a plain Python filter finds, and never crashes.

Runs on the bundled SQLite (the default), on the OS's SQLite through the stdlib module (Debian 12's
3.40.1 crashes in the FTS5 trigram index on "de lisboa" unless short words stay out of it), and on
PostgreSQL.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from app.domain.case import CaseQuery
from app.domain.text import normalise_for_search
from app.services import Services, open_services
from app.services.context import Actor
from app.storage import cases as repo
from app.storage.engine import make_engine, sqlite_version
from tests.conftest import CHEAP_HASHER, empty_postgresql
from tests.helpers import Clock
from tests.services.test_cases import EVERYTHING, add_case, sign_in

# What officers type into cases: short words, accents, emoji, quotes and LIKE's own wildcards.
CORPUS = [
    ("Rua de Lisboa 12", "Penha de França", "Shouted «vai para a tua terra» at her."),
    ("Rua da Palma 3", "Mouraria", "Graffiti 😀 and a swastika on the door."),
    ("Avenida da Liberdade", "Santo António", "He said 100% of them must go; user_88 posted it."),
    ("Largo do Intendente", "Intendente", "Scrawled a\\b and 'x' \"y\" on the wall. 👍🏽"),
    ("Praça da Figueira", "Baixa", "Insults in Arabic: مرحبا كلب. Spat at him."),
    ("Rua do Benformoso", "Anjos", "ÉÉ Łódź Straße ǅ ﬁnal: Київ."),
    ("", "", ""),
    ("de", "da", "e"),
]
VOCABULARY = sorted(
    {
        word
        for place, district, narrative in CORPUS
        for word in f"{place} {district} {narrative}".split()
    }
    | {"de", "da", "lis", "😀", "%", "_", "\\", "'", '"', "\x00", "\ud800", "a\x00b", "ção", "--"}
)

words = st.one_of(
    st.sampled_from(VOCABULARY),
    st.text(max_size=6),
    st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=4),
)
searches = st.one_of(
    st.lists(words, max_size=6).map(" ".join),
    st.text(max_size=30),
    st.lists(st.text(min_size=1, max_size=3), min_size=400, max_size=1000).map(" ".join),
)


def python_filter(text: str, rows: dict[str, str]) -> set[str]:
    """The reference: every word of the search occurs in the case's text, as normalised."""
    wanted = normalise_for_search(text).split()
    return {ref for ref, haystack in rows.items() if all(w in haystack for w in wanted)}


@pytest.fixture(params=["bundled", "stdlib", "postgresql"])
def searched(
    request: pytest.FixtureRequest, tmp_path: Path, sqlite_template: Path, clock: Clock
) -> Iterator[tuple[Services, Actor, dict[str, str]]]:
    if request.param == "postgresql":
        url: str = request.getfixturevalue("postgresql_url")
        empty_postgresql(url)
    else:
        path = tmp_path / "search.sqlite3"
        shutil.copy(sqlite_template, path)
        url = f"sqlite:///{path}"
    driver = None if request.param == "postgresql" else request.param
    built = open_services(url, clock=clock, hasher=CHEAP_HASHER, sqlite_driver=driver)
    built.demo.fill(0)
    rows = {}
    for place, district, narrative in CORPUS:
        reference = add_case(built, place=place, district=district, narrative=narrative)
        rows[reference] = normalise_for_search(f"{reference} {place} {district} {narrative}")
    yield built, sign_in(built, "admin"), rows
    built.close()


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(text=searches)
@example(text="de lisboa")
@example(text="Rua da Palma")
@example(text="😀")
@example(text="\x00")
@example(text="\ud800")
@example(text=" ".join(f"w{n}" for n in range(1000)))
@example(text="a " * 500 + "lisboa")
@example(text="%")
@example(text="_ \\ ' \"")
def test_search_finds_what_a_python_filter_finds(
    searched: tuple[Services, Actor, dict[str, str]], text: str
) -> None:
    services, admin, rows = searched
    query = CaseQuery(text=text)
    found = {r.reference for r in services.cases.list_cases(admin, query, EVERYTHING)}
    assert found == python_filter(text, rows)
    assert services.cases.count_cases(admin, query) == len(found)


def test_the_default_sqlite_is_the_bundled_current_one(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'v.sqlite3'}")
    major, minor = (int(part) for part in sqlite_version(engine).split(".")[:2])
    assert (major, minor) >= (3, 51)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT sqlite_version()").scalar() == sqlite_version(
            engine
        )


def test_words_inside_other_words_are_searched_once() -> None:
    assert repo.search_words("Lisboa lis  LISBOA de boa x") == ["de", "lisboa", "x"]
    assert repo.search_words("\x00 \ud800") == []


@pytest.mark.slow
def test_a_short_word_beside_a_long_one_does_not_crash_the_stdlib_sqlite(
    tmp_path: Path, sqlite_template: Path
) -> None:
    """In a child process: before the fix Debian 12's SQLite died with SIGSEGV here."""
    path = tmp_path / "crash.sqlite3"
    shutil.copy(sqlite_template, path)
    script = textwrap.dedent(
        f"""
        from app.domain.case import CaseQuery
        from app.services import open_services
        from tests.services.test_cases import add_case, sign_in
        services = open_services("sqlite:///{path}")
        services.demo.fill(0)
        add_case(services, place="Rua de Lisboa", narrative="Penha de França")
        admin = sign_in(services, "admin")
        for text in ("de lisboa", "Rua da Palma", "lisboa de"):
            print(services.cases.count_cases(admin, CaseQuery(text=text)))
        """
    )
    environment = os.environ | {"PROXIMITY_DESK_SQLITE": "stdlib"}
    result = subprocess.run(
        [sys.executable, "-c", script], env=environment, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["1", "0", "1"]
