"""The menu entry of a Linux desktop (freedesktop.org Desktop Entry), installed for the user by
`proximity-desk --install-desktop-entry`: the entry and its icon under $XDG_DATA_HOME (default
~/.local/share), with Exec= the absolute path of the program that ran the command."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from app import paths
from app.files import write_file

NAME = "proximity-desk"
# Characters that make an Exec argument need quotes (Desktop Entry Specification, "The Exec key").
_RESERVED = set(" \t\n\"'\\><~|&;$*?#()`")


def program_command() -> list[str]:
    """How to start this very program again: the frozen build's executable, the installed
    `proximity-desk` script that is running, or this Python with `-m app`."""
    if getattr(sys, "frozen", False):
        return [str(Path(sys.executable).absolute())]
    script = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if script is not None and script.name.startswith(NAME) and script.is_file():
        return [str(script.absolute())]
    return [str(Path(sys.executable).absolute()), "-m", "app"]


def exec_value(command: list[str]) -> str:
    """The Exec= value: each argument quoted where the specification asks, `%` doubled (Exec
    expands %-codes), then escaped as any string value."""
    return _string_value(" ".join(_exec_argument(argument) for argument in command))


def _exec_argument(argument: str) -> str:
    if not _RESERVED & set(argument):
        return argument.replace("%", "%%")
    inner = "".join("\\" + c if c in '"`$\\' else c for c in argument)
    return f'"{inner}"'.replace("%", "%%")


def _string_value(text: str) -> str:
    """A string value's escapes: a backslash doubled, a line break as \\n."""
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace("\t", "\\t").replace("\r", "\\r")


def data_home() -> Path:
    value = os.environ.get("XDG_DATA_HOME", "")
    # The specification: a relative path is invalid and is ignored.
    return Path(value) if value and Path(value).is_absolute() else Path.home() / ".local" / "share"


def desktop_entry(command: list[str], icon: Path) -> str:
    template = (paths.resources() / "desktop" / f"{NAME}.desktop").read_text(encoding="utf-8")
    values = {"Exec": exec_value(command), "Icon": _string_value(str(icon))}
    lines = []
    for line in template.splitlines():
        key = line.partition("=")[0]
        lines.append(f"{key}={values[key]}" if key in values else line)
    return "\n".join(lines) + "\n"


def install_desktop_entry(command: list[str] | None = None, home: Path | None = None) -> Path:
    """Writes the icon and the entry, each replacing an earlier one in one step; returns the
    entry's path. Raises OutputError. The icon is named by its absolute path: no icon theme or
    cache to update."""
    home = home or data_home()
    icon = home / "icons" / "hicolor" / "scalable" / "apps" / f"{NAME}.svg"
    icon.parent.mkdir(parents=True, exist_ok=True)
    svg = (paths.resources() / "desktop" / f"{NAME}.svg").read_bytes()
    write_file(icon, svg, force=True, database=None)
    entry = home / "applications" / f"{NAME}.desktop"
    entry.parent.mkdir(parents=True, exist_ok=True)
    text = desktop_entry(command or program_command(), icon)
    write_file(entry, text.encode("utf-8"), force=True, database=None)
    return entry
