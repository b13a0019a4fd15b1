"""Protocol packs: the Local Action Plan as data, so a force can adapt it without code.

A pack is a TOML file (read with the standard library's ``tomllib``) in ``resources/protocols/``.
A *base* pack defines every step and pick list. An *overlay* says ``extends = "<base id>"``, adds
items to the base's lists and guidance lines to its steps; its base is the pack with that id in
the same folder. Overlays may extend overlays (EU -> country -> city).

Every problem in a file raises :class:`ProtocolError` naming the file, the key path (list indexes
count from 0, e.g. ``motives[3].id``) and the problem in plain English.

Labels and descriptions are English source text; the app translates them at display time.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from app.domain.case import RiskLevel

# The pick-list kinds, in the order a pack lists them; each is a field of ProtocolPack.
KINDS: tuple[str, ...] = (
    "indicators",
    "motives",
    "offence_types",
    "classifications",
    "place_types",
    "assessment_factors",
    "needs",
    "measures",
)

# Case fields a step may require before the case can be submitted. Validation code checks these
# ids, so a pack may only name fields the app knows.
FIELD_IDS: frozenset[str] = frozenset(
    {
        "occurred_at",
        "place",
        "place_type",
        "narrative",
        "offence_types",
        "reporter_type",
        "motives",
        "classification",
        "classification_reason",
        "victim_perception",
        "indicators",
        "rights_given_at",
        "leaflet_language",
        "assessment",
        "referral_decision",
        "prosecutor_notified",
        "immediate_danger",
        "victim_language",
    }
)

# Art. 22(2) Dir. 2012/29/EU: personal characteristics, type of crime, circumstances.
ASSESSMENT_GROUPS: frozenset[str] = frozenset({"personal", "crime", "circumstances"})
# The suggested risk rises one level when escalators of this many different kinds are ticked
# together (app/domain/assessment.py), unless a pack says otherwise. Below 2 one escalator alone
# would raise it, which is exactly what the rule is there to stop.
RISK_ESCALATION_KINDS = 2
_ESCALATION_RANGE = range(2, 6)
_LEVEL_VALUES = tuple(level.value for level in RiskLevel)

_ITEM_ID = re.compile(r"[a-z][a-z0-9_]*")
_PACK_ID = re.compile(r"[a-z][a-z0-9_-]*")  # pack ids may use hyphens: "eu-baseline"
_COUNTRY = re.compile(r"[A-Z]{2}")
_TOML_LINE = re.compile(r"line (\d+)")

_HEADER_KEYS = ("id", "version", "name", "country")
_PACK_KEYS = frozenset(
    {
        *_HEADER_KEYS, "steps", "review_due_working_days", "referral_answer_working_days",
        "risk_escalation_kinds", *KINDS,
        "several_classifications", "recorded_steps", "special_category_words",
        "referral_opt_out", "referral_legal_basis", "retention", "odihr",
    }
)  # fmt: skip
_RECORDED_STEP_KEYS = frozenset({"id", "label", "description", "required"})
_LANGUAGE = re.compile(r"[a-z]{2,3}")
# A supervisor reviews a case within this many working days, unless a pack says otherwise.
REVIEW_DUE_WORKING_DAYS = 2
# A service answers a referral within this many working days (the UK Victims' Code: 2).
REFERRAL_ANSWER_WORKING_DAYS = 2
# The legal basis a referral goes on, unless a pack names its national one.
REFERRAL_LEGAL_BASIS = "Directive 2012/29/EU, Art. 8(2)"
_WORKING_DAYS_RANGE = range(1, 31)
_BASIS_LENGTH = 200
_ITEM_KEYS = frozenset({"id", "label", "description", "group"})
_FACTOR_KEYS = _ITEM_KEYS | {"level", "escalates"}
_STEP_KEYS = frozenset({"id", "title", "guidance", "required"})
_OVERLAY_STEP_KEYS = frozenset({"id", "guidance", "required"})
_YEARS_RANGE = range(1, 101)

# ODIHR's bias categories (hatecrime.osce.org; PROTOCOL.md c), in the order its report lists them,
# and the types of incident it groups hate crimes by. A pack maps its motives and offence types
# onto them in [odihr] (app/domain/odihr.py builds the annual return).
ODIHR_CATEGORIES: tuple[str, ...] = (
    "racism_xenophobia", "anti_roma", "antisemitism", "anti_muslim", "anti_christian",
    "other_religion", "gender", "anti_lgbti", "disability", "other_groups",
)  # fmt: skip
ODIHR_INCIDENT_TYPES: tuple[str, ...] = ("violent_attack", "threats", "property_attack")
NOT_COUNTED = ""  # an offence type mapped to "": ODIHR counts no incident type for it
_ODIHR_KEYS = frozenset({"classifications", "bias", "incident_types"})


@dataclass(frozen=True)
class Odihr:
    """How the pack's cases become ODIHR's figures: the classifications counted as hate crimes,
    each motive's bias category and each offence type's incident type ("" = none). A motive or
    offence type missing from a map is reported by the return, never dropped silently."""

    classifications: tuple[str, ...] = ("hate_crime", "hate_speech")
    bias: tuple[tuple[str, str], ...] = ()
    incident_types: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Retention:
    """How long a force keeps each kind of record, in whole years (LED Art. 5: time limits for
    erasure or review), counted from the case's closure (a refused or withdrawn referral: from
    its end). What has expired, and what anonymising keeps, is app/domain/retention.py's.
    Unless a pack sets them, examples: a force sets its own from its national rules."""

    crime: int = 10  # a closed case classified as a crime, or not classified
    non_crime: int = 3  # a closed case whose every classification is a non-crime one
    # The classifications that are not crimes; any other keeps a case for `crime` years.
    non_crime_classifications: tuple[str, ...] = ()
    refused_or_withdrawn_referral: int = 1  # a referral the service declined or the victim withdrew
    attachment: int = 3  # photos and documents of a closed case
    audit_event: int = 10  # the audit trail's events (removed by year: app.services.audit)


_RETENTION_YEARS = (
    "crime",
    "non_crime",
    "refused_or_withdrawn_referral",
    "attachment",
    "audit_event",
)
_RETENTION_KEYS = frozenset({*_RETENTION_YEARS, "non_crime_classifications"})


@dataclass(frozen=True)
class Item:
    """One pick-list entry."""

    id: str
    label: str
    description: str = ""
    group: str = ""
    # Assessment factors only (the rule is in app/domain/assessment.py): the least risk level the
    # factor suggests on its own, and the kind of escalator it is ("" if none).
    level: RiskLevel = RiskLevel.LOW
    escalates: str = ""


@dataclass(frozen=True)
class Step:
    """One protocol step: a wizard page."""

    id: str
    title: str
    guidance: tuple[str, ...]
    required: tuple[str, ...]  # ids from FIELD_IDS that must be filled before submission


@dataclass(frozen=True)
class RecordedStep:
    """A step a pack adds to the rights information, recorded for each victim as a dated yes or
    no with who (Spain: the offer of legal actions); `required`: asked before submission."""

    id: str
    label: str
    description: str = ""
    required: bool = False


@dataclass(frozen=True)
class ProtocolPack:
    """A loaded pack (an overlay already merged with its base): steps and one list per kind."""

    id: str
    version: str
    name: str
    country: str
    steps: tuple[Step, ...]
    indicators: tuple[Item, ...]
    motives: tuple[Item, ...]
    offence_types: tuple[Item, ...]
    classifications: tuple[Item, ...]
    place_types: tuple[Item, ...]
    assessment_factors: tuple[Item, ...]
    needs: tuple[Item, ...]
    measures: tuple[Item, ...]
    review_due_working_days: int = REVIEW_DUE_WORKING_DAYS
    # The working days a support service has to answer a referral (app/domain/referrals.py).
    referral_answer_working_days: int = REFERRAL_ANSWER_WORKING_DAYS
    risk_escalation_kinds: int = RISK_ESCALATION_KINDS
    # Whether a referral may go without the victim's explicit consent unless they object (the
    # UK's opt-out model), and the legal basis a sent referral records.
    referral_opt_out: bool = False
    referral_legal_basis: str = REFERRAL_LEGAL_BASIS
    # Whether a case may carry more than one classification (a main one and others beside it).
    several_classifications: bool = False
    recorded_steps: tuple[RecordedStep, ...] = ()
    # Words that likely reveal special-category data (origin, religion, health...), by document
    # language: typed text is checked for them before a printout that says it holds none.
    special_category_words: tuple[tuple[str, tuple[str, ...]], ...] = ()
    retention: Retention = Retention()
    odihr: Odihr = Odihr()

    def words_for(self, language: str) -> tuple[str, ...]:
        """The special-category words of a document language (none if the pack has none)."""
        return next((words for code, words in self.special_category_words if code == language), ())

    def _items(self, kind: str) -> tuple[Item, ...]:
        if kind not in KINDS:
            raise KeyError(kind)
        items: tuple[Item, ...] = getattr(self, kind)
        return items

    def item(self, kind: str, item_id: str) -> Item:
        """The item; KeyError for an unknown kind or id."""
        for item in self._items(kind):
            if item.id == item_id:
                return item
        raise KeyError(f"{kind}: {item_id}")

    def label(self, kind: str, item_id: str) -> str:
        """The item's label, or the id itself if the pack no longer has it (old cases keep working).

        An unknown *kind* is a programming error and raises KeyError.
        """
        items = self._items(kind)
        return next((item.label for item in items if item.id == item_id), item_id)

    def ids(self, kind: str) -> tuple[str, ...]:
        return tuple(item.id for item in self._items(kind))


class ProtocolError(Exception):
    """A protocol file that cannot be used, with where and why."""

    def __init__(self, file: str, key: str, problem: str) -> None:
        super().__init__(f"{file}: {key}: {problem}")
        self.file = file
        self.key = key
        self.problem = problem


def load_pack(path: Path) -> ProtocolPack:
    """Load a base pack, or an overlay resolved against its base in the same folder.

    Raises ProtocolError for a broken pack; OSError if *path* itself cannot be read.
    """
    return _load(path, seen=(path.resolve(),))


def available_packs(folder: Path) -> dict[str, ProtocolPack]:
    """Every ``*.toml`` in *folder*, loaded, by pack id."""
    packs: dict[str, ProtocolPack] = {}
    files: dict[str, str] = {}
    for path in sorted(folder.glob("*.toml")):
        pack = load_pack(path)
        if pack.id in packs:
            raise ProtocolError(
                path.name, "id", f"pack id '{pack.id}' is also used by {files[pack.id]}"
            )
        packs[pack.id] = pack
        files[pack.id] = path.name
    return packs


# ------------------------------------------------------------------------------------ loading


def _load(path: Path, seen: tuple[Path, ...]) -> ProtocolPack:
    file = path.name
    data = _read_toml(path)
    is_overlay = "extends" in data
    _check_keys(file, data, (_PACK_KEYS | {"extends"}) if is_overlay else _PACK_KEYS, "")

    pack_id = _text(file, data, "id", "id")
    if not _PACK_ID.fullmatch(pack_id):
        raise ProtocolError(
            file, "id", "must be lowercase letters, digits, '-' or '_', starting with a letter"
        )
    version = _text(file, data, "version", "version")
    name = _text(file, data, "name", "name")
    country = _text(file, data, "country", "country")
    if not _COUNTRY.fullmatch(country):
        raise ProtocolError(
            file, "country", "must be a two-letter code in capitals, like 'ES' or 'EU'"
        )

    if is_overlay:
        base = _load_base(file, path, data, seen)
        steps = _overlay_steps(file, data, base.steps)
        lists = {kind: _overlay_items(file, data, kind, base) for kind in KINDS}
        due, kinds = base.review_due_working_days, base.risk_escalation_kinds
        answer = base.referral_answer_working_days
        opt_out, basis = base.referral_opt_out, base.referral_legal_basis
        several, recorded = base.several_classifications, base.recorded_steps
        words = dict(base.special_category_words)
        retention = base.retention
        odihr = base.odihr
    else:
        steps = _steps(file, data)
        lists = {kind: _items(file, data, kind, required=True) for kind in KINDS}
        due, kinds = REVIEW_DUE_WORKING_DAYS, RISK_ESCALATION_KINDS
        answer = REFERRAL_ANSWER_WORKING_DAYS
        opt_out, basis = False, REFERRAL_LEGAL_BASIS
        several, recorded, words = False, (), {}
        retention = Retention()
        odihr = Odihr()
    several = data.get("several_classifications", several)
    if not isinstance(several, bool):
        raise ProtocolError(file, "several_classifications", "must be true or false")
    opt_out = data.get("referral_opt_out", opt_out)
    if not isinstance(opt_out, bool):
        raise ProtocolError(file, "referral_opt_out", "must be true or false")
    basis = data.get("referral_legal_basis", basis)
    if not isinstance(basis, str) or not basis.strip() or len(basis) > _BASIS_LENGTH:
        raise ProtocolError(file, "referral_legal_basis", "must be a text of 1 to 200 characters")
    recorded = _recorded_steps(file, data, recorded)
    for language, added in _special_words(file, data).items():
        words[language] = tuple(dict.fromkeys(words.get(language, ()) + added))
    due = _working_days(file, data, "review_due_working_days", due)
    answer = _working_days(file, data, "referral_answer_working_days", answer)
    kinds = data.get("risk_escalation_kinds", kinds)
    if not _whole(kinds) or kinds not in _ESCALATION_RANGE:
        raise ProtocolError(
            file, "risk_escalation_kinds", "must be a whole number of kinds of escalator, 2 to 5"
        )
    retention = _retention(file, data, retention, lists["classifications"])
    odihr = _odihr(file, data, odihr, lists)
    return ProtocolPack(
        id=pack_id, version=version, name=name, country=country, steps=steps, **lists,
        review_due_working_days=due, referral_answer_working_days=answer,
        risk_escalation_kinds=kinds, referral_opt_out=opt_out, referral_legal_basis=basis,
        several_classifications=several, recorded_steps=recorded,
        special_category_words=tuple(sorted(words.items())),
        retention=retention, odihr=odihr,
    )  # fmt: skip


def _working_days(file: str, data: dict[str, Any], key: str, inherited: int) -> int:
    """A number of working days the pack sets (or inherits), 1 to 30."""
    days = data.get(key, inherited)
    if not _whole(days) or days not in _WORKING_DAYS_RANGE:
        raise ProtocolError(file, key, "must be a whole number of working days, 1 to 30")
    return int(days)


def _retention(
    file: str, data: dict[str, Any], inherited: Retention, classifications: tuple[Item, ...]
) -> Retention:
    """[retention]: each key the pack sets replaces the inherited (or default) one."""
    table = data.get("retention", {})
    if not isinstance(table, dict):
        raise ProtocolError(file, "retention", f"must be a table, not {_kind_of(table)}")
    _check_keys(file, table, _RETENTION_KEYS, "retention")
    years = {key: table.get(key, getattr(inherited, key)) for key in _RETENTION_YEARS}
    for key, value in years.items():
        if not _whole(value) or value not in _YEARS_RANGE:
            raise ProtocolError(
                file, f"retention.{key}", "must be a whole number of years, 1 to 100"
            )
    path = "retention.non_crime_classifications"
    non_crime = inherited.non_crime_classifications
    if "non_crime_classifications" in table:
        non_crime = _text_list(file, table, "non_crime_classifications", path, required=False)
    known = {item.id for item in classifications}
    for index, classification in enumerate(non_crime):
        if classification not in known:
            raise ProtocolError(
                file, f"{path}[{index}]", f"no classification '{classification}' in the pack"
            )
    return Retention(non_crime_classifications=non_crime, **years)


def _odihr(
    file: str, data: dict[str, Any], inherited: Odihr, lists: dict[str, tuple[Item, ...]]
) -> Odihr:
    """[odihr]: a list of classifications replaces the inherited one; [odihr.bias] and
    [odihr.incident_types] add to the inherited maps, or replace their entries."""
    table = data.get("odihr", {})
    if not isinstance(table, dict):
        raise ProtocolError(file, "odihr", f"must be a table, not {_kind_of(table)}")
    _check_keys(file, table, _ODIHR_KEYS, "odihr")
    known = {item.id for item in lists["classifications"]}
    # The default names the EU baseline's two: a pack without one of them counts the other.
    classifications = tuple(c for c in inherited.classifications if c in known)
    if "classifications" in table:
        path = "odihr.classifications"
        classifications = _text_list(file, table, "classifications", path, required=True)
        for index, classification in enumerate(classifications):
            if classification not in known:
                raise ProtocolError(
                    file, f"{path}[{index}]", f"no classification '{classification}' in the pack"
                )
    bias = _odihr_map(
        file, table, "bias", inherited.bias, lists["motives"], "motive", ODIHR_CATEGORIES
    )
    incident_types = _odihr_map(
        file, table, "incident_types", inherited.incident_types, lists["offence_types"],
        "offence type", (*ODIHR_INCIDENT_TYPES, NOT_COUNTED),
    )  # fmt: skip
    return Odihr(classifications, bias, incident_types)


def _odihr_map(
    file: str, table: dict[str, Any], key: str, inherited: tuple[tuple[str, str], ...],
    items: tuple[Item, ...], kind: str, allowed: tuple[str, ...],
) -> tuple[tuple[str, str], ...]:  # fmt: skip
    """One of [odihr]'s maps: pack id -> ODIHR value, ids of the pack's items only."""
    entries = table.get(key, {})
    path = f"odihr.{key}"
    if not isinstance(entries, dict):
        raise ProtocolError(file, path, f"must be a table, not {_kind_of(entries)}")
    known = {item.id for item in items}
    mapped = dict(inherited)
    for item_id, value in entries.items():
        if item_id not in known:
            raise ProtocolError(file, f"{path}.{item_id}", f"no {kind} '{item_id}' in the pack")
        if not isinstance(value, str) or value not in allowed:
            shown = ", ".join(f'"{one}"' for one in allowed)
            raise ProtocolError(file, f"{path}.{item_id}", f"must be one of: {shown}")
        mapped[item_id] = value
    return tuple(sorted(mapped.items()))


def _recorded_steps(
    file: str, data: dict[str, Any], base: tuple[RecordedStep, ...]
) -> tuple[RecordedStep, ...]:
    """The base's recorded steps and this file's; ids never repeat."""
    steps = list(base)
    where = {step.id: "the base pack" for step in base}
    for path, entry in _tables(file, data, "recorded_steps", required=False):
        _check_keys(file, entry, _RECORDED_STEP_KEYS, path)
        step_id = _item_id(file, entry, path, where)
        required = entry.get("required", False)
        if not isinstance(required, bool):
            raise ProtocolError(file, f"{path}.required", "must be true or false")
        steps.append(
            RecordedStep(
                id=step_id,
                label=_text(file, entry, "label", f"{path}.label"),
                description=_text(
                    file, entry, "description", f"{path}.description", required=False
                ),
                required=required,
            )
        )
    return tuple(steps)


def _special_words(file: str, data: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    """[special_category_words]: a list of words for each document language code."""
    table = data.get("special_category_words", {})
    if not isinstance(table, dict):
        raise ProtocolError(
            file, "special_category_words", f"must be a table, not {_kind_of(table)}"
        )
    words: dict[str, tuple[str, ...]] = {}
    for language in table:
        path = f"special_category_words.{language}"
        if not _LANGUAGE.fullmatch(language):
            raise ProtocolError(file, path, "must be a language code like 'en' or 'es'")
        words[language] = _text_list(file, table, language, path, required=True)
        for index, word in enumerate(words[language]):
            if len(word.split()) > 1:
                raise ProtocolError(
                    file, f"{path}[{index}]", "must be one word, or the beginning of one"
                )
    return words


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fp:
            return tomllib.load(fp)
    except tomllib.TOMLDecodeError as exc:
        # tomllib says where: "(at line 3, column 7)" or "(at end of document)".
        line = _TOML_LINE.search(str(exc))
        key = f"line {line[1]}" if line else "end of file"
        raise ProtocolError(path.name, key, f"not valid TOML: {exc}") from exc
    except UnicodeDecodeError as exc:
        raise ProtocolError(path.name, "(file)", "not UTF-8 text") from exc


def _load_base(file: str, path: Path, data: dict[str, Any], seen: tuple[Path, ...]) -> ProtocolPack:
    base_id = _text(file, data, "extends", "extends")
    base_path = _find_pack(path, base_id)
    if base_path is None:
        raise ProtocolError(
            file, "extends", f"base pack '{base_id}' not found: no pack with that id in this folder"
        )
    if base_path.resolve() in seen:
        raise ProtocolError(
            file, "extends", f"'{base_id}' leads back to this file: packs extend in a loop"
        )
    return _load(base_path, (*seen, base_path.resolve()))


def _find_pack(path: Path, pack_id: str) -> Path | None:
    """The other file in *path*'s folder whose top-level id is *pack_id*."""
    for candidate in sorted(path.parent.glob("*.toml")):
        if candidate.resolve() == path.resolve():
            continue
        try:
            data = _read_toml(candidate)
        except ProtocolError:
            continue  # reported when that file itself is loaded
        if data.get("id") == pack_id:
            return candidate
    return None


