"""`shown`: an enum value's label, also for the values issue 12 added whose labels the lead adds
to app/ui/labels.py (SharedData, LinkKind, SeriesBasis, the new CoordinationKind values). Until a
table has the value, its id in words. Once labels.py has them, `shown` is `labels.label`."""

from __future__ import annotations

from enum import StrEnum

from app.ui import labels


def shown(value: StrEnum | None) -> str:
    if value is None:
        return ""
    table = labels.TABLES.get(type(value), {})
    if value in table:
        return labels.label(value)
    return str(value).replace("_", " ").capitalize()
