"""QR codes: inline vector SVG that really encodes the link."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
import segno

from guidepress.figures.qr import qr_matrix, qr_svg

URL = "https://example.org/exercises/bridge?lang=en&v=2"


def test_svg_is_inline_and_scalable():
    svg = qr_svg(URL)
    assert not svg.startswith("<?xml")
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    assert root.get("viewBox") and "width" not in root.attrib
    assert root.get("role") == "img"
    title = next(el for el in root.iter() if el.tag.endswith("title"))
    assert URL in title.text


def test_custom_title():
    root = ET.fromstring(qr_svg(URL, title="Video: bridge"))
    assert next(el for el in root.iter() if el.tag.endswith("title")).text == "Video: bridge"


def test_matrix_matches_segno_at_the_same_error_level():
    matrix = qr_matrix(URL)
    reference = segno.make(URL, error="m", micro=False)
    assert matrix == [list(row) for row in reference.matrix]
    assert len(matrix) == len(matrix[0]) == 17 + 4 * reference.version
    size = float(ET.fromstring(qr_svg(URL)).get("viewBox").split()[2])
    assert size == len(matrix) + 8  # four modules of quiet zone each side


def test_printed_code_decodes_to_the_link():
    zxingcpp = pytest.importorskip("zxingcpp")
    weasyprint = pytest.importorskip("weasyprint")
    pdfium = pytest.importorskip("pypdfium2")
    html = f'<style>@page {{ size: 6cm; margin: 0.5cm }} svg {{ width: 4cm }}</style>{qr_svg(URL)}'
    image = pdfium.PdfDocument(weasyprint.HTML(string=html).write_pdf())[0].render(scale=4).to_pil()
    assert [r.text for r in zxingcpp.read_barcodes(image)] == [URL]
