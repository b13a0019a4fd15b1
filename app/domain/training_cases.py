"""Reading a worked case from its TOML data, and writing one back as TOML text.

The format is in resources/training/*.toml (one case a file). Values are checked against the
protocol pack the case names and the enums of app.domain.case, so a typo is a clear problem that
names the file and the field ("night_bus_push.toml: model.motives: 'racism' is not a motive of
eu-baseline"), never a case that scores nonsense. Pure: the caller reads the files.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import Any, NoReturn

from app.domain.case import CoordinationKind, PerceptionSource, PersonRole, RiskLevel, ServiceKind
from app.domain.languages import language_code
from app.domain.protocol import ProtocolPack, _kind_of
from app.domain.training import CaseSource, ModelAnswer, ModelReferral, SituationPerson, WorkedCase

# What a worked case may say it practises (`covers`); the bundled set covers each of them.
COVERS = (
    "crime",
    "hate_speech",
    "non_crime_incident",
    "administrative_offence",
    "border",
    "child_victim",
    "third_party_report",
    "declines_help",
    "two_motives",
    "confidential_address",
)
# At most 64 characters: attempts and exercises keep the id in a column of that size.
_ID = re.compile(r"[a-z][a-z0-9_]{0,63}")
_CASE_KEYS = frozenset(
    {"id", "version", "pack", "title", "covers", "situation", "people", "model", "explanations"}
)
_PERSON_KEYS = frozenset({"role", "name", "age", "languages", "says", "description"})
_REFERRAL_KEYS = frozenset({"service_kind", "granted"})
_AGE_RANGE = range(0, 131)

# The model answer's keys: which pack kind or enum their values come from.
_PACK_SETS = {
    "additional_classifications": "classifications",
    "motives": "motives",
    "indicators": "indicators",
    "acceptable_indicators": "indicators",
    "offence_types": "offence_types",
    "acceptable_offence_types": "offence_types",
    "needs": "needs",
    "measures": "measures",
    "acceptable_measures": "measures",
}
_ENUM_SETS: dict[str, type[StrEnum]] = {
    "perception_sources": PerceptionSource,
    "coordination": CoordinationKind,
}
_FLAGS = ("no_individual_victim", "child_victim", "declines_measures")
_MAYBE_FLAGS = ("interpreter", "protection_needs")  # omitted: either answer is right
_MODEL_KEYS = frozenset(
    {
        "classification",
        *_PACK_SETS,
        *_ENUM_SETS,
        *_FLAGS,
        *_MAYBE_FLAGS,
        "rights_language",
        "risk_level",
        "referrals",
    }
)
# A pack kind in words, for the problems ("'racism' is not a motive of eu-baseline").
_KIND_WORDS = {
    "classifications": "a classification",
    "motives": "a motive",
    "indicators": "an indicator",
    "offence_types": "an offence type",
    "needs": "a need",
    "measures": "a measure",
}


class WorkedCaseError(ValueError):
    """A worked case that cannot be used: which file, which field, what is wrong."""

    def __init__(self, file: str, key: str, problem: str) -> None:
        super().__init__(f"{file}: {key}: {problem}")
        self.file = file
        self.key = key
        self.problem = problem


def parse_worked_case(
    data: Mapping[str, Any],
    packs: Mapping[str, ProtocolPack],
    *,
    file: str,
    source: CaseSource = CaseSource.BUNDLED,
    expected_id: str | None = None,
) -> WorkedCase:
    """The worked case in `data` (as tomllib reads it), checked against the pack it names among
    `packs`. `file` names it in problems; `expected_id`, if given, is the id it must have (a
    file's name without .toml). Raises WorkedCaseError."""
    read = _Reader(file)
    read.keys(data, _CASE_KEYS, "")
    case_id = read.text(data, "id", "id")
    if not _ID.fullmatch(case_id):
        read.fail("id", f"'{case_id[:70]}' must be lowercase letters, digits and '_' (at most 64)")
    if expected_id is not None and case_id != expected_id:
        read.fail("id", f"'{case_id}' must be the file's name, '{expected_id}'")
    version = data.get("version")
    if type(version) is not int or version < 1:
        read.fail("version", f"must be a whole number from 1, not {_shown(version)}")
    pack_id = read.text(data, "pack", "pack")
    pack = packs.get(pack_id)
    if pack is None:
        read.fail("pack", f"'{pack_id}' is not an installed protocol pack")
    covers = read.ids(data, "covers", "covers", COVERS, "a topic a worked case covers")
    explanations = read.table(data, "explanations", "explanations")
    steps = {step.id for step in pack.steps}
    for key in explanations:
        if key not in steps:
            read.fail(f"explanations.{key}", f"'{key}' is not a step of {pack.id}")
    return WorkedCase(
        id=case_id,
        version=version,
        title=read.text(data, "title", "title"),
        pack=pack.id,
        situation=read.text(data, "situation", "situation"),
        people=tuple(_person(read, entry, path) for path, entry in read.tables(data, "people")),
        model=_model(read, data, pack),
        explanations={
            key: read.text(explanations, key, f"explanations.{key}") for key in explanations
        },
        covers=tuple(covers),
        source=source,
    )


def _person(read: _Reader, entry: dict[str, Any], path: str) -> SituationPerson:
    read.keys(entry, _PERSON_KEYS, path)
    role = read.text(entry, "role", f"{path}.role")
    roles = [r.value for r in PersonRole]
    if role not in roles:
        read.fail(f"{path}.role", f"'{role}' is not a role; known: {', '.join(roles)}")
    age = entry.get("age")
    if age is not None and (type(age) is not int or age not in _AGE_RANGE):
        read.fail(f"{path}.age", f"must be a whole number from 0 to 130, not {_shown(age)}")
    return SituationPerson(
        role=role,
        name=read.text(entry, "name", f"{path}.name"),
        age=age,
        languages=tuple(read.languages(entry, "languages", f"{path}.languages")),
        says=read.text(entry, "says", f"{path}.says", required=False),
        description=read.text(entry, "description", f"{path}.description", required=False),
    )


def _model(read: _Reader, data: Mapping[str, Any], pack: ProtocolPack) -> ModelAnswer:
    model = read.table(data, "model", "model", required=True)
    read.keys(model, _MODEL_KEYS, "model")
    classification = read.text(model, "classification", "model.classification")
    if classification not in pack.ids("classifications"):
        read.fail("model.classification", _not_in(classification, "classifications", pack))
    sets: dict[str, frozenset[str]] = {}
    for key, kind in _PACK_SETS.items():
        sets[key] = frozenset(
            read.ids(
                model, key, f"model.{key}", pack.ids(kind), f"{_KIND_WORDS[kind]} of {pack.id}"
            )
        )
    for key, enum in _ENUM_SETS.items():
        sets[key] = frozenset(
            read.ids(model, key, f"model.{key}", [e.value for e in enum], f"a {key} value")
        )
    if classification in sets["additional_classifications"]:
        read.fail("model.additional_classifications", f"'{classification}' is already the main one")
    rights_language = read.text(model, "rights_language", "model.rights_language", required=False)
    if rights_language and language_code(rights_language) != rights_language:
        read.fail("model.rights_language", f"'{rights_language}' is not an ISO 639 language code")
    risk_level = read.text(model, "risk_level", "model.risk_level", required=False)
    if risk_level and risk_level not in {r.value for r in RiskLevel}:
        read.fail("model.risk_level", f"'{risk_level}' is not one of low, medium, high")
    flags = {key: read.flag(model, key, f"model.{key}") for key in (*_FLAGS, *_MAYBE_FLAGS)}
    referrals = tuple(
        _referral(read, entry, f"model.{path}") for path, entry in read.tables(model, "referrals")
    )
    return ModelAnswer(
        classification=classification,
        additional_classifications=sets["additional_classifications"],
        motives=sets["motives"],
        indicators=sets["indicators"],
        acceptable_indicators=sets["acceptable_indicators"],
        perception_sources=sets["perception_sources"],
        offence_types=sets["offence_types"],
        acceptable_offence_types=sets["acceptable_offence_types"],
        no_individual_victim=flags["no_individual_victim"] is True,
        child_victim=flags["child_victim"] is True,
        rights_language=rights_language,
        interpreter=flags["interpreter"],
        protection_needs=flags["protection_needs"],
        risk_level=risk_level,
        needs=sets["needs"],
        measures=sets["measures"],
        acceptable_measures=sets["acceptable_measures"],
        declines_measures=flags["declines_measures"] is True,
        referrals=referrals,
        coordination=sets["coordination"],
    )


def _referral(read: _Reader, entry: dict[str, Any], path: str) -> ModelReferral:
    read.keys(entry, _REFERRAL_KEYS, path)
    kinds = [k.value for k in ServiceKind]
    kind = read.text(entry, "service_kind", f"{path}.service_kind")
    if kind not in kinds:
        read.fail(
            f"{path}.service_kind", f"'{kind}' is not a service kind; known: {', '.join(kinds)}"
        )
    granted = read.flag(entry, "granted", f"{path}.granted")
    return ModelReferral(service_kind=kind, granted=granted is not False)


def _not_in(value: str, kind: str, pack: ProtocolPack) -> str:
    return f"'{value}' is not {_KIND_WORDS[kind]} of {pack.id}"


def _shown(value: object) -> str:
    """A wrong value as a problem shows it: a number as itself, anything else by its kind."""
    return str(value) if type(value) is int else _kind_of(value)


class _Reader:
    """Checks of one file's values; each failure raises WorkedCaseError naming the file."""

    def __init__(self, file: str) -> None:
        self.file = file

    def fail(self, key: str, problem: str) -> NoReturn:
        raise WorkedCaseError(self.file, key, problem)

    def keys(self, table: Mapping[str, Any], allowed: frozenset[str], path: str) -> None:
        for key in table:
            if key not in allowed:
                self.fail(
                    f"{path}.{key}" if path else str(key),
                    f"unknown key (check the spelling); allowed: {', '.join(sorted(allowed))}",
                )

    def text(self, table: Mapping[str, Any], key: str, path: str, *, required: bool = True) -> str:
        if key not in table:
            if required:
                self.fail(path, "required key is missing")
            return ""
        value = table[key]
        if not isinstance(value, str):
            self.fail(path, f"must be text in quotes, not {_kind_of(value)}")
        if required and not value.strip():
            self.fail(path, "must not be empty")
        return str(value).strip()

    def flag(self, table: Mapping[str, Any], key: str, path: str) -> bool | None:
        """True or false; None when the key is left out."""
        if key not in table:
            return None
        value = table[key]
        if not isinstance(value, bool):
            self.fail(path, f"must be true or false, not {_kind_of(value)}")
        return bool(value)

    def table(
        self, data: Mapping[str, Any], key: str, path: str, *, required: bool = False
    ) -> dict[str, Any]:
        if key not in data:
            if required:
                self.fail(path, "required table is missing")
            return {}
        value = data[key]
        if not isinstance(value, dict):
            self.fail(path, f"must be a table, not {_kind_of(value)}")
        return dict(value)

    def tables(self, data: Mapping[str, Any], key: str) -> list[tuple[str, dict[str, Any]]]:
        value = data.get(key, [])
        if not isinstance(value, list):
            self.fail(key, f"must be a list of [[{key}]] tables, not {_kind_of(value)}")
        for index, entry in enumerate(value):
            if not isinstance(entry, dict):
                self.fail(f"{key}[{index}]", f"must be a table, not {_kind_of(entry)}")
        return [(f"{key}[{index}]", entry) for index, entry in enumerate(value)]

    def ids(
        self,
        table: Mapping[str, Any],
        key: str,
        path: str,
        known: Iterable[str],
        what: str,
    ) -> list[str]:
        """A list of ids, each in `known` (`what` one of them is, in words)."""
        known = tuple(known)
        value = table.get(key, [])
        if not isinstance(value, list):
            self.fail(path, f"must be a list, not {_kind_of(value)}")
        for item in value:
            if not isinstance(item, str):
                self.fail(path, f"must hold texts in quotes, not {_kind_of(item)}")
            if item not in known:
                self.fail(path, f"'{item}' is not {what}")
        return list(value)

    def languages(self, table: Mapping[str, Any], key: str, path: str) -> list[str]:
        value = table.get(key, [])
        if not isinstance(value, list):
            self.fail(path, f"must be a list, not {_kind_of(value)}")
        for item in value:
            if not isinstance(item, str) or language_code(item) != item:
                shown = f"'{item}'" if isinstance(item, str) else _kind_of(item)
                self.fail(path, f"{shown} is not an ISO 639 language code")
        return list(value)


# ------------------------------------------------------------------------------------ writing


def worked_case_toml(worked: WorkedCase) -> str:
    """The worked case as TOML text in the format parse_worked_case reads (the source is not
    written: it is where the text is kept)."""
    lines = [
        f"id = {_string(worked.id)}",
        f"version = {worked.version}",
        f"pack = {_string(worked.pack)}",
        f"title = {_string(worked.title)}",
        f"covers = {_strings(worked.covers)}",
        f"situation = {_string(worked.situation)}",
    ]
    for person in worked.people:
        lines += ["", "[[people]]", f"role = {_string(person.role)}"]
        lines.append(f"name = {_string(person.name)}")
        if person.age is not None:
            lines.append(f"age = {person.age}")
        if person.languages:
            lines.append(f"languages = {_strings(person.languages)}")
        if person.says:
            lines.append(f"says = {_string(person.says)}")
        if person.description:
            lines.append(f"description = {_string(person.description)}")
    model = worked.model
    lines += ["", "[model]", f"classification = {_string(model.classification)}"]
    for key in (*_PACK_SETS, *_ENUM_SETS):
        values: frozenset[str] = getattr(model, key)
        if values:
            lines.append(f"{key} = {_strings(sorted(values))}")
    for key in _FLAGS:
        if getattr(model, key):
            lines.append(f"{key} = true")
    for key in _MAYBE_FLAGS:
        flag: bool | None = getattr(model, key)
        if flag is not None:
            lines.append(f"{key} = {'true' if flag else 'false'}")
    for key in ("rights_language", "risk_level"):
        if getattr(model, key):
            lines.append(f"{key} = {_string(getattr(model, key))}")
    for referral in model.referrals:
        lines += ["", "[[model.referrals]]", f"service_kind = {_string(referral.service_kind)}"]
        lines.append(f"granted = {'true' if referral.granted else 'false'}")
    if worked.explanations:
        lines += ["", "[explanations]"]
        lines += [f"{_string(k)} = {_string(v)}" for k, v in worked.explanations.items()]
    return "\n".join(lines) + "\n"


_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}


def _string(text: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped."""
    return '"' + "".join(_escaped(c) for c in text) + '"'


def _escaped(char: str) -> str:
    if char in _ESCAPES:
        return _ESCAPES[char]
    return f"\\u{ord(char):04x}" if ord(char) < 0x20 or ord(char) == 0x7F else char


def _strings(values: Iterable[str]) -> str:
    return "[" + ", ".join(_string(v) for v in values) + "]"
