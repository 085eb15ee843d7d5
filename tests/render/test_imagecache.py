"""A renderer's cached SVG images do not keep the documents they were first drawn in."""

from __future__ import annotations

import gc
import io
import weakref

from pypdf import PdfReader

from guidepress.render.engine import PdfRenderer, pdf_bytes

LOGO = ('<svg xmlns="http://www.w3.org/2000/svg" width="120" height="30">'
        '<rect width="20" height="20" fill="#246"/>'
        '<text x="26" y="18" font-family="sans-serif" font-size="14">Riverside</text></svg>')


def page(body: str) -> str:
    return (f'<!doctype html><html lang="en"><head><title>Test</title></head>'
            f'<body>{body}<img src="logo.svg" alt="Riverside"></body></html>')


def text_of(pdf: bytes) -> str:
    return " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)


def test_a_cached_svg_keeps_no_earlier_document_alive(tmp_path):
    (tmp_path / "logo.svg").write_text(LOGO, encoding="utf-8")
    renderer = PdfRenderer([tmp_path])
    first = renderer.render(page("<p>First sheet</p>"), base_dir=tmp_path, stylesheets=[])
    pdf_bytes(first)
    kept = weakref.ref(first.document)
    styles = weakref.ref(next(iter(first.document.pages))._page_box.style)
    del first
    renderer.render(page("<p>Second sheet</p>"), base_dir=tmp_path, stylesheets=[])
    gc.collect()
    assert kept() is None and styles() is None, "the image cache still holds the first document"


def test_a_cached_svg_with_text_still_draws_in_later_documents(tmp_path):
    """The stand-in context holds what drawing an SVG's text and linked images asks of one."""
    (tmp_path / "logo.svg").write_text(LOGO, encoding="utf-8")
    renderer = PdfRenderer([tmp_path])
    pdfs = [pdf_bytes(renderer.render(page(f"<p>Sheet {n}</p>"), base_dir=tmp_path,
                                      stylesheets=[])) for n in (1, 2, 3)]
    for n, pdf in enumerate(pdfs, 1):
        assert f"Sheet {n}" in text_of(pdf) and "Riverside" in text_of(pdf)
