"""The access table (app.domain.access): which cases each role opens, how it sees the special
categories in each use, and the redaction that never lets a hidden value overwrite a real one."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain import access
from app.domain import case as d
from app.domain.access import HIDDEN, Scope, Special, Use
from tests.helpers import record

VICTIM = d.Person(key="P1", role=d.PersonRole.VICTIM, name="Amira", religion="Muslim", health="")
WITNESS = d.Person(key="P2", role=d.PersonRole.WITNESS, name="Joao", ethnicity="Roma")
CASE = record(
    persons=(VICTIM, WITNESS),
    reviews=(
        d.Review(
            decision=d.ReviewDecision.SUPPLEMENT,
            reviewer="sam",
            at=record().created_at,
            changes=(
                d.FieldChange("persons[0].religion", "", "Muslim"),
                d.FieldChange("persons[1].ethnicity", "Roma", ""),
                d.FieldChange("persons[0].name", "A.", "Amira"),
            ),
        ),
    ),
)


def test_the_table_covers_every_role() -> None:
    assert set(access.TABLE) == set(d.Role)


@pytest.mark.parametrize(
    ("role", "scope", "screen", "printed", "exported", "figures"),
    [
        (d.Role.OFFICER, Scope.STATION, Special.ON_REVEAL, Special.FULL, Special.NONE, Scope.NONE),
        (d.Role.SUPERVISOR, Scope.STATION, Special.ON_REVEAL, Special.FULL, Special.FULL,
         Scope.STATION),
        (d.Role.ADMIN, Scope.ALL, Special.EXISTS, Special.EXISTS, Special.EXISTS, Scope.ALL),
        (d.Role.DATA_PROTECTION_OFFICER, Scope.NONE, Special.EXISTS, Special.FULL, Special.FULL,
         Scope.NONE),
    ],
)  # fmt: skip
def test_the_table(
    role: d.Role, scope: Scope, screen: Special, printed: Special, exported: Special,
    figures: Scope,
) -> None:  # fmt: skip
    assert access.case_scope(role) is scope
    assert access.statistics_scope(role) is figures
    assert access.special_access(role, Use.SCREEN) is screen
    assert access.special_access(role, Use.PRINT) is printed
    assert access.special_access(role, Use.EXPORT) is exported
    for use, level in ((Use.SCREEN, screen), (Use.PRINT, printed), (Use.EXPORT, exported)):
        assert access.may_see_special(role, use) is (level in (Special.FULL, Special.ON_REVEAL))


def test_which_cases_a_role_opens() -> None:
    officer, admin, dpo = d.Role.OFFICER, d.Role.ADMIN, d.Role.DATA_PROTECTION_OFFICER
    assert access.may_open(officer, 1, 1, escalated_to_me=False)
    assert not access.may_open(officer, 1, 2, escalated_to_me=False)
    assert access.may_open(d.Role.SUPERVISOR, 1, 2, escalated_to_me=True)
    assert access.may_open(admin, 1, 2, escalated_to_me=False)
    # The data-protection officer opens no case for work, not even one of their station.
    assert not access.may_open(dpo, 1, 1, escalated_to_me=True)


def test_redact_hides_each_recorded_value_and_leaves_empty_ones_empty() -> None:
    hidden = access.redact(CASE)
    victim, witness = hidden.persons
    assert (victim.religion, victim.health, victim.name) == (HIDDEN, "", "Amira")
    assert (witness.ethnicity, witness.religion) == (HIDDEN, "")
    assert access.hidden_fields(CASE) == ("persons[0].religion", "persons[1].ethnicity")
    # The history's changes of a special value are hidden too; the others stay.
    assert [(c.before, c.after) for c in hidden.reviews[0].changes] == [
        ("", HIDDEN),
        (HIDDEN, ""),
        ("A.", "Amira"),
    ]
    assert access.carries_hidden(hidden)
    assert not access.carries_hidden(CASE)
    assert "Muslim" not in repr(hidden)
    assert "Roma" not in repr(hidden)


def test_a_record_without_special_values_is_the_same_redacted() -> None:
    plain = record(persons=(replace(VICTIM, religion=""),))
    assert access.redact(plain) == plain
    assert access.hidden_fields(plain) == ()


def test_keep_hidden_puts_the_stored_values_back() -> None:
    edited = access.redact(CASE)
    edited = replace(
        edited,
        persons=(
            replace(edited.persons[0], name="Amira B.", health="asthma"),
            edited.persons[1],
            d.Person(key="P3", role=d.PersonRole.WITNESS, disability=HIDDEN),
        ),
    )
    kept = access.keep_hidden(edited, CASE)
    victim, witness, newcomer = kept.persons
    assert (victim.name, victim.religion, victim.health) == ("Amira B.", "Muslim", "asthma")
    assert witness.ethnicity == "Roma"
    assert newcomer.disability == ""  # nobody stored: the marker is not a value
    assert access.keep_hidden(CASE, None) == CASE  # nothing hidden: unchanged
    assert access.keep_hidden(access.redact(CASE), None).persons[0].religion == ""


@given(st.text(max_size=30), st.sampled_from(sorted(d.SPECIAL_CATEGORY_FIELDS)))
def test_a_hidden_value_never_reaches_a_saved_record(value: str, name: str) -> None:
    stored = record(persons=(replace(VICTIM, **{name: value}),))
    saved = access.keep_hidden(access.redact(stored), stored)
    assert saved == stored
    assert not access.carries_hidden(saved) or value == HIDDEN
