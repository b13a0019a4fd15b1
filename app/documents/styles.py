"""Paragraph styles of the printouts: one sans-serif family, sizes readable on paper, A4."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from app.documents.fonts import BOLD, REGULAR

PAGE = A4
MARGIN = 18 * mm
TOP_MARGIN = 24 * mm  # room for the running header
BOTTOM_MARGIN = 20 * mm  # and the footer
FRAME_WIDTH = PAGE[0] - 2 * MARGIN

INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#555555")
RULE = colors.HexColor("#9a9a9a")
SHADE = colors.HexColor("#eeeeee")
DEMO_INK = colors.HexColor("#b3261e")
DEMO_SHADE = colors.Color(0.70, 0.15, 0.12, alpha=0.10)


@dataclass(frozen=True)
class Styles:
    title: ParagraphStyle
    subtitle: ParagraphStyle
    heading: ParagraphStyle
    subheading: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    label: ParagraphStyle
    value: ParagraphStyle
    notice: ParagraphStyle
    bullet: ParagraphStyle


def styles(rtl: bool) -> Styles:
    """The styles of a left-to-right or a right-to-left document."""
    start = TA_RIGHT if rtl else TA_LEFT

    def style(name: str, **kw: object) -> ParagraphStyle:
        base: dict[str, object] = {
            "fontName": REGULAR,
            "fontSize": 9.5,
            "leading": 12.5,
            "textColor": INK,
            "alignment": start,
        }
        return ParagraphStyle(name, **(base | kw))

    return Styles(
        title=style("title", fontName=BOLD, fontSize=17, leading=21, spaceAfter=2),
        subtitle=style("subtitle", fontSize=10.5, leading=14, textColor=MUTED, spaceAfter=8),
        heading=style(
            "heading", fontName=BOLD, fontSize=12, leading=15, spaceBefore=10, spaceAfter=4
        ),
        subheading=style(
            "subheading",
            fontName=BOLD,
            fontSize=10,
            leading=13,
            spaceBefore=6,
            spaceAfter=1,
            keepWithNext=1,  # never alone at the foot of a page
        ),
        body=style("body", spaceAfter=4),
        small=style("small", fontSize=8, leading=10.5, textColor=MUTED),
        label=style("label", fontName=BOLD, fontSize=8.5, leading=11),
        value=style("value", fontSize=9, leading=11.5),
        notice=style("notice", fontName=BOLD, fontSize=9, leading=12, alignment=TA_CENTER),
        bullet=style(
            "bullet",
            spaceAfter=2,
            bulletFontName=REGULAR,
            bulletIndent=0,
            leftIndent=0 if rtl else 12,
            rightIndent=12 if rtl else 0,
        ),
    )
