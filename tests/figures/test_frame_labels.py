"""Frame labels ("Start", "Finish") set in a figure's top corners: the corner
chosen is clear of the drawing in the model, and on the printed card the label
sits on bare panel, never on a line of the figure."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest

from guidepress.check.contrast import page_background
from guidepress.check.glyphs import page_glyphs
from guidepress.content.exercises import builtin_library_dir, load_library
from guidepress.figures.draw import draw
from guidepress.figures.labels import LABEL_MM, SMALLEST_MM, label_sides
from tests.printcheck import prescription, render

SCALE = 4  # 288 dpi: a figure line 0.2 mm wide is two pixels


def test_a_label_takes_the_clear_top_corner():
    height, panel = 44.0, 100.0
    wide = LABEL_MM[0] * height / SMALLEST_MM  # the label's width in picture units
    head_left, head_right = (wide / 2, 5.0, 3.0), (panel - wide / 2, 5.0, 3.0)
    low = (panel / 2, height - 5, 3.0)  # under the label's height: never in the way
    assert label_sides([[low], [low]], panel, height) == ("left", "left")
    assert label_sides([[low], [head_left]], panel, height) == ("left", "right")
    # the first frame's label never sits by the divider, nor anywhere when both corners are taken
    assert label_sides([[head_left], [low]], panel, height) == ()
    assert label_sides([[low], [head_left, head_right]], panel, height) == ()
    assert label_sides([[low], [low], [low]], panel, height) == ()  # three frames: a line under them


@pytest.fixture(scope="module")
def labelled():
    return [e.id for e in load_library(builtin_library_dir()) if draw(e.figure).label_sides]


def test_labels_in_the_corners_sit_on_bare_panel(tmp_path, labelled):
    assert len(labelled) >= 8  # most lying and kneeling figures take their labels inside
    pdf = render("routine", tmp_path, rx=prescription(labelled))
    document = pdfium.PdfDocument(str(pdf))
    found = 0
    for number in range(len(document)):
        page = document[number]
        glyphs = page_glyphs(page, number + 1)
        labels = [g for g in glyphs if g.text.strip() in ("Start", "Finish")]
        if not labels:
            continue
        image = page_background(page, glyphs, scale=SCALE)
        height = page.get_height()
        for run in labels:
            left, bottom, right, top = run.box
            area = image.crop((int(left * SCALE) - 2, int((height - top) * SCALE) - 2,
                               int(right * SCALE) + 2, int((height - bottom) * SCALE) + 2))
            colours = area.getcolors(maxcolors=area.width * area.height)
            panel = max(colours)[1]
            stray = [c for n, c in colours if max(abs(a - b) for a, b in zip(c, panel)) > 12]
            assert not stray, (number + 1, run.text, panel, stray[:3])
            found += 1
    assert found == 2 * len(labelled)
