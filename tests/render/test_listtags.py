"""Lists and link descriptions in the tags of any HTML a clinic's templates may
hold: the shapes WeasyPrint tags in ways PDF/UA-1 does not allow."""

from __future__ import annotations

import io

import pikepdf
import pytest
from tagged import items, tree
from validate import heading_problems, link_problems, list_problems

from guidepress.render.engine import PdfRenderer, pdf_bytes

PICTURE = ('<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20">'
           '<rect width="20" height="20"/></svg>')


@pytest.fixture
def tagged_pdf(tmp_path):
    """Render an HTML body to a tagged PDF/UA-1 file, opened with pikepdf."""
    (tmp_path / "dot.svg").write_text(PICTURE, encoding="utf-8")
    renderer = PdfRenderer([tmp_path])
    opened = []

    def render(body: str, style: str = ""):
        html = (f'<!doctype html><html lang="en"><head><title>Test</title>'
                f"<style>{style}</style></head><body>{body}</body></html>")
        rendered = renderer.render(html, base_dir=tmp_path, stylesheets=[],
                                   pdf_variant="pdf/ua-1", pdf_tags=True)
        opened.append(pikepdf.open(io.BytesIO(pdf_bytes(rendered))))
        return opened[-1]

    yield render
    for pdf in opened:
        pdf.close()


def roles(element) -> list[str]:
    return [str(k.S) for k in items(element.get("/K")) if isinstance(k, pikepdf.Dictionary) and "/S" in k]


def test_a_description_list_in_groups_side_by_side_is_items_of_label_and_body(tagged_pdf):
    pdf = tagged_pdf('<dl class="facts">\n <div><dt>Patient</dt><dd>Ana</dd></div>\n'
                     ' <div><dt>Phone</dt><dd>0123</dd><dd>0456</dd></div>\n</dl>',
                     ".facts div { display: inline-block; margin-right: 5mm }")
    assert list_problems(pdf) == []
    facts = next(e for e in tree(pdf) if e.S == "/L")
    assert roles(facts) == ["/LI", "/LI"]
    assert [roles(item) for item in items(facts.K)] == [["/Lbl", "/LBody"]] * 2
    second_body = items(items(facts.K)[1].K)[1]
    assert roles(second_body) == ["/Span", "/Span"]  # both numbers, in one body
    assert all(k.P == second_body for k in items(second_body.K))


def test_anything_else_directly_in_a_list_becomes_an_item_of_its_own(tagged_pdf):
    pdf = tagged_pdf("<ul><li>One</li><div>Two</div><li>Three</li></ul>")
    assert list_problems(pdf) == []
    assert roles(next(e for e in tree(pdf) if e.S == "/L")) == ["/LI"] * 3


def test_a_linked_picture_is_described_by_its_alt_text(tagged_pdf):
    pdf = tagged_pdf('<p><a href="https://example.org/"><img src="dot.svg" alt="Our clinic"></a></p>')
    links = [a for page in pdf.pages for a in page.obj.get("/Annots", []) if a.Subtype == "/Link"]
    assert links and link_problems(pdf) == []
    assert {str(a.Contents) for a in links} == {"Our clinic"}


def test_the_structure_checks_name_what_pdf_ua_forbids(tagged_pdf):
    """The checks tests/validate.py adds to pdfua's find the faults they are for."""
    pdf = tagged_pdf('<h1>Title</h1><h2 style="height: 5mm"></h2><p><a href="#x">Go</a></p>'
                     '<ul><li id="x">There</li></ul>')
    assert heading_problems(pdf) == ["empty /H2"]
    for page in pdf.pages:
        for annotation in page.obj.get("/Annots", []):
            del annotation.Contents
    assert link_problems(pdf) == ["page 1: link without /Contents ('')"]
    item = next(e for e in tree(pdf) if e.S == "/LI")
    item.S = pikepdf.Name.Div  # its list now holds a Div, its bullet and body no item
    assert list_problems(pdf) == ["L holding ['/Div']", "Lbl inside /Div", "LBody inside /Div"]