def _steps(file: str, data: dict[str, Any]) -> tuple[Step, ...]:
    steps: list[Step] = []
    where: dict[str, str] = {}
    for path, entry in _tables(file, data, "steps", required=True):
        _check_keys(file, entry, _STEP_KEYS, path)
        step_id = _item_id(file, entry, path, where)
        required = _text_list(file, entry, "required", f"{path}.required", required=False)
        _check_fields(file, f"{path}.required", required)
        steps.append(
            Step(
                id=step_id,
                title=_text(file, entry, "title", f"{path}.title"),
                guidance=_text_list(file, entry, "guidance", f"{path}.guidance", required=True),
                required=required,
            )
        )
    return tuple(steps)


def _overlay_steps(file: str, data: dict[str, Any], base: tuple[Step, ...]) -> tuple[Step, ...]:
    # An overlay cannot add, drop or reorder steps (each is a wizard page); it adds guidance only.
    extra: dict[str, list[str]] = {step.id: [] for step in base}
    required: dict[str, list[str]] = {step.id: list(step.required) for step in base}
    for path, entry in _tables(file, data, "steps", required=False):
        _check_keys(file, entry, _OVERLAY_STEP_KEYS, path)
        step_id = _text(file, entry, "id", f"{path}.id")
        if step_id not in extra:
            raise ProtocolError(
                file,
                f"{path}.id",
                f"no step '{step_id}' in the base; an overlay can only add guidance to its steps",
            )
        extra[step_id] += _text_list(file, entry, "guidance", f"{path}.guidance", required=True)
        # An overlay may require more where its guidance asks for it, never less.
        added = _text_list(file, entry, "required", f"{path}.required", required=False)
        _check_fields(file, f"{path}.required", added)
        required[step_id] += [f for f in added if f not in required[step_id]]
    return tuple(
        Step(step.id, step.title, step.guidance + tuple(extra[step.id]), tuple(required[step.id]))
        for step in base
    )


