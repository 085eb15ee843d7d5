"""Imposition: booklet page order, booklet sheets, the pocket card and its sheet."""

from __future__ import annotations

import re

import pypdfium2 as pdfium
import pytest
from conftest import normalise
from pypdf import PdfReader

from guidepress.content.loader import load_guide
from guidepress.look.paper import PT_PER_MM
from guidepress.pdf.imposition import booklet_sides

PAGE_NUMBER = re.compile(r"Page (\d+) of (\d+)")


def _text_in(page, boxes) -> list[str]:
    """Text of a pypdfium2 page inside each (left, bottom, right, top) box. pypdfium2
    places text drawn through form XObjects (how pages sit on a sheet) where it shows."""
    text = page.get_textpage()
    return [normalise(text.get_text_bounded(*box)) for box in boxes]


def halves(page, vertical: bool = False) -> tuple[str, str]:
    """Text of the left and right halves of a sheet side (or bottom and top)."""
    width, height = page.get_size()
    if vertical:
        return tuple(_text_in(page, [(0, 0, width, height / 2), (0, height / 2, width, height)]))
    return tuple(_text_in(page, [(0, 0, width / 2, height), (width / 2, 0, width, height)]))


def quadrants(page) -> list[str]:
    """Text of the four quarters of a sheet: bottom-left, bottom-right, top-left, top-right."""
    width, height = page.get_size()
    return _text_in(page, [(x, y, x + width / 2, y + height / 2)
                           for y in (0, height / 2) for x in (0, width / 2)])


def page_number(text: str) -> int | None:
    found = PAGE_NUMBER.search(text)
    return int(found.group(1)) if found else None


# Booklet page order

@pytest.mark.parametrize("count, padded", [(1, 4), (4, 4), (5, 8), (8, 8), (22, 24)])
def test_booklet_order_pads_to_a_multiple_of_four_and_uses_every_page_once(count, padded):
    sides = booklet_sides(count)
    assert len(sides) == padded // 2
    pages = [i for side in sides for i in side if i is not None]
    assert sorted(pages) == list(range(count))
    assert sum(i is None for side in sides for i in side) == padded - count


def test_booklet_order_for_eight_pages():
    # sheet 1: 8|1 on the front, 2|7 on the back; sheet 2: 6|3, then 4|5 (1-based)
    assert booklet_sides(8) == [(7, 0), (1, 6), (5, 2), (3, 4)]


def test_a_back_cover_stays_the_outside_back_with_the_blanks_before_it():
    # six pages on two sheets: the blanks are pages 6 and 7, the back cover page 8
    assert booklet_sides(6, back_cover=True) == [(5, 0), (1, None), (None, 2), (3, 4)]


def test_facing_pages_on_every_side_add_up_to_the_last_page():
    for left, right in booklet_sides(24):
        assert left + right == 23


# The handout as a booklet

@pytest.fixture(scope="module")
def booklet(tmp_path_factory):
    from guidepress.products.handout import write_booklet

    target = tmp_path_factory.mktemp("booklet") / "booklet.pdf"
    written = write_booklet(load_guide(), target)
    assert written.warnings == []
    return target


def test_booklet_sheets_are_a4_landscape_with_a5_pages(booklet):
    reader = PdfReader(booklet)
    for page in reader.pages:
        assert float(page.mediabox.width) == pytest.approx(297 * PT_PER_MM, abs=0.5)
        assert float(page.mediabox.height) == pytest.approx(210 * PT_PER_MM, abs=0.5)
    assert (2 * len(reader.pages)) % 4 == 0


def test_booklet_sides_carry_the_right_page_pairs(booklet):
    reader = pdfium.PdfDocument(booklet)
    second = halves(reader[1])[0]  # page 2, inside the front cover
    total = int(PAGE_NUMBER.search(second).group(2))  # the handout's own page count
    expected = booklet_sides(total, back_cover=True)  # the clinic details stay outside
    assert len(reader) == len(expected)
    def folio(index):  # the covers (the first page and the last) carry no folio
        return None if index in (None, 0, total - 1) else index + 1

    for page, (left, right) in zip(reader, expected):
        left_text, right_text = halves(page)
        assert page_number(left_text) == folio(left)
        assert page_number(right_text) == folio(right)
        if left is None:
            assert left_text == ""
        if right is None:
            assert right_text == ""
    assert "Back in Action" in halves(reader[0])[1]  # the title page is page 1, on the right


def test_handout_booklet_command_on_letter(run_cli, tmp_path):
    result = run_cli("handout", "--booklet", "--paper", "letter")
    assert result.exit_code == 0, result.output
    target = tmp_path / "output" / "back-in-action-booklet.pdf"
    assert "wrote output/back-in-action-booklet.pdf" in result.stdout
    reader = PdfReader(target)
    assert [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages[:1]] == [(792, 612)]
    assert len(reader.pages) % 2 == 0
    assert reader.metadata.title == "Back in Action: Running and Lower Back Pain"


def test_the_booklet_has_no_large_print_form(run_cli, tmp_path):
    result = run_cli("handout", "--booklet", "--theme", "large-print")
    assert result.exit_code == 1
    assert 'the booklet has no "large-print" form' in result.stderr and "without --booklet" in result.stderr
    assert not (tmp_path / "output").exists() or not any((tmp_path / "output").iterdir())


