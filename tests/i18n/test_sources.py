"""Every text of the screens can be extracted for translation."""

from __future__ import annotations

import re
from pathlib import Path

import app

# Babel reads an f-string as one token: a gettext call with a literal inside it is never
# extracted, so that text would stay English in every language.
HIDDEN = re.compile(r"""\bf(["']).*\{[^}]*\b(_|ngettext)\(\s*["']""")


def test_no_gettext_call_with_a_literal_inside_an_f_string() -> None:
    root = Path(app.__file__).parent
    hidden = [
        f"{path.relative_to(root)}:{number}"
        for path in root.rglob("*.py")
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if HIDDEN.search(line)
    ]
    assert hidden == []
