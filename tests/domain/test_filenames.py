"""The name a case keeps for an attached file: a safe base name, whatever came in."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from app.domain.filenames import MAX_FILENAME, safe_filename

BIDI_AND_MARKS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f"


@pytest.mark.parametrize(
    ("name", "safe"),
    [
        ("graffiti.png", "graffiti.png"),
        ("C:\\Users\\ana\\Desktop\\post.pdf", "post.pdf"),
        ("/home/ana/../../etc/passwd", "passwd"),
        ("..", "file"),
        (".", "file"),
        ("", "file"),
        ("   ", "file"),
        ("photos/", "file"),
        (".hidden.jpg", "hidden.jpg"),
        ("report.pdf.", "report.pdf"),
        ("photo\u202egpj.exe", "photogpj.exe"),  # shown as photoexe.jpg with the override
        ("a\x00b\x1bc.txt", "abc.txt"),
        ("two\tlines\nname.txt", "two lines name.txt"),
        ('what?<is>:this|"*.txt', "what__is__this___.txt"),
        ("Фото з місця події.jpg", "Фото з місця події.jpg"),
        ("صورة.png", "صورة.png"),
        ("\udcffbroken.jpg", "broken.jpg"),  # not UTF-8 on disk: a lone surrogate
    ],
)
def test_names(name: str, safe: str) -> None:
    assert safe_filename(name) == safe


def test_a_long_name_is_cut_keeping_its_extension() -> None:
    name = "a" * 300 + ".jpeg"
    assert safe_filename(name) == "a" * (MAX_FILENAME - 5) + ".jpeg"
    assert len(safe_filename("b" * 300)) == MAX_FILENAME
    # Something after the last dot that is too long for an extension is part of the name.
    assert safe_filename("x." + "y" * 200) == ("x." + "y" * 200)[:MAX_FILENAME]


@given(st.text())
@example("..")
@example("a/" + BIDI_AND_MARKS)
@example("." * 200 + "x")
@example(" " * 119 + "." + "z" * 16)
def test_any_name_becomes_a_safe_base_name(name: str) -> None:
    safe = safe_filename(name)
    assert safe not in ("", ".", "..")
    assert len(safe) <= MAX_FILENAME
    assert not {"/", "\\", "\x00"} & set(safe)
    assert all(unicodedata.category(c) not in ("Cc", "Cf", "Cs") for c in safe)
    assert not set(BIDI_AND_MARKS) & set(safe)
    assert safe == safe.strip(" .")
    assert safe_filename(safe) == safe  # already safe: kept as it is