# The pocket card

@pytest.fixture(scope="module")
def source():
    return load_guide()


def test_card_is_two_a6_faces_front_exercises_back_warning_signs(run_cli, tmp_path):
    source = load_guide(edition="plain")  # the card prints the plain edition
    result = run_cli("card")
    assert result.exit_code == 0, result.output
    assert "wrote output/back-in-action-card.pdf (2 pages)" in result.stdout
    reader = PdfReader(tmp_path / "output" / "back-in-action-card.pdf")
    for page in reader.pages:
        assert float(page.mediabox.width) == pytest.approx(105 * PT_PER_MM, abs=0.5)
        assert float(page.mediabox.height) == pytest.approx(148 * PT_PER_MM, abs=0.5)
    front, back = (normalise(p.extract_text()) for p in reader.pages)
    core = next(s for s in source.guide.all_sections() if s.id == "core-exercises")
    for ex in map(source.library.resolve, core.exercises):
        assert ex.name in front and ex.dose.summary() in front
    for group in source.guide.safety.groups:
        assert all(normalise(sign) in back for sign in group.signs)
    assert "Put ice on the sore area." in back  # the safety text, not the FAQ
    assert back.index("Call your local emergency number") < back.index("A fever.")  # urgent first
    assert "Exercises for a strong belly and back" in front and "When to stop and get help" in back


def test_card_sheet_has_four_cards_per_side_with_cut_marks(run_cli, tmp_path):
    result = run_cli("card", "--sheet", "-o", "sheet.pdf")
    assert result.exit_code == 0, result.output
    reader = PdfReader(tmp_path / "sheet.pdf")
    drawn = pdfium.PdfDocument(tmp_path / "sheet.pdf")
    assert len(reader.pages) == 2
    titles = ("Exercises for a strong belly and back", "When to stop and get help")
    for page, shown, title in zip(reader.pages, drawn, titles):
        assert float(page.mediabox.width) == pytest.approx(210 * PT_PER_MM, abs=0.5)
        assert normalise(page.extract_text()).count(title) == 4
        assert all(text.count(title) == 1 for text in quadrants(shown))
        marks = page.get_contents().get_data().decode("latin-1")
        middle = re.escape(f"{float(page.mediabox.width) / 2:.2f}")
        assert re.search(rf"\b{middle} 0(\.0+)? m\b", marks)  # a cut mark at the foot of the middle cut


@pytest.mark.parametrize("theme", ["default", "high-contrast"])
def test_card_bands_and_text_stay_6mm_inside_the_cut_edge(source, theme, tmp_path):
    """Measured on the drawn faces: the coloured title bands (and all text but the
    footer, which sits on the bottom edge's margin) keep 6 mm from every cut edge,
    out of reach of office printers' margins and uneven cutting."""
    import numpy

    from guidepress.look.resources import Resources
    from guidepress.products.posters import render_card

    pdf = render_card(source, resources=Resources(theme=theme)).document.write_pdf()
    dpi = 150
    for page in pdfium.PdfDocument(pdf):
        image = page.render(scale=dpi / 72).to_pil().convert("RGB")
        pixels = numpy.asarray(image).astype(int)
        coloured = (pixels.max(axis=2) - pixels.min(axis=2)) > 60  # the bands' blue and red
        rows, cols = coloured.any(axis=1).nonzero()[0], coloured.any(axis=0).nonzero()[0]
        mm = 25.4 / dpi
        height, width = coloured.shape
        assert rows[0] * mm >= 5.8 and cols[0] * mm >= 5.8
        assert (width - 1 - cols[-1]) * mm >= 5.8 and (height - 1 - rows[-1]) * mm >= 5.8
        ink = (255 - pixels).max(axis=2) > 24
        sides = ink.any(axis=0).nonzero()[0]
        assert sides[0] * mm >= 5.8 and (width - 1 - sides[-1]) * mm >= 5.8
        assert ink.any(axis=1).nonzero()[0][0] * mm >= 5.8


def test_card_sheet_backs_mirror_the_fronts_for_duplex():
    from guidepress.look.paper import CARD_SIZES, SHEETS, Paper
    from guidepress.pdf.imposition import card_slots

    for paper in Paper:
        sheet, card = SHEETS[paper], CARD_SIZES[paper]
        width = sheet.points[0]
        fronts = card_slots(sheet, *card.points, mirrored=False)
        backs = card_slots(sheet, *card.points, mirrored=True)
        for (fx, fy), (bx, by) in zip(fronts, backs):
            assert bx == pytest.approx(width - fx - card.points[0])  # flipped on the long edge
            assert by == fy


def test_card_on_letter_is_a_quarter_of_the_sheet(run_cli, tmp_path):
    result = run_cli("card", "--sheet", "--paper", "letter", "-o", "sheet.pdf")
    assert result.exit_code == 0, result.output
    page = PdfReader(tmp_path / "sheet.pdf").pages[0]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == (612, 792)
    shown = pdfium.PdfDocument(tmp_path / "sheet.pdf")[0]
    assert all(text.count("Exercises for a strong belly and back") == 1 for text in quadrants(shown))
