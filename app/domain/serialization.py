"""Frozen dataclasses to JSON values and back, driven by their type hints.

Reading collects every problem with its path (`case.persons[1].role`) instead of stopping at the
first, so a refused file can be fixed in one go.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import types
import typing
from datetime import date, datetime
from enum import StrEnum
from functools import cache
from typing import Any, TypeVar

from app.domain.validation import Issue

T = TypeVar("T")

JsonValue = Any  # what json.loads returns


def to_json(value: object) -> JsonValue:
    """A dataclass (or a value inside one) as plain JSON types. Every field is written."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, tuple | list):
        return [to_json(item) for item in value]
    return value


def from_json(cls: type[T], data: JsonValue, path: str, issues: list[Issue]) -> T | None:
    """Builds `cls` from JSON data; appends an Issue per problem and returns None if any."""
    before = len(issues)
    value = _read(cls, data, path, issues)
    return typing.cast(T, value) if len(issues) == before else None


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _read(tp: Any, data: JsonValue, path: str, issues: list[Issue]) -> object:
    origin = typing.get_origin(tp)
    if origin in (types.UnionType, typing.Union):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if data is None:
            return None
        return _read(args[0], data, path, issues)
    if origin is tuple:
        if not isinstance(data, list):
            issues.append(Issue("expected_list", path, {}))
            return ()
        item_type = typing.get_args(tp)[0]
        return tuple(_read(item_type, item, f"{path}[{i}]", issues) for i, item in enumerate(data))
    if dataclasses.is_dataclass(tp):
        return _read_dataclass(tp, data, path, issues)
    if data is None:
        issues.append(Issue("missing", path, {}))
        return None
    if isinstance(tp, type) and issubclass(tp, StrEnum):
        try:
            return tp(data)
        except ValueError:
            issues.append(Issue("not_one_of", path, {"allowed": ", ".join(m.value for m in tp)}))
            return None
    if tp is bool:
        if isinstance(data, bool):
            return data
        issues.append(Issue("expected_boolean", path, {}))
        return None
    if tp is int:
        if isinstance(data, int) and not isinstance(data, bool):
            return data
        issues.append(Issue("expected_integer", path, {}))
        return None
    if tp is str:
        if isinstance(data, str):
            return data
        issues.append(Issue("expected_text", path, {}))
        return None
    if tp is datetime:
        return _read_datetime(data, path, issues)
    if tp is date:
        try:
            return date.fromisoformat(data)
        except (TypeError, ValueError):
            issues.append(Issue("expected_date", path, {}))
            return None
    if tp is bytes:
        try:
            return base64.b64decode(data, validate=True)
        except (TypeError, ValueError, binascii.Error):
            issues.append(Issue("expected_base64", path, {}))
            return None
    raise TypeError(f"no JSON reading for {tp!r}")  # a programming error, not bad input


def _read_datetime(data: JsonValue, path: str, issues: list[Issue]) -> datetime | None:
    try:
        value = datetime.fromisoformat(data)
    except (TypeError, ValueError):
        issues.append(Issue("expected_datetime", path, {}))
        return None
    if value.tzinfo is None:
        issues.append(Issue("datetime_without_offset", path, {}))
        return None
    return value


def _read_dataclass(cls: Any, data: JsonValue, path: str, issues: list[Issue]) -> object:
    if not isinstance(data, dict):
        issues.append(Issue("expected_object", path, {}))
        return None
    hints = _hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}
    for unknown in sorted(set(data) - set(fields)):
        issues.append(Issue("unknown_field", _join(path, unknown), {}))
    values: dict[str, object] = {}
    for name, f in fields.items():
        has_default = (
            f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING
        )
        if name not in data:
            if not has_default:
                issues.append(Issue("missing", _join(path, name), {}))
            continue
        values[name] = _read(hints[name], data[name], _join(path, name), issues)
    try:
        return cls(**values)
    except TypeError:  # only when fields were missing; the issues say which
        return None


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name
