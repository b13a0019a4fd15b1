"""Right-to-left text, fonts and the DEMO mark, for every printout."""

from __future__ import annotations

import re
import unicodedata

import pytest

from app.documents import consent, leaflet, prosecutor, referral
from app.documents.fonts import REGULAR, has_glyph
from app.documents.layout import Printout, break_lines, direction, visual
from app.documents.text import Words
from tests.documents import samples
from tests.documents.reading import NO_CATALOG, fonts, pages, plain, text_of, translations

# Eighteen Arabic words: enough for three lines or more at the body size in a narrow column.
ARABIC = (
    "يحق لك الحصول على مترجم مجاني عندما تستجوبك الشرطة ويمكنك أن تطلب ترجمة مكتوبة لشكواك"
    " بلغة تفهمها دون أي تكلفة عليك"
)
PHONE = "+351 21 000 0111"


def render_all(demo: bool = False) -> dict[str, bytes]:
    return {
        "leaflet": leaflet.render(samples.leaflet_data(demo=demo), NO_CATALOG, "en"),
        "referral": referral.render(samples.referral_data(demo=demo), NO_CATALOG, "en"),
        "prosecutor": prosecutor.render(samples.prosecutor_data(demo=demo), NO_CATALOG, "en"),
        "consent": consent.render(samples.consent_data(demo=demo), NO_CATALOG, "en"),
    }


def test_lines_are_broken_in_logical_order_and_fit() -> None:
    lines = break_lines(ARABIC, REGULAR, 9.5, 150)
    assert len(lines) >= 3
    assert " ".join(line for line, _direction in lines) == ARABIC
    assert lines[0][0].startswith("يحق لك")
    assert all(base == "R" for _line, base in lines)


def test_a_word_longer_than_the_line_is_cut_not_lost() -> None:
    digest = samples.PHOTO_SHA
    lines = break_lines(digest, REGULAR, 9.5, 100)
    assert len(lines) > 1
    assert "".join(line for line, _base in lines) == digest


def test_a_line_is_drawn_in_visual_order_with_joined_letters() -> None:
    line = "الحق في مترجم"
    shown = visual(line)
    assert shown != line
    assert all("\ufb50" <= c <= "\ufeff" for c in shown if not c.isspace())  # presentation forms
    # Read from the right, the drawn line is the logical text again.
    assert unicodedata.normalize("NFKC", shown[::-1]) == line


def test_direction_follows_the_first_strong_character() -> None:
    assert direction(ARABIC) == "R"
    assert direction(PHONE) == "L"
    assert direction("Harpreet Singh") == "L"
    # A value filled into an Arabic sentence does not decide the sentence's direction.
    assert direction("\u2068Ana Ribeiro\u2069 هو الضابط") == "R"


def test_a_number_filled_into_an_arabic_sentence_keeps_its_order() -> None:
    tr = Words(NO_CATALOG, "ar")
    sentence = tr.fill("اتصل بنا على {phone} في أي وقت", phone=PHONE)
    assert PHONE in visual(sentence)
    # Without the isolation the bidirectional algorithm reverses the groups of digits.
    assert PHONE not in visual(sentence.replace("\u2068", "").replace("\u2069", ""))


def test_a_long_arabic_paragraph_reads_in_order_line_by_line_in_the_pdf() -> None:
    tr = Words(NO_CATALOG, "ar")
    doc = Printout(tr, title="عنوان", station="Station", printed_at=samples.PRINTED)
    doc.grid(["عنوان"], [[ARABIC]], [0.3])  # a narrow column: several lines
    text = pages(doc.pdf())[0]
    lines = [plain(line).strip() for line in text.splitlines()]
    words = ARABIC.split()
    start = next(i for i, line in enumerate(lines) if line.startswith(words[0]))
    paragraph = lines[start : start + 10]
    taken: list[str] = []
    for line in paragraph:
        if len(taken) == len(words):
            break
        taken += line.split()
    assert len(paragraph) >= 3
    # The first words on the first line, the last words on the last: never the reverse.
    assert taken == words


def test_an_arabic_leaflet_prints_its_translated_sentences_in_order() -> None:
    source = (
        "This leaflet tells you your rights. If something is not clear, ask us: we explain it,"
        " with an interpreter if you need one. You can keep this leaflet."
    )
    catalog = translations("ar", {source: ARABIC, "Your rights as a victim": "حقوقك كضحية"})
    pdf = leaflet.render(samples.leaflet_data(), catalog, "ar")
    text = text_of(pdf)
    assert ARABIC in text
    assert "حقوقك كضحية" in text
    # Case data keeps its own order in the right-to-left document.
    assert samples.REFERENCE in text
    assert samples.OFFICER.phone in text


@pytest.mark.parametrize("demo", [True, False])
def test_every_printout_embeds_dejavu_only_and_says_demo_on_a_demo_database(demo: bool) -> None:
    for name, pdf in render_all(demo).items():
        assert fonts(pdf) == {"DejaVuSans", "DejaVuSans-Bold"}, name
        for number, page in enumerate(pages(pdf), start=1):
            said = "DEMO — synthetic data" in plain(page)
            assert said is demo, f"{name} page {number}"


def test_every_character_of_every_printout_has_a_glyph() -> None:
    for name, pdf in render_all().items():
        missing = {c for c in text_of(pdf) if not c.isspace() and not has_glyph(c)}
        assert missing == set(), name


def test_the_footer_counts_the_pages_of_each_copy() -> None:
    pdf = referral.render(samples.referral_data(), NO_CATALOG, "en")
    numbers: dict[str, list[tuple[int, int]]] = {}
    for page in pages(pdf):
        text = plain(page)
        copy = re.search(r"Copy for the (support service|person referred|case file)", text)
        found = re.search(r"Page (\d+) of (\d+)", text)
        assert copy is not None
        assert found is not None
        numbers.setdefault(copy.group(1), []).append((int(found[1]), int(found[2])))
    assert list(numbers) == ["support service", "person referred", "case file"]
    for counted in numbers.values():
        total = len(counted)
        assert counted == [(n, total) for n in range(1, total + 1)]


def test_brackets_laid_out_right_to_left_face_the_right_way() -> None:
    from app.documents.layout import visual  # noqa: PLC0415

    # Drawn left to right: the closing bracket of "(سري)" must be on the left, facing its text.
    assert visual("غير مطبوع (سري).").startswith(".(")
    assert visual("غير مطبوع (سري).").count(")") == 1
    # Left-to-right text inside Arabic keeps its brackets as they are.
    assert "(DEMO)" in visual("نص (DEMO) نص")
    assert "LIS-01 (R1)" in visual("الحالة: LIS-01 (R1) انتهى")