def _overlay_items(
    file: str, data: dict[str, Any], kind: str, base: ProtocolPack
) -> tuple[Item, ...]:
    base_ids = set(base.ids(kind))
    added = _items(file, data, kind, required=False)
    for index, item in enumerate(added):
        if item.id in base_ids:
            raise ProtocolError(
                file,
                f"{kind}[{index}].id",
                f"id '{item.id}' is already in the base pack '{base.id}'",
            )
    return base._items(kind) + added


def _items(file: str, data: dict[str, Any], kind: str, *, required: bool) -> tuple[Item, ...]:
    is_factor = kind == "assessment_factors"
    items: list[Item] = []
    where: dict[str, str] = {}
    for path, entry in _tables(file, data, kind, required=required):
        if is_factor and "weight" in entry:
            # A pack written before the rule changed: say what replaces the weights.
            raise ProtocolError(
                file,
                f"{path}.weight",
                "weights are no longer added up: give 'level' (the least risk the factor "
                "suggests on its own) and, for an escalator, 'escalates' (its kind); "
                "see eu-baseline.toml",
            )
        _check_keys(file, entry, _FACTOR_KEYS if is_factor else _ITEM_KEYS, path)
        item_id = _item_id(file, entry, path, where)
        group = _text(file, entry, "group", f"{path}.group", required=is_factor)
        if is_factor and group not in ASSESSMENT_GROUPS:
            raise ProtocolError(
                file, f"{path}.group", f"must be one of: {', '.join(sorted(ASSESSMENT_GROUPS))}"
            )
        level = _text(file, entry, "level", f"{path}.level", required=False) or RiskLevel.LOW
        if level not in _LEVEL_VALUES:
            raise ProtocolError(
                file, f"{path}.level", f"must be one of: {', '.join(_LEVEL_VALUES)}"
            )
        escalates = _text(file, entry, "escalates", f"{path}.escalates", required=False)
        if escalates and not _ITEM_ID.fullmatch(escalates):
            raise ProtocolError(
                file,
                f"{path}.escalates",
                f"'{escalates}' must be lowercase letters, digits and '_', starting with a letter",
            )
        items.append(
            Item(
                id=item_id,
                label=_text(file, entry, "label", f"{path}.label"),
                description=_text(
                    file, entry, "description", f"{path}.description", required=False
                ),
                group=group,
                level=RiskLevel(level),
                escalates=escalates,
            )
        )
    return tuple(items)


