"""Safety first and brand colours kept, measured on the rendered PDFs: the clinic's
emergency number in the largest safety text, a pale brand colour kept on rules and
bands and printed as a darker tone of the same hue in titles."""

from __future__ import annotations

import colorsys

import pytest
from pypdf import PdfReader
from printcheck import colour_distance, page_texts, prescription, render, source
from test_print_quality import LONG, branded

from guidepress.check import measure
from guidepress.config.workspace import Clinic
from guidepress.look.brand import ALERT
from guidepress.look.resources import Resources

PALE = "#f5e66b"


def _coloured(rgb) -> bool:
    """Printed in a colour, neither grey nor the alert red of the safety parts."""
    _, _, saturation = colorsys.rgb_to_hls(*(c / 255 for c in rgb[:3]))
    return saturation > 0.3 and colour_distance(rgb[:3], ALERT) > 40


def _hue(rgb) -> float:
    return colorsys.rgb_to_hls(*(c / 255 for c in rgb[:3]))[0] * 360


@pytest.mark.parametrize("language", [None, "es"])
@pytest.mark.parametrize("kind", ["handout", "routine", "poster"])
def test_the_emergency_number_is_in_the_largest_safety_text(tmp_path, kind, language):
    """The urgent heading says "Call 999" (not "your local emergency number"), and the
    number is set at least as large as the largest safety text: the Stop box's headline,
    or on the when-to-stop poster the urgent heading it opens with."""
    pdf = render(kind, tmp_path, language=language, resources=branded(), design="when-to-stop")
    safety = source(language).guide.safety
    urgent = next(group for group in safety.groups if group.urgent)
    text = " ".join(page_texts(pdf))
    assert urgent.call_heading.split("{number}")[0] + "999" in text
    assert urgent.heading not in text
    runs = measure.runs(pdf)
    heads = [r.size for r in runs if safety.heading in r.text and r.size > 12.5]
    heads += [r.size for r in runs if urgent.call_heading.split("{number}")[1][:12] in r.text]
    numbers = [r.size for r in runs if r.text.strip() == "999"]
    assert numbers and min(numbers) >= max(heads) - 0.1, (numbers, heads)


def test_without_an_emergency_number_the_guide_wording_stays(tmp_path):
    pdf = render("routine", tmp_path, resources=branded(emergency_number=""))
    urgent = next(group for group in source().guide.safety.groups if group.urgent)
    assert urgent.heading in " ".join(page_texts(pdf))


def test_a_pale_brand_colour_keeps_its_hue_in_titles(tmp_path):
    """Titles print a darker tone of the clinic's hue (within 3 degrees, measured from the
    PDF's text colours) that reaches 4.5:1; the warning says so and what stays pale."""
    resources = branded(colours=[("--color-accent", PALE)])
    warnings = resources.brand_warnings()
    assert any(PALE in w and "same hue" in w for w in warnings)
    assert any(PALE in w and "kept as it is" in w for w in warnings)
    for kind in ("handout", "routine"):
        pdf = render(kind, tmp_path, resources=resources)
        titles = [r for r in measure.runs(pdf) if r.size >= 14 and _coloured(r.colour)]
        assert titles, kind
        for run in titles:
            apart = abs(_hue(run.colour) - _hue((0xf5, 0xe6, 0x6b)))
            assert min(apart, 360 - apart) <= 3, (kind, run.text, run.colour)
        assert min(m.ratio for m in measure.text_contrast(pdf)) >= 4.5


