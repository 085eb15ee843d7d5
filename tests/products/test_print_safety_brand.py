"""Safety first and brand colours kept, measured on the rendered PDFs: the clinic's
emergency number in the largest safety text, a pale brand colour kept on rules and
bands and printed as a darker tone of the same hue in titles."""

from __future__ import annotations

import colorsys

import pytest
from printcheck import colour_distance, page_texts, render, source
from test_print_quality import branded

from guidepress.check import measure
from guidepress.look.brand import ALERT

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
