"""``guidepress check`` reads a hostile PDF's form fields and annotations within bounds:
a field array of repeated references, a loop through /Kids or nesting too deep ends
with a finding, never a long walk; a page listing too many annotations is refused
before they are read; and a field whose appearance is not a drawing is reported."""

from __future__ import annotations

import time

import pikepdf
import pytest
from test_check_bounds import pdf_with

from guidepress.check import fields, listed
from guidepress.check.pdf import check_pdf
from guidepress.errors import ContentError


def _field(pdf, name: str, kind: str = "/Tx", **extra):
    return pdf.make_indirect(pikepdf.Dictionary(T=pikepdf.String(name), FT=pikepdf.Name(kind),
                                                TU=pikepdf.String(f"The {name} field"), **extra))


def _form(pdf, top: list) -> None:
    pdf.Root.AcroForm = pikepdf.Dictionary(Fields=pikepdf.Array(top))


def _messages(findings) -> list[str]:
    return [f.message for f in findings if f.check == "form fields" and f.level == "error"]


def test_many_references_to_one_field_are_a_finding_not_a_long_walk(tmp_path):
    def repeated(pdf):
        _form(pdf, [_field(pdf, "name")] * (fields.MAX_FIELDS + 1))

    path = pdf_with(tmp_path / "repeated.pdf", change=repeated)
    start = time.monotonic()
    messages = _messages(check_pdf(path))
    assert time.monotonic() - start < 20
    assert any(f"more than {fields.MAX_FIELDS:,} references to form fields" in m for m in messages)


def test_the_cap_counts_every_reference_in_the_tree(tmp_path, monkeypatch):
    """Few fields at the top, each listing many parts: the parts count toward the cap."""
    monkeypatch.setattr(fields, "MAX_FIELDS", 200)

    def wide(pdf):
        widget = pdf.make_indirect(pikepdf.Dictionary(Subtype=pikepdf.Name.Widget))
        _form(pdf, [_field(pdf, f"f{n}", Kids=pikepdf.Array([widget] * 50)) for n in range(5)])

    messages = _messages(check_pdf(pdf_with(tmp_path / "wide.pdf", change=wide)))
    assert any("more than 200 references" in m for m in messages)


def _two_loop(kind_below: str):
    def change(pdf):
        top, below = _field(pdf, "top", "/Tx"), _field(pdf, "below", kind_below)
        top.Kids, below.Kids = pikepdf.Array([below]), pikepdf.Array([top])
        top.Parent, below.Parent = below, top
        _form(pdf, [top])
    return change


def _self_loop(pdf):
    field = _field(pdf, "self")
    field.Kids = pikepdf.Array([field])
    _form(pdf, [field])


LOOPS = {"a field among its own parts": _self_loop,
         "two fields of one kind in each other": _two_loop("/Tx"),
         "two fields of two kinds in each other": _two_loop("/Btn")}


@pytest.mark.parametrize("change", LOOPS.values(), ids=LOOPS.keys())
def test_a_loop_in_the_field_tree_is_an_error(tmp_path, change):
    findings = check_pdf(pdf_with(tmp_path / "loop.pdf", change=change))
    assert any("a loop in /Kids" in m for m in _messages(findings))
    assert not any(f.check == "form fields" and f.level == "ok" for f in findings)


def test_fields_nested_too_deep_are_a_finding(tmp_path):
    def deep(pdf):
        field = _field(pdf, "leaf", "/Tx")
        for level in range(fields.MAX_DEPTH + 5):  # each a container of a field of another kind
            field = _field(pdf, f"level{level}", ("/Ch", "/Sig")[level % 2], Kids=pikepdf.Array([field]))
        _form(pdf, [field])

    messages = _messages(check_pdf(pdf_with(tmp_path / "deep.pdf", change=deep)))
    assert any(f"nested more than {fields.MAX_DEPTH} deep" in m for m in messages)


@pytest.mark.parametrize("normal", [5, pikepdf.Name.Yes, pikepdf.Dictionary(Yes=5, Off=5)],
                         ids=["a number", "a name", "states that are numbers"])
def test_an_appearance_that_is_not_a_drawing_is_missing(tmp_path, normal):
    def button(pdf):
        _form(pdf, [_field(pdf, "done", "/Btn", AP=pikepdf.Dictionary(N=normal))])

    messages = _messages(check_pdf(pdf_with(tmp_path / "button.pdf", change=button)))
    assert any(m.startswith('field "done" has no appearance') for m in messages)


def _links(pdf, count: int, pages: int = 1) -> None:
    link = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link,
                                                Rect=[0, 0, 9, 9]))
    for _ in range(pages - 1):
        pdf.add_blank_page()
    for page in pdf.pages:
        page.obj.Annots = pikepdf.Array([link] * count)


def test_a_page_listing_too_many_annotations_is_refused_before_they_are_read(tmp_path):
    path = pdf_with(tmp_path / "annots.pdf", change=lambda pdf: _links(pdf, listed.MAX_ANNOTATIONS + 1))
    with pytest.raises(ContentError, match=r"annots\.pdf: page 1 lists .*annotations"):
        check_pdf(path)


def test_annotations_are_capped_in_the_whole_file(tmp_path, monkeypatch):
    monkeypatch.setattr(listed, "MAX_FILE_ANNOTATIONS", 250)
    path = pdf_with(tmp_path / "annots.pdf", change=lambda pdf: _links(pdf, 100, pages=3))
    with pytest.raises(ContentError, match=r"page 3 lists annotations past the 250"):
        check_pdf(path)
