"""``guidepress check`` counts what a page draws again and again before pdfium draws
any of it: a Type 3 font's glyph procedures once for each character shown, a soft
mask once for each thing painted while it is set, and a tiling pattern's cell once
for each thing painted with it; a page past the bound is refused, naming it."""

from __future__ import annotations

import pikepdf
import pytest
from test_check_bounds import pdf_with

from guidepress.check import drawwork
from guidepress.check.pdf import check_pdf
from guidepress.errors import ContentError

N = pikepdf.Name


@pytest.fixture(autouse=True)
def few_draws(monkeypatch):
    monkeypatch.setattr(drawwork, "MAX_DRAWS", 50)


def _form(pdf, times: int = 10):
    """A form that draws a small form ``times`` times."""
    inner = pdf.make_indirect(pikepdf.Stream(pdf, b"0 0 1 1 re f"))
    inner.Type, inner.Subtype, inner.BBox = N.XObject, N.Form, [0, 0, 9, 9]
    form = pdf.make_indirect(pikepdf.Stream(pdf, b"/I Do " * times))
    form.Type, form.Subtype, form.BBox = N.XObject, N.Form, [0, 0, 9, 9]
    form.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(I=inner))
    return form


def _type3(glyphs: int):
    def change(pdf):
        procedures = {f"/g{i}": pdf.make_indirect(pikepdf.Stream(pdf, b"1000 0 d0 /G Do"))
                      for i in range(glyphs)}
        font = pikepdf.Dictionary(
            Type=N.Font, Subtype=N.Type3, FontBBox=[0, 0, 1000, 1000],
            FontMatrix=[0.001, 0, 0, 0.001, 0, 0], CharProcs=pikepdf.Dictionary(procedures),
            Encoding=pikepdf.Dictionary(Type=N.Encoding, Differences=[97, *map(N, procedures)]),
            FirstChar=97, LastChar=96 + glyphs, Widths=[1000] * glyphs,
            Resources=pikepdf.Dictionary(XObject=pikepdf.Dictionary(G=_form(pdf, 2))))
        pdf.pages[0].obj.Resources.Font.T3 = pdf.make_indirect(font)
    return change


def _soft_mask(pdf):
    group = _form(pdf)
    group.Group = pikepdf.Dictionary(S=N.Transparency, CS=N.DeviceGray)
    state = pikepdf.Dictionary(Type=N.ExtGState,
                               SMask=pikepdf.Dictionary(Type=N.Mask, S=N.Luminosity, G=group))
    pdf.pages[0].obj.Resources.ExtGState = pikepdf.Dictionary(GS0=state)


def _pattern(pdf):
    cell = _form(pdf)
    del cell.Type, cell.Subtype
    cell.PatternType, cell.PaintType, cell.TilingType, cell.XStep, cell.YStep = 1, 1, 1, 9, 9
    pdf.pages[0].obj.Resources.Pattern = pikepdf.Dictionary(P1=cell)


FILLS = b" ".join(b"%d 10 5 5 re f" % i for i in range(10))
CASES = {
    "Type 3 glyphs": (_type3(3), b"BT /T3 12 Tf 10 10 Td (abcabcabcabcabcabcabcabcab) Tj ET",
                      b"BT /T3 12 Tf 10 10 Td (abcabc) Tj ET"),
    "a soft mask": (_soft_mask, b"q /GS0 gs " + FILLS + b" Q", b"q /GS0 gs 0 0 5 5 re f Q"),
    "a tiling pattern": (_pattern, b"/Pattern cs /P1 scn " + FILLS, b"/Pattern cs /P1 scn 0 0 5 5 re f"),
}


@pytest.mark.parametrize("change, heavy, light", CASES.values(), ids=CASES.keys())
def test_what_a_page_draws_again_counts_each_time(tmp_path, change, heavy, light):
    with pytest.raises(ContentError, match="heavy.pdf: page 1 draws more than 50 pictures"):
        check_pdf(pdf_with(tmp_path / "heavy.pdf", content=heavy, change=change))
    assert isinstance(check_pdf(pdf_with(tmp_path / "light.pdf", content=light, change=change)),
                      list)


def test_pages_sharing_a_stream_with_resources_of_their_own_are_each_counted(tmp_path):
    """Two pages draw one content stream, ``/X Do``, each with its own resources written
    in the page: the second page's X is a form drawn 100 times over; what the first page
    drew is not taken for it."""
    def two_pages(pdf):
        small = _form(pdf, 1)
        heavy = _form(pdf, 100)
        content = pdf.make_indirect(pikepdf.Stream(pdf, b"/X Do"))
        pdf.pages[0].obj.Contents = content
        pdf.pages[0].obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(X=small))
        pdf.add_blank_page()
        pdf.pages[1].obj.Contents = content
        pdf.pages[1].obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(X=heavy))

    with pytest.raises(ContentError, match="shared.pdf: page 2 draws more than 50 pictures"):
        check_pdf(pdf_with(tmp_path / "shared.pdf", change=two_pages))
