"""What every printout is built of: a page with a running header and footer (and DEMO on a demo
database, TRAINING on a training one), titles, paragraphs, label/value tables, lists and signature
lines, in a left-to-right or a right-to-left language.

Arabic: reportlab neither joins Arabic letters nor orders right-to-left text. The recipe that works
(ENVIRONMENT.md) is `bidi.get_display(arabic_reshaper.reshape(line))`, drawn right-aligned, one
line at a time: the LOGICAL text is first broken into lines by measuring it with the font, then
each line is reshaped and reordered on its own. (Reordering a whole paragraph and letting reportlab
wrap it prints the first words of the sentence on the last line.)
"""

from __future__ import annotations

import io
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any
from xml.sax.saxutils import escape

import arabic_reshaper
from bidi import get_display
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from app.documents.fonts import BOLD, REGULAR, register
from app.documents.styles import (
    BOTTOM_MARGIN,
    DEMO_INK,
    DEMO_SHADE,
    FRAME_WIDTH,
    MARGIN,
    MUTED,
    PAGE,
    RULE,
    SHADE,
    TOP_MARGIN,
    styles,
)
from app.documents.text import Words
from app.domain.marks import DatabaseMark

# Invisible direction marks: useless once a line is in visual order, and U+061C (Arabic letter
# mark, which Babel's Arabic formats may contain) is not in the font.
_DIRECTION_MARKS = dict.fromkeys(
    map(ord, "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
)
# Control characters typed or pasted into a field: drawn as nothing, or as a space.
_CONTROLS = {ord("\t"): " ", ord("\r"): None, ord("\f"): None, ord("\v"): None}
EMPTY = "—"


def clean(text: str) -> str:
    """Text as it can be printed: tabs as spaces, no stray control characters, no U+061C."""
    return text.translate(_CONTROLS).replace("\u061c", "\u200f")


# ------------------------------------------------------------------------ right to left


def direction(text: str) -> str:
    """ "R" or "L": the direction of the text's first strong character (UAX #9, P2-P3).
    Arabic sentences read right to left; a phone number, an e-mail address or an English text
    that has no translation yet keeps its left-to-right order, right-aligned."""
    depth = 0  # inside an isolate (a value filled into a sentence), which does not count
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("LRI", "RLI", "FSI"):
            depth += 1
        elif kind == "PDI":
            depth = max(0, depth - 1)
        elif depth == 0 and kind in ("R", "AL"):
            return "R"
        elif depth == 0 and kind == "L":
            return "L"
    return "L"


def visual(line: str, base: str = "") -> str:
    """One line of logical text in display order, Arabic letters joined, ready to draw."""
    shown = get_display(arabic_reshaper.reshape(line), base_dir=base or direction(line))
    return mirror_reversed_pairs(str(shown).translate(_DIRECTION_MARKS))


_OPENING, _CLOSING = "([{«‹", ")]}»›"
_MIRROR = str.maketrans(_OPENING + _CLOSING, _CLOSING + _OPENING)


def mirror_reversed_pairs(shown: str) -> str:
    """python-bidi 0.6 reorders but does not mirror (UAX #9, L4): a pair of brackets laid out
    right to left arrives as ")…(" and would be drawn facing outwards. In display order such a
    pair is the one that does not match left to right: its two halves are swapped here, while a
    pair inside left-to-right text ("(DEMO)", "LIS-01 (R1)") already matches and stays."""
    reversed_at: list[int] = []
    open_at: list[int] = []
    for index, char in enumerate(shown):
        if char in _OPENING:
            open_at.append(index)
        elif char in _CLOSING:
            if open_at and _OPENING.index(shown[open_at[-1]]) == _CLOSING.index(char):
                open_at.pop()
            else:
                reversed_at.append(index)
    reversed_at += open_at
    if not reversed_at:
        return shown
    chars = list(shown)
    for index in reversed_at:
        chars[index] = chars[index].translate(_MIRROR)
    return "".join(chars)


def _width(text: str, font: str, size: float) -> float:
    shaped = arabic_reshaper.reshape(text.translate(_DIRECTION_MARKS))
    return float(stringWidth(shaped, font, size))


Line = tuple[str, str]  # logical text, and the direction of the paragraph it belongs to


def break_lines(text: str, font: str, size: float, width: float) -> list[Line]:
    """The logical text broken into lines that fit `width` once shaped; newlines are kept."""
    register()
    lines: list[Line] = []
    for paragraph in clean(text).split("\n"):
        base = direction(paragraph)
        current = ""
        # Spaces only: a no-break space (U+00A0) keeps what it joins on one line, and its width.
        for word in (w for w in paragraph.split(" ") if w):
            candidate = f"{current} {word}" if current else word
            if current and _width(candidate, font, size) > width:
                lines.append((current, base))
                candidate = word
            current = candidate
            while len(current) > 1 and _width(current, font, size) > width:
                # A word longer than the line (a long e-mail address, a hash): cut it.
                cut = len(current) - 1
                while cut > 1 and _width(current[:cut], font, size) > width:
                    cut -= 1
                lines.append((current[:cut], base))
                current = current[cut:]
        lines.append((current, base))
    return lines


class RightToLeft(Flowable):  # type: ignore[misc]
    """A paragraph of a right-to-left document: broken into lines first, then each line shaped,
    reordered and drawn right-aligned (or centred)."""

    def __init__(self, text: str, style: ParagraphStyle, lines: list[Line] | None = None) -> None:
        super().__init__()
        self.text = text
        self.style = style
        self.keepWithNext = getattr(style, "keepWithNext", 0)
        self.lines: list[Line] = lines or []
        self._fixed = lines is not None

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        style = self.style
        if not self._fixed:
            inner = avail_width - style.leftIndent - style.rightIndent
            self.lines = break_lines(self.text, style.fontName, style.fontSize, inner)
        self.width = avail_width
        self.height = len(self.lines) * style.leading
        return self.width, self.height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        self.wrap(avail_width, avail_height)
        fits = int(avail_height // self.style.leading)
        if fits <= 0:
            return []
        if fits >= len(self.lines):
            return [self]
        first = RightToLeft(self.text, self.style, self.lines[:fits])
        first.keepWithNext = 0
        return [first, RightToLeft(self.text, self.style, self.lines[fits:])]

    def getSpaceBefore(self) -> float:
        return float(self.style.spaceBefore)

    def getSpaceAfter(self) -> float:
        return float(self.style.spaceAfter)

    def draw(self) -> None:
        style = self.style
        canvas = self.canv
        canvas.setFont(style.fontName, style.fontSize)
        canvas.setFillColor(style.textColor)
        y = self.height - style.fontSize
        for line, base in self.lines:
            shown = visual(line, base)
            if style.alignment == TA_CENTER:
                canvas.drawCentredString(self.width / 2, y, shown)
            else:
                canvas.drawRightString(self.width - style.rightIndent, y, shown)
            y -= style.leading


# ------------------------------------------------------------------------------- pages


def _style(commands: list[tuple[Any, ...]]) -> TableStyle:
    """A table style; cells that hold a plain string use the document font, not Helvetica."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), REGULAR), *commands])


class _Canvas(Canvas):  # type: ignore[misc]
    """Keeps every page until the end, so that the footer can say "page 2 of 3" per copy."""

    printout: Printout

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []
        self.copy_key = ""

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        totals = Counter(page["copy_key"] for page in self._pages)
        seen: Counter[str] = Counter()
        for page in self._pages:
            self.__dict__.update(page)
            seen[self.copy_key] += 1
            self.printout.footer(self, self.copy_key, seen[self.copy_key], totals[self.copy_key])
            super().showPage()
        super().save()


class Printout:
    """One PDF: call the building methods in reading order, then `pdf()`. Its copies (`copy`) may
    be in different languages, e.g. the service's copy and the victim's copy of a referral."""

    def __init__(
        self,
        tr: Words,
        *,
        title: str,
        station: str,
        printed_at: datetime,
        reference: str = "",
        demo: DatabaseMark = DatabaseMark.NONE,
    ) -> None:
        register()
        self.title_text = title
        self.station = station
        self.reference = reference
        self.printed_at = printed_at
        self.demo = demo
        self.story: list[Flowable] = []
        self.templates: list[PageTemplate] = []
        self.languages: dict[str, Words] = {}
        self._use(tr)
        self._new_template("main", title)

    def _use(self, tr: Words) -> None:
        """The language (and direction) of what is added from now on."""
        self.tr = tr
        self.rtl = tr.rtl
        self.styles = styles(tr.rtl)

    # ------------------------------------------------------------------ building blocks

    def para(self, text: str, style: ParagraphStyle | None = None) -> Flowable:
        """A paragraph of plain text (never markup: case data may contain < and &)."""
        style = style or self.styles.body
        if self.rtl:
            return RightToLeft(text, style)
        return Paragraph(escape(clean(text)).replace("\n", "<br/>"), style)

    def title(self, text: str, subtitle: str = "") -> None:
        self.story.append(self.para(text, self.styles.title))
        if subtitle:
            self.story.append(self.para(subtitle, self.styles.subtitle))

    def heading(self, text: str) -> None:
        # Never alone at the bottom of a page.
        self.story.append(CondPageBreak(60))
        self.story.append(self.para(text, self.styles.heading))

    def subheading(self, text: str) -> None:
        self.story.append(CondPageBreak(40))
        self.story.append(self.para(text, self.styles.subheading))

    def text(self, text: str, style: ParagraphStyle | None = None) -> None:
        if text.strip():
            self.story.append(self.para(text, style))

    def small(self, text: str) -> None:
        self.text(text, self.styles.small)

    def bullets(self, items: Iterable[str]) -> None:
        for item in items:
            if self.rtl:
                self.story.append(RightToLeft(f"• {item}", self.styles.bullet))
            else:
                flow = Paragraph(escape(clean(item)), self.styles.bullet, bulletText="•")
                self.story.append(flow)

    def space(self, height: float = 6) -> None:
        self.story.append(Spacer(1, height))

    def fields(
        self,
        rows: Sequence[tuple[str, str]],
        *,
        skip_empty: bool = False,
        label_share: float = 0.32,
    ) -> None:
        """Label and value, one row each; an empty value prints as a dash, or not at all."""
        if skip_empty:
            rows = [(label, value) for label, value in rows if value.strip()]
        if not rows:
            return
        label_style, value_style = self.styles.label, self.styles.value
        cells = [
            self._row([self.para(label, label_style), self.para(value or EMPTY, value_style)])
            for label, value in rows
        ]
        widths = self._row([FRAME_WIDTH * label_share, FRAME_WIDTH * (1 - label_share)])
        label_column = -1 if self.rtl else 0
        table = Table(cells, colWidths=widths, splitInRow=1, hAlign="CENTER")
        table.setStyle(
            _style(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("BACKGROUND", (label_column, 0), (label_column, -1), SHADE),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                    ("LINEABOVE", (0, 0), (-1, 0), 0.4, RULE),
                    ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                    ("LEFTPADDING", (0, 0), (-1, -1), 4),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ]
            )
        )
        self.story.append(table)
        self.space(4)

    def grid(
        self, header: Sequence[str], rows: Sequence[Sequence[str]], shares: Sequence[float]
    ) -> None:
        """A table with a header row repeated on every page; `shares` of the width per column."""
        head = self._row([self.para(text, self.styles.label) for text in header])
        body = [
            self._row([self.para(text or EMPTY, self.styles.value) for text in row]) for row in rows
        ]
        widths = self._row([FRAME_WIDTH * share for share in shares])
        table = Table([head, *body], colWidths=widths, repeatRows=1, splitInRow=1, hAlign="CENTER")
        table.setStyle(
            _style(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                    ("GRID", (0, 0), (-1, -1), 0.4, RULE),
                    ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                    ("LEFTPADDING", (0, 0), (-1, -1), 4),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                ]
            )
        )
        self.story.append(table)
        self.space(4)

    def blanks(self, labels: Sequence[str]) -> None:
        """Rows to fill in by hand."""
        self.fields([(label, "\n") for label in labels])

    def notice(self, text: str) -> None:
        """A framed line the reader must not miss (confidentiality, emergencies)."""
        table = Table([[self.para(text, self.styles.notice)]], colWidths=[FRAME_WIDTH])
        table.setStyle(
            _style(
                [
                    ("BOX", (0, 0), (-1, -1), 0.8, MUTED),
                    ("TOPPADDING", (0, 0), (-1, -1), 4),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
                ]
            )
        )
        self.story.append(table)
        self.space(6)

    def signatures(self, labels: Sequence[str]) -> None:
        """A line to sign and a line for the date, for each signer."""
        date = self.tr("Date")
        rows = [
            self._row(
                [
                    self.para(label, self.styles.label),
                    "",
                    self.para(date, self.styles.label),
                    "",
                ]
            )
            for label in labels
        ]
        widths = self._row(
            [FRAME_WIDTH * 0.28, FRAME_WIDTH * 0.34, FRAME_WIDTH * 0.16, FRAME_WIDTH * 0.22]
        )
        lines = (1, 3) if not self.rtl else (2, 0)
        commands: list[tuple[Any, ...]] = [
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ("TOPPADDING", (0, 0), (-1, -1), 16),
        ]
        commands += [("LINEBELOW", (col, 0), (col, -1), 0.6, MUTED) for col in lines]
        table = Table(rows, colWidths=widths)
        table.setStyle(_style(commands))
        self.story.append(KeepTogether([Spacer(1, 6), table]))
        self.space(8)

    def copy(self, key: str, title: str, tr: Words | None = None) -> None:
        """Starts a copy of the document (the service's, the victim's, the file's) on a new page,
        with its name in the header, its own page count, and its own language if `tr` is given."""
        if tr is not None:
            self._use(tr)
        if self.story:
            self._new_template(key, title)
            self.story += [NextPageTemplate(key), PageBreak()]
        else:
            self.templates = []
            self._new_template(key, title)

    def page_break(self) -> None:
        self.story.append(PageBreak())

    def _row(self, cells: list[Any]) -> list[Any]:
        """Table columns read from the right in a right-to-left language."""
        return cells[::-1] if self.rtl else cells

    # ------------------------------------------------------------------ pages

    def _new_template(self, key: str, title: str) -> None:
        frame = Frame(
            MARGIN, BOTTOM_MARGIN, FRAME_WIDTH, PAGE[1] - TOP_MARGIN - BOTTOM_MARGIN,
            leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0, id=key,
        )  # fmt: skip

        self.languages[key] = self.tr

        def on_page(canvas: _Canvas, _doc: object) -> None:
            canvas.copy_key = key
            self.header(canvas, key, title)

        self.templates.append(PageTemplate(id=key, frames=[frame], onPage=on_page))

    @staticmethod
    def _draw(canvas: Canvas, x: float, y: float, text: str, anchor: str, rtl: bool) -> None:
        """A header or footer string at x (its start, end or centre), in the page's direction."""
        shown = visual(text) if rtl else clean(text)
        if anchor == "centre":
            canvas.drawCentredString(x, y, shown)
        elif anchor == "end":
            canvas.drawRightString(x, y, shown)
        else:
            canvas.drawString(x, y, shown)

    @staticmethod
    def _sides(rtl: bool) -> tuple[tuple[float, str], tuple[float, str]]:
        """Where a line starts and where it ends: left and right, or right and left."""
        left, right = (MARGIN, "start"), (PAGE[0] - MARGIN, "end")
        return (right, left) if rtl else (left, right)

    def header(self, canvas: Canvas, key: str, title: str) -> None:
        tr = self.languages[key]
        draw = self._draw
        width, height = PAGE
        (start_x, start_anchor), (end_x, end_anchor) = self._sides(tr.rtl)
        canvas.saveState()
        if self.demo:
            word, warning = self._mark_words(tr)
            canvas.setFillColor(DEMO_SHADE)
            # TRAINING is longer than DEMO: smaller, to stay on the page.
            canvas.setFont(BOLD, 84 if self.demo is DatabaseMark.TRAINING else 120)
            canvas.translate(width / 2, height / 2)
            canvas.rotate(40)
            canvas.drawCentredString(0, -40, word)
            canvas.rotate(-40)
            canvas.translate(-width / 2, -height / 2)
            canvas.setFillColor(DEMO_INK)
            canvas.setFont(BOLD, 8.5)
            draw(canvas, width / 2, height - 10 * mm, warning, "centre", tr.rtl)
        canvas.setFillColor(MUTED)
        canvas.setFont(REGULAR, 8)
        y = height - TOP_MARGIN + 9
        draw(canvas, start_x, y, self.station, start_anchor, tr.rtl)
        canvas.setFont(BOLD, 8)
        draw(canvas, end_x, y, title, end_anchor, tr.rtl)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, y - 4, width - MARGIN, y - 4)
        canvas.restoreState()

    def footer(self, canvas: Canvas, key: str, page: int, pages: int) -> None:
        tr = self.languages[key]
        draw = self._draw
        width = PAGE[0]
        (start_x, start_anchor), (end_x, end_anchor) = self._sides(tr.rtl)
        canvas.saveState()
        canvas.setFillColor(MUTED)
        canvas.setFont(REGULAR, 7.5)
        y = BOTTOM_MARGIN - 12
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, y + 9, width - MARGIN, y + 9)
        if self.reference:
            case = tr.fill(tr("Case {reference}"), reference=self.reference)
            draw(canvas, start_x, y, case, start_anchor, tr.rtl)
        printed = tr.fill(tr("Printed {when}"), when=tr.when(self.printed_at))
        draw(canvas, width / 2, y, printed, "centre", tr.rtl)
        numbers = tr.fill(tr("Page {page} of {pages}"), page=page, pages=pages)
        draw(canvas, end_x, y, numbers, end_anchor, tr.rtl)
        if self.demo:
            canvas.setFillColor(DEMO_INK)
            canvas.setFont(BOLD, 7.5)
            draw(canvas, width / 2, y - 10, self._mark_words(tr)[0], "centre", tr.rtl)
        canvas.restoreState()

    def _mark_words(self, tr: Words | None) -> tuple[str, str]:
        """The mark's word (DEMO, TRAINING: the same in every language, as on the screen's
        title) and its warning line in the page's language (`tr`; None: the word only)."""
        if self.demo is DatabaseMark.TRAINING:
            warning = "" if tr is None else tr("TRAINING — a practice case, not a real case.")
            return "TRAINING", warning
        warning = "" if tr is None else tr("DEMO — synthetic data, not a real case. Do not use.")
        return "DEMO", warning

    def pdf(self) -> bytes:
        out = io.BytesIO()
        document = BaseDocTemplate(
            out,
            pagesize=PAGE,
            pageTemplates=self.templates,
            title=self.title_text + (f" — {self._mark_words(None)[0]}" if self.demo else ""),
            author=self.station,
            creator="Proximity Desk",
            lang=str(next(iter(self.languages.values())).locale),
            initialFontName=REGULAR,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=TOP_MARGIN,
            bottomMargin=BOTTOM_MARGIN,
        )
        printout = self

        class PageCanvas(_Canvas):
            pass

        PageCanvas.printout = printout
        document.build(list(self.story), canvasmaker=PageCanvas)
        return out.getvalue()
