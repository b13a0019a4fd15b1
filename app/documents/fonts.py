"""The printouts' fonts: DejaVu Sans, shipped in resources/fonts/ with its licence and embedded in
every PDF. reportlab's built-in Helvetica is Latin-1 only (black boxes for Latvian, Cyrillic and
Arabic); DejaVu Sans covers Latin with every diacritic, Cyrillic, Greek and the Arabic
presentation forms that arabic-reshaper produces."""

from __future__ import annotations

from functools import cache

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from app import paths

REGULAR = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf"}


@cache
def register() -> None:
    """Registers the fonts with reportlab once per process."""
    folder = paths.resources() / "fonts"
    for name, filename in FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(folder / filename)))
    # <b> in a paragraph picks the bold face; there is no italic face, so italic stays upright.
    for bold, italic, name in ((0, 0, REGULAR), (1, 0, BOLD), (0, 1, REGULAR), (1, 1, BOLD)):
        addMapping(REGULAR, bold, italic, name)


def has_glyph(char: str, font: str = REGULAR) -> bool:
    """Whether the font draws this character (tests check every printed character)."""
    register()
    face = pdfmetrics.getFont(font).face
    return ord(char) in face.charToGlyph
