"""Plans kept between runs: a handout whose inputs have not changed is laid out
once, and comes out as the handout measured afresh; anything that changes its
layout (the template's text, a stylesheet, a picture it shows) plans it again."""

from __future__ import annotations

import io
import json

import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader

from guidepress.content.loader import load_guide
from guidepress.look.resources import Resources
from guidepress.products import cardflow, kept
from guidepress.products.contact_sheet import write_library_sheet
from guidepress.products.handout import render_handout
from guidepress.render.engine import PdfRenderer, pdf_bytes


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("GUIDEPRESS_CACHE_DIR", str(folder))
    return folder / kept.FOLDER


def laid_out(folder, resources=None, renderer=None) -> tuple[bytes, list[str]]:
    """The handout's PDF and the HTML of each layout it took (in ``renderer``, if given)."""
    source, resources = load_guide(folder), resources or Resources()
    renderer = renderer or PdfRenderer([source.folder, *resources.roots])
    layouts, render = [], renderer.render

    def spy(html, **options):
        layouts.append(html)
        return render(html, **options)

    renderer.render = spy
    try:
        pdf = pdf_bytes(render_handout(source, resources=resources, renderer=renderer))
    finally:
        renderer.render = render
    return pdf, layouts


def handout(folder, resources=None):
    """The handout's PDF and how many layouts it took."""
    pdf, layouts = laid_out(folder, resources)
    return pdf, len(layouts)


def plans(cache) -> list:
    """The kept plans (the cards' sizes are kept beside them, see test_cardsizes)."""
    return [p for p in cache.glob("*.json") if not p.name.startswith("cards-")]


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def pictures(pdf: bytes) -> list[bytes]:
    document = pdfium.PdfDocument(pdf)
    return [document[i].render(scale=0.5).to_pil().tobytes() for i in range(len(document))]


def test_a_handout_planned_before_is_laid_out_once_and_comes_out_the_same(cache, card_guide):
    measured, first = handout(card_guide)
    assert first >= 2 and len(plans(cache)) == 1
    again, second = handout(card_guide)
    assert second == 1
    assert page_count(again) == page_count(measured) > 1
    assert pictures(again) == pictures(measured)


def test_changed_text_a_changed_stylesheet_or_picture_is_planned_again(cache, card_guide, tmp_path):
    handout(card_guide)
    styles = tmp_path / "styles"
    styles.mkdir()
    (styles / "custom.css").write_text("h1 { letter-spacing: 0.01em }\n")
    resources = Resources(style_dirs=(styles,))
    assert handout(card_guide, resources)[1] >= 2  # another stylesheet
    assert handout(card_guide, resources)[1] == 1
    (styles / "custom.css").write_text("h1 { letter-spacing: 0.02em }\n")
    assert handout(card_guide, resources)[1] >= 2  # the stylesheet changed
    picture = card_guide / "raised-hand.svg"
    picture.write_text(picture.read_text().replace("</svg>", "<!-- changed --></svg>"))
    assert handout(card_guide, resources)[1] >= 2  # a picture the handout shows changed
    text = card_guide / "guide.yaml"
    text.write_text(text.read_text().replace("resting on a pillow", "resting on a cushion"))
    assert handout(card_guide, resources)[1] >= 2  # the card_guide's text changed


def test_an_unreadable_or_stale_plan_is_measured_again(cache, card_guide):
    measured, _ = handout(card_guide)
    (path,) = plans(cache)
    path.write_text("{not json")
    pdf, layouts = handout(card_guide)
    assert layouts >= 2 and pictures(pdf) == pictures(measured)
    assert json.loads(path.read_text())["key"] == path.stem  # written again, whole
    plan = json.loads(path.read_text())
    plan["planned"] = plan["planned"][1:]  # a plan that leaves cards out is not used
    path.write_text(json.dumps(plan))
    pdf, layouts = handout(card_guide)
    assert layouts >= 2 and pictures(pdf) == pictures(measured)


def test_a_kept_plan_whose_layout_splits_a_card_is_not_used(cache, card_guide, monkeypatch):
    measured, _ = handout(card_guide)
    calls, unsplit = [], cardflow._unsplit

    def split_once(document, planned):  # as if a card ran over its page with the kept plan
        calls.append(planned)
        return True if len(calls) == 1 else unsplit(document, planned)

    monkeypatch.setattr(cardflow, "_unsplit", split_once)
    pdf, layouts = handout(card_guide)
    assert layouts >= 3 and len(calls) >= 2  # the kept plan's layout, then measured afresh
    assert pictures(pdf) == pictures(measured)


def test_keeping_can_be_switched_off(tmp_path, monkeypatch, card_guide):
    monkeypatch.setenv("GUIDEPRESS_CACHE_DIR", "off")
    assert kept.cache_folder() is None
    assert handout(card_guide)[1] >= 2 and handout(card_guide)[1] >= 2


def test_the_cache_folder_follows_the_platform_convention(tmp_path, monkeypatch):
    monkeypatch.delenv("GUIDEPRESS_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert kept.cache_folder() == tmp_path / "xdg" / "guidepress" / kept.FOLDER
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert kept.cache_folder() == tmp_path / "home" / ".cache" / "guidepress" / kept.FOLDER

    def no_home():
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(kept.Path, "home", staticmethod(no_home))
    assert kept.cache_folder() is None  # keeps nothing rather than failing the render


def test_a_cache_folder_that_cannot_be_written_only_costs_time(tmp_path, monkeypatch, card_guide):
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the folder would be")
    monkeypatch.setenv("GUIDEPRESS_CACHE_DIR", str(blocked))
    pdf, layouts = handout(card_guide)
    assert layouts >= 2 and page_count(pdf) > 1


def test_the_contact_sheet_keeps_its_plan_too(cache, card_guide, tmp_path):
    source = load_guide(card_guide)
    first = write_library_sheet(source, tmp_path / "a.pdf")
    assert len(plans(cache)) == 1
    second = write_library_sheet(source, tmp_path / "b.pdf")
    assert first.pages == second.pages
    assert pictures((tmp_path / "a.pdf").read_bytes()) == pictures((tmp_path / "b.pdf").read_bytes())
