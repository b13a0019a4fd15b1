"""`proximity-desk --install-desktop-entry`: the Linux menu entry and its icon, for this user."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.cli import main
from app.desktop_entry import exec_value

VALIDATE = shutil.which("desktop-file-validate")


def entry_keys(text: str) -> dict[str, str]:
    assert text.startswith("[Desktop Entry]\n")
    return dict(line.split("=", 1) for line in text.splitlines()[1:] if line)


def parse_exec(value: str) -> list[str]:
    """An Exec value read back as a launcher does (Desktop Entry Specification 1.5): the string
    escapes, then the quoting, then %%."""
    unescaped, i = [], 0
    while i < len(value):
        if value[i] == "\\":
            unescaped.append({"s": " ", "n": "\n", "t": "\t", "r": "\r", "\\": "\\"}[value[i + 1]])
            i += 2
        else:
            unescaped.append(value[i])
            i += 1
    text, arguments, current, quoted, i = "".join(unescaped), [], "", False, 0
    while i < len(text):
        c = text[i]
        if quoted and c == "\\":
            assert text[i + 1] in '"`$\\'
            current += text[i + 1]
            i += 1
        elif c == '"':
            quoted = not quoted
        elif c == " " and not quoted:
            arguments.append(current)
            current = ""
        else:
            assert quoted or c not in "\"'\\><~|&;$*?#()`\t\n", c  # unquoted reserved character
            current += c
        i += 1
    assert not quoted
    arguments.append(current)
    return [argument.replace("%%", "%") for argument in arguments]


@given(
    st.lists(
        st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), min_size=1),
        min_size=1,
        max_size=3,
    )
)
def test_any_command_survives_the_exec_quoting(command: list[str]) -> None:
    assert "%" not in exec_value(command).replace("%%", "")  # no field code by accident
    assert parse_exec(exec_value(command)) == command


def test_the_entry_starts_the_running_script_by_its_absolute_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    script = tmp_path / "my tools" / "proximity-desk"
    script.parent.mkdir()
    script.write_text("#!/bin/sh\n")
    monkeypatch.setattr(sys, "argv", [str(script), "--install-desktop-entry"])
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))

    assert main(["--install-desktop-entry"]) == 0

    entry = tmp_path / "data" / "applications" / "proximity-desk.desktop"
    assert f"Menu entry written: {entry}" in capsys.readouterr().out
    keys = entry_keys(entry.read_text(encoding="utf-8"))
    assert parse_exec(keys["Exec"]) == [str(script)]
    assert keys["Icon"] == str(tmp_path / "data/icons/hicolor/scalable/apps/proximity-desk.svg")
    assert Path(keys["Icon"]).read_bytes().startswith(b"<?xml")
    assert keys["Name"] == "Proximity Desk"
    if VALIDATE:
        subprocess.run([VALIDATE, str(entry)], check=True)


def test_without_xdg_data_home_the_entry_goes_under_home(tmp_path: Path) -> None:
    """The installed command itself, as the README says to run it."""
    program = Path(sys.executable).with_name("proximity-desk")
    environment = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "XDG_DATA_HOME": "relative"}
    subprocess.run([program, "--install-desktop-entry"], env=environment, check=True)

    entry = tmp_path / ".local/share/applications/proximity-desk.desktop"
    assert parse_exec(entry_keys(entry.read_text(encoding="utf-8"))["Exec"]) == [str(program)]
    # Run again (a new version installed): the entry is replaced, not refused.
    subprocess.run([program, "--install-desktop-entry"], env=environment, check=True)


def test_a_folder_that_cannot_be_written_is_said_without_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "applications").mkdir()
    (tmp_path / "applications" / "proximity-desk.desktop").mkdir()  # a folder in the way
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert main(["--install-desktop-entry"]) == 1
    assert "proximity-desk.desktop" in capsys.readouterr().err