# ------------------------------------------------------------------------------- value checks


def _check_fields(file: str, path: str, fields: tuple[str, ...]) -> None:
    for index, field_id in enumerate(fields):
        if field_id not in FIELD_IDS:
            raise ProtocolError(
                file,
                f"{path}[{index}]",
                f"unknown case field '{field_id}'; known: {', '.join(sorted(FIELD_IDS))}",
            )


def _check_keys(file: str, table: dict[str, Any], allowed: frozenset[str], path: str) -> None:
    for key in table:
        if key not in allowed:
            raise ProtocolError(
                file,
                f"{path}.{key}" if path else key,
                f"unknown key (check the spelling); allowed: {', '.join(sorted(allowed))}",
            )


def _tables(
    file: str, data: dict[str, Any], key: str, *, required: bool
) -> list[tuple[str, dict[str, Any]]]:
    """The [[key]] entries with their key paths."""
    if key not in data:
        if required:
            raise ProtocolError(file, key, "required key is missing")
        return []
    value = data[key]
    if not isinstance(value, list):
        raise ProtocolError(file, key, f"must be a list of [[{key}]] tables, not {_kind_of(value)}")
    if required and not value:
        raise ProtocolError(file, key, "must have at least one entry")
    tables: list[tuple[str, dict[str, Any]]] = []
    for index, entry in enumerate(value):
        if not isinstance(entry, dict):
            raise ProtocolError(file, f"{key}[{index}]", f"must be a table, not {_kind_of(entry)}")
        tables.append((f"{key}[{index}]", entry))
    return tables


