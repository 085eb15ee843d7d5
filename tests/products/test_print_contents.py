"""The handout's contents and wording, measured on the rendered PDFs: the exercise
pages listed with their page, no "below" pointing across a page, typographic quotes."""

from __future__ import annotations

import pytest
from printcheck import page_texts, render
from pypdf import PdfReader

from guidepress.check import measure
from guidepress.content.loader import load_guide
from guidepress.content.markup import markdown
from guidepress.look.resources import Resources
from guidepress.products.handout import render_handout
from guidepress.render.product import write_product


def _handout(folder, language=None, edition=None):
    target = folder / f"handout-{language or 'en'}-{edition or 'article'}.pdf"
    guide = load_guide(language=language, edition=edition)
    write_product(render_handout(guide, resources=Resources()), target)
    return target


def listed_and_printed(runs, contents_page: int, title: str) -> tuple[int, int]:
    """The page number the contents (on ``contents_page``) give beside ``title``, and the
    page its title is printed on (larger than in the contents) after them."""
    entry = next(r for r in runs if r.page == contents_page and r.text.strip() == title)
    number = next(r for r in runs if r.page == contents_page and r.text.strip().isdigit()
                  and abs(r.box[3] - entry.box[3]) < 2 and r.box[0] > entry.box[2])
    heading = next(r for r in runs if r.page > contents_page and r.text.strip() == title
                   and r.size > entry.size)
    return int(number.text), heading.page


@pytest.mark.parametrize("language, heading", [(None, "Your exercises"), ("es", "Sus ejercicios")])
def test_the_contents_list_the_exercise_pages_with_their_page(tmp_path, language, heading):
    pdf = render("handout", tmp_path, language=language)
    listed, printed = listed_and_printed(measure.runs(pdf), 1, heading)
    assert listed == printed


@pytest.mark.parametrize("language", [None, "es"])
def test_the_plain_edition_points_to_the_stop_box_without_below(tmp_path, language):
    pdf = _handout(tmp_path, language, "plain")
    text = " ".join(page_texts(pdf)).replace("\xa0", " ")
    heading = load_guide(language=language, edition="plain").guide.safety.heading
    assert f"“{heading}”" in text
    assert not any(word in text for word in (" below.", "más abajo"))


@pytest.mark.parametrize("language", [None, "es"])
def test_printed_prose_has_typographic_quotes(tmp_path, language):
    """Straight quotes and apostrophes become “ ” and ’ in printed prose."""
    pdf = _handout(tmp_path, language, "plain")
    text = " ".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert '"' not in text and "'" not in text
    assert "“" in text


def test_code_keeps_its_straight_quotes():
    html = markdown('Say "hi", don\'t `print("hi")`.')
    assert "“hi”" in html and "don’t" in html and "print(&quot;hi&quot;)" in html


def test_the_booklet_contents_list_its_extra_pages_with_their_page(tmp_path):
    """The plan, record and notes pages a booklet prints are in its contents, each with
    the page (in reading order) its title is on."""
    from guidepress.pdf.imposition import pdf_bytes
    from guidepress.products.handout import extra_pages, render_booklet_pages

    rendered = render_booklet_pages(load_guide(), resources=Resources())
    printed = extra_pages(rendered)
    assert printed  # the built-in guide's booklet has pages to spare
    pdf = tmp_path / "reading-order.pdf"
    pdf.write_bytes(pdf_bytes(rendered))
    runs = measure.runs(pdf)
    labels = {"plan": "Your exercise plan", "record": "Your exercise record",
              "notes": "Notes and questions for your next visit"}
    for kind in printed:
        listed, on = listed_and_printed(runs, 2, labels[kind])
        assert listed == on, kind
