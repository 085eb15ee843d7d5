"""Page furniture measured on the rendered PDFs: the patient's name whole in the
running head, week labels on one line, figures in each theme's own colours, and
the guide's own authors credited on unbranded output."""

from __future__ import annotations

import numpy
import pypdfium2 as pdfium
import pytest
from printcheck import page_texts, prescription, render, source

from guidepress.check import measure
from guidepress.figures import palette

LONG_NAME = "Margaret O'Sullivan-Fernández"


@pytest.mark.parametrize("language", [None, "es"])
def test_a_long_patient_name_stays_whole_in_the_large_print_running_head(tmp_path, language):
    pdf = render("routine", tmp_path, "large-print", language=language,
                 rx=prescription(patient=LONG_NAME))
    for number, text in enumerate(page_texts(pdf), start=1):
        assert LONG_NAME in text and "…" not in text, (number, text[:120])


@pytest.mark.parametrize("theme", ["default", "large-print"])
def test_the_tracker_week_labels_keep_to_one_line(tmp_path, theme):
    pdf = render("routine", tmp_path, theme, language="es")
    labels = [r.text.strip() for r in measure.runs(pdf) if r.text.strip().startswith("Semana")]
    assert {"Semana 1", "Semana 4"} <= set(labels), labels


def _pixels(pdf, colour_test) -> int:
    """How many pixels of the first page (at 100 dpi) pass ``colour_test``."""
    document = pdfium.PdfDocument(str(pdf))
    try:
        image = numpy.asarray(measure.render_page(document[0], 100))[..., :3].astype(int)
    finally:
        document.close()
    return int(colour_test(image).sum())


def _red(image):
    return (image[..., 0] - numpy.maximum(image[..., 1], image[..., 2])) > 60


def _far_grey(image):
    far = tuple(int(palette.FAR_INK[i:i + 2], 16) for i in (1, 3, 5))
    return numpy.abs(image - far).sum(axis=2) <= 8


def test_ink_saver_figures_print_no_red_arrows(tmp_path):
    assert _pixels(render("routine", tmp_path, "default"), _red) > 100  # the arrows, in red
    assert _pixels(render("routine", tmp_path, "ink-saver"), _red) == 0


def test_high_contrast_figures_outline_far_limbs_darker(tmp_path):
    """The default far-limb grey (4.8:1) mostly gone: the high-contrast outline reaches 7:1.
    What stays is the mat's edge, whose anti-aliased line passes through the same grey in
    both themes (about a quarter of the default's count, more as figures fill their frames)."""
    assert palette.contrast(palette.THEMED["high-contrast"][palette.FAR_INK]) >= 7
    default = _pixels(render("routine", tmp_path, "default"), _far_grey)
    high = _pixels(render("routine", tmp_path, "high-contrast"), _far_grey)
    assert default > 500 and high < 0.3 * default, (default, high)


@pytest.mark.parametrize("language", [None, "es"])
def test_unbranded_output_credits_the_guides_authors(tmp_path, language):
    for kind in ("handout", "poster"):
        text = " ".join(page_texts(render(kind, tmp_path, language=language,
                                          design="when-to-stop")))
        assert source(language).guide.author in text.replace("\n", " ")
        assert "guidepress" not in text.lower(), kind


def test_a_clinic_name_that_fits_beside_the_patients_stays_on_one_line(tmp_path):
    """The running head shares the page's width by what each side holds: a clinic name
    of 48 characters beside a long patient name keeps to one line (it wrapped to two,
    "Clinic" alone, when the clinic had a fixed 38 %)."""
    from test_print_quality import branded

    clinic = "Riverside Physiotherapy and Sports Injury Clinic"
    pdf = render("routine", tmp_path, resources=branded(name=clinic, short_name=""),
                 rx=prescription(patient=LONG_NAME))
    runs = [r for r in measure.runs(pdf.read_bytes()) if r.page == 2]
    top = max(r.box[3] for r in runs)
    head = [r for r in runs if r.box[3] > top - 14]  # the running head's line, not below it
    text = " ".join(r.text for r in head)
    assert clinic in " ".join(text.split()) and LONG_NAME in text, text
    assert len({round(r.box[1]) for r in head}) <= 2, [(r.text, r.box) for r in head]
