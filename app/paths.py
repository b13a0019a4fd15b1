"""Finds resources/ and translations/ in a checkout, an installed wheel or a frozen build."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parent.parent


def _candidates(name: str) -> list[Path]:
    frozen = getattr(sys, "_MEIPASS", None)
    found = [Path(frozen) / name] if frozen else []
    # An installed wheel carries them as data folders beside `app` (see setup.py); looked for
    # before a checkout's, since another package may have left a `resources` in site-packages.
    found.append(CHECKOUT / f"proximity_desk_{name}")
    found.append(CHECKOUT / name)
    return found


@cache
def _find(name: str) -> Path:
    for path in _candidates(name):
        if path.is_dir():
            return path
    raise FileNotFoundError(f"the program's {name} folder is missing; reinstall the program")


def resources() -> Path:
    return _find("resources")


def translations() -> Path:
    return _find("translations")


def protocols() -> Path:
    return resources() / "protocols"


def training() -> Path:
    """The bundled worked cases (app.domain.training_cases)."""
    return resources() / "training"