def test_a_pale_brand_colour_fills_the_poster_band_behind_dark_text(tmp_path):
    import pypdfium2 as pdfium

    pdf = render("poster", tmp_path, resources=branded(colours=[("--color-accent", PALE)]),
                 design="when-to-stop")
    document = pdfium.PdfDocument(str(pdf))
    try:
        image = measure.render_page(document[0], 30)
    finally:
        document.close()
    corner = tuple(int(c) for c in image[3][len(image[0]) // 2])
    assert max(abs(a - b) for a, b in zip(corner, (0xf5, 0xe6, 0x6b))) <= 3
    assert min(m.ratio for m in measure.text_contrast(pdf)) >= 4.5


def _url_pieces(pdf, url: str) -> list[str]:
    """The lines a web address is printed across, in order (from the PDF's text)."""
    lines = [line.strip() for page in PdfReader(pdf).pages
             for line in page.extract_text().replace("\xa0", " ").splitlines()]
    for i, line in enumerate(lines):
        if url[:12] not in line:
            continue
        pieces = [line[line.index(url[:12]):]]
        while len("".join(pieces)) < len(url) and i + 1 < len(lines):
            i += 1
            pieces.append(lines[i][:len(url) - len("".join(pieces))])
        return pieces
    return []


@pytest.mark.parametrize("theme", ["default", "large-print"])
@pytest.mark.parametrize("kind", ["handout", "routine", "poster"])
def test_a_long_web_address_breaks_only_after_a_slash_or_dot(tmp_path, kind, theme):
    """Never mid-word or at a hyphen, never straight after "https://"."""
    pdf = render(kind, tmp_path, theme, resources=branded(theme), design="when-to-stop")
    url = LONG["website"]
    pieces = _url_pieces(pdf, url)
    assert "".join(pieces) == url, pieces
    for piece in pieces[:-1]:
        assert piece.endswith(("/", ".")) and piece != "https://", pieces


def _logo_box(pdf, colour=(0, 200, 83), dpi: float = 72) -> tuple[float, float, float, float]:
    """Where the logo's fill colour prints on page 1, in PDF points (left, bottom, right, top)."""
    import numpy
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    try:
        image = numpy.asarray(measure.render_page(document[0], dpi))[..., :3].astype(int)
        height = document[0].get_height()
    finally:
        document.close()
    rows, columns = numpy.nonzero(numpy.abs(image - colour).sum(axis=2) < 12)
    scale = 72 / dpi
    return (columns.min() * scale, height - rows.max() * scale, columns.max() * scale,
            height - rows.min() * scale)


def test_the_large_print_sheet_keeps_its_clinic_lock_up_whole(tmp_path):
    """The logo, then the name and the details right below it, from the logo's left
    edge: the lock-up stays one block, its long phone and web address inside the page."""
    logo = tmp_path / "logo.svg"
    logo.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60">'
                    '<rect width="200" height="60" fill="#00c853"/></svg>')
    resources = Resources(theme="large-print", clinic=Clinic(**LONG), logo=logo)
    pdf = render("routine", tmp_path, "large-print", resources=resources)
    left, bottom, _, top = _logo_box(pdf)
    runs = [r for r in measure.runs(pdf) if r.page == 1]
    details = [r for r in runs if r.box[1] < top and any(w in r.text for w in (LONG["name"][:20], "Unit 14B",
                                                            "+44 (0)20", "https://"))]
    assert len(details) == 4, [r.text for r in details]  # the running head above left out
    assert all(r.box[3] < bottom for r in details)  # all below the logo
    assert bottom - max(r.box[3] for r in details) < 12  # and right below it
    assert all(abs(r.box[0] - left) < 3 for r in details), (left, [r.box for r in details])
    width = float(PdfReader(pdf).pages[0].mediabox.width)
    assert all(r.box[2] <= width - 5 / (25.4 / 72) for r in runs)


def test_the_clinic_lock_up_heads_the_sheet_and_costs_no_page(tmp_path):
    """The default theme's lock-up is one band above the title, its details beside the
    logo; the title and the patient's details keep the page's width, so the issue's
    six-exercise sheet, branded, keeps the unbranded sheet's four pages."""
    logo = tmp_path / "logo.svg"
    logo.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="60" height="60">'
                    '<rect width="60" height="60" fill="#00c853"/></svg>')
    clinic = Clinic(name="Riverside Physiotherapy and Sports Injury Clinic",
                    address=["12 River Road", "Springfield SP1 2AB"], phone="+44 20 7946 0123",
                    website="https://www.riverside-physio.example.org/patients")
    rx = prescription(["plank 3x30s", "bird-dog 2x8 2/day", "bridge 2x12", "cat-cow 1x10 2/day",
                       "side-plank 2x20s", "hamstring-stretch 2x30s"])
    (tmp_path / "plain").mkdir()
    plain = render("routine", tmp_path / "plain", rx=rx)
    pdf = render("routine", tmp_path, rx=rx, resources=Resources(clinic=clinic, logo=logo))
    assert len(PdfReader(pdf).pages) == len(PdfReader(plain).pages) == 4
    left, bottom, right, top = _logo_box(pdf)
    runs = [r for r in measure.runs(pdf) if r.page == 1]
    # the name in the band, not the running head above it
    name = next(r for r in runs if r.text.startswith("Riverside Physiotherapy") and r.box[3] < top + 3)
    title = next(r for r in runs if "Your home exercise programme" in r.text)
    assert name.box[0] > right and name.box[1] > bottom  # beside the logo
    assert title.box[3] < bottom and title.box[1] > bottom - 40  # the title right under the band
    assert title.box[2] - title.box[0] > 100  # on one line: the lock-up takes none of its width
