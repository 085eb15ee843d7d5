"""``guidepress check`` draws each page (for the contrast check) in a child process
with a time limit: a PDF of a few kilobytes that asks pdfium for minutes of drawing
on one page is reported, not waited on; an ordinary page draws as it would in the
process itself."""

from __future__ import annotations

import subprocess
import sys
import time

import pypdfium2 as pdfium
import pytest
from test_check_bounds import pdf_with

from guidepress.check import drawing
from guidepress.check.pdf import check_pdf

A0 = (2384, 3370)
TEXT = b"BT /F1 24 Tf 72 700 Td (Hello) Tj ET"


def _fills(count: int) -> bytes:
    """``count`` fills of a whole A0 page, then a line of text."""
    return b"q " + b"0 0 2384 3370 re f " * count + b"Q 1 1 1 rg " + TEXT


def test_a_page_that_takes_too_long_to_draw_is_reported_not_waited_on(tmp_path):
    """In a process of its own, as ``guidepress check`` runs (the test session may have
    threads running, in which case pages are drawn in the process itself)."""
    path = pdf_with(tmp_path / "slow.pdf", _fills(3000), size=A0)
    script = ("import sys; from guidepress.check import contrast; contrast.PAGE_SECONDS = 0.5; "
              "from guidepress.check.pdf import check_pdf; "
              "print([f.where + ': ' + f.message for f in check_pdf(sys.argv[1]) "
              "if f.check == 'contrast'])")
    started = time.monotonic()
    found = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True,
                           text=True, timeout=120, check=True).stdout
    assert time.monotonic() - started < 20  # the whole page draws in about 25 s here
    assert "pages 1: not measured: drawing the page failed or took longer than 0.5 s" in found


@pytest.mark.skipif(not drawing.can_fork(), reason="pages are drawn in the process itself here")
def test_a_page_drawn_in_the_child_is_the_page_drawn_here(tmp_path):
    path = pdf_with(tmp_path / "page.pdf", b"0.2 0.4 0.6 rg 50 50 300 400 re f " + TEXT)
    document = pdfium.PdfDocument(str(path))
    try:
        page = document[0]
        child = drawing.draw_within(page, 1.0, 30)
        here = page.render(scale=1.0).to_pil().convert("RGB")
        assert child.size == here.size
        assert child.tobytes() == here.tobytes()
    finally:
        document.close()


def test_a_quick_page_is_measured(tmp_path):
    path = pdf_with(tmp_path / "quick.pdf", _fills(3), size=A0)
    found = check_pdf(path)
    assert not [f for f in found if f.check == "contrast" and f.level == "error"]
    assert any(f.check == "contrast" and "measured against" in f.message for f in found)