def _item_id(file: str, entry: dict[str, Any], path: str, where: dict[str, str]) -> str:
    """The entry's id, checked for form and for duplicates (*where*: id -> path seen so far)."""
    item_id = _text(file, entry, "id", f"{path}.id")
    if not _ITEM_ID.fullmatch(item_id):
        raise ProtocolError(
            file,
            f"{path}.id",
            f"'{item_id}' must be lowercase letters, digits and '_', starting with a letter",
        )
    if item_id in where:
        raise ProtocolError(
            file, f"{path}.id", f"duplicate id '{item_id}' (also at {where[item_id]})"
        )
    where[item_id] = f"{path}.id"
    return item_id


def _text(file: str, table: dict[str, Any], key: str, path: str, *, required: bool = True) -> str:
    if key not in table:
        if required:
            raise ProtocolError(file, path, "required key is missing")
        return ""
    return _as_text(file, table[key], path)


def _as_text(file: str, value: object, path: str) -> str:
    if not isinstance(value, str):
        raise ProtocolError(file, path, f"must be text in quotes, not {_kind_of(value)}")
    if not value.strip():
        raise ProtocolError(file, path, "must not be empty")
    return value.strip()


def _text_list(
    file: str, table: dict[str, Any], key: str, path: str, *, required: bool
) -> tuple[str, ...]:
    if key not in table:
        if required:
            raise ProtocolError(file, path, "required key is missing")
        return ()
    value = table[key]
    if not isinstance(value, list):
        raise ProtocolError(file, path, f"must be a list of texts, not {_kind_of(value)}")
    if required and not value:
        raise ProtocolError(file, path, "must have at least one entry")
    return tuple(_as_text(file, line, f"{path}[{index}]") for index, line in enumerate(value))


def _whole(value: object) -> bool:
    """A TOML whole number (true/false is a bool, an int subclass in Python: refused)."""
    return type(value) is int


def _kind_of(value: object) -> str:
    """A TOML value's type in words, for error messages."""
    names: list[tuple[type, str]] = [
        (bool, "true/false"),  # before int: bool is an int subclass
        (str, "text"),
        (int, "a whole number"),
        (float, "a decimal number"),
        (datetime, "a date and time"),  # before date: datetime is a date subclass
        (date, "a date"),
        (time, "a time"),
        (list, "a list"),
        (dict, "a table"),
    ]
    for kind, name in names:
        if isinstance(value, kind):
            return name
    return type(value).__name__  # pragma: no cover - tomllib yields only the types above
