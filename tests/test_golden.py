"""Golden HTML snapshots: every product in every theme as filled from the templates, and
the routine sheet and the handout as finally laid out.

Two kinds of snapshot, one flag for both:
- ``<product>-<theme>.html``: the HTML a product's templates are first filled with
  (for a product with cards, the measuring layout).
- ``final-<product>-<theme>.html``: the HTML of the last layout of the routine sheet
  and the handout, the one the PDF is made from (what ``--html`` writes, before its
  links to the stylesheets are added). It shows how the cards, tracker, Stop box
  and notes were shared out over the pages, so a change of pagination shows up here
  as a readable diff, page by page. Only the themes that change the layout have one
  (default and large print); the others only recolour it.

When a change is intended (a template, a stylesheet, the pagination), accept it with
``python3 -m pytest tests/test_golden.py --update-golden`` and commit the files in
tests/golden: the diff of that commit is the review of what moved. Only what must
vary is normalised: embedded images by a short hash, the package version by name;
the sheet's dates are pinned (``MADE`` and the prescription's own).
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import re
from pathlib import Path

import jinja2
import pytest
from conftest import DATA

from guidepress.content.loader import DEFAULT_GUIDE, load_guide
from guidepress.content.prescription import load_prescription
from guidepress.errors import UsageError
from guidepress.look.paper import Paper
from guidepress.look.resources import Resources
from guidepress.look.themes import BUILTIN
from guidepress.versions import __version__

GOLDEN = Path(__file__).parent / "golden"
MADE = dt.date(2026, 11, 26)


class Filled(Exception):
    """Raised instead of laying out: carries the HTML a product was filled with."""

    def __init__(self, html: str):
        self.html = html


def _capture(self, *args, **kwargs):
    """The first template a product fills, whole: what the measuring layout of a
    product with cards holds is cut short after its cards (layout/flow.py)."""
    raise Filled(_render(self, *args, **kwargs))


_render = jinja2.Template.render


def _products():
    from guidepress.products.handout import render_booklet_pages, render_handout, write_library_sheet
    from guidepress.products.posters import render_card, render_poster
    from guidepress.products.routine import render_routine

    source = load_guide(DEFAULT_GUIDE)
    rx = load_prescription(DATA / "prescriptions" / "ana.yaml", source.library)
    made = {
        "handout": lambda r: render_handout(source, resources=r),
        "booklet": lambda r: render_booklet_pages(source, resources=r),
        "routine": lambda r: render_routine(source, rx, made=MADE, resources=r),
        "card": lambda r: render_card(source, paper=Paper.a4, resources=r),
        "contact-sheet": lambda r: write_library_sheet(source, Path("unused.pdf"), resources=r),
    }
    for design in source.guide.posters:
        made[f"poster-{design.id}"] = lambda r, d=design.id: render_poster(source, d, resources=r)
    return made


PRODUCTS = _products()
NO_FORM = {("card", "large-print"), ("booklet", "large-print")}  # too small a page for 18 pt cards


def normalise(html: str) -> str:
    """Stable text: embedded images by a short hash, the package version by name."""
    html = re.sub(r"data:image/([\w+]+);base64,[A-Za-z0-9+/=]+",
                  lambda m: f"data:image/{m[1]};sha256={hashlib.sha256(m[0].encode()).hexdigest()[:12]}",
                  html)
    return html.replace(__version__, "VERSION")


FINAL_THEMES = ("default", "large-print")  # the others recolour, they do not lay out anew


def _final_products():
    from guidepress.products.handout import render_handout
    from guidepress.products.routine import render_routine

    source = load_guide(DEFAULT_GUIDE)
    rx = load_prescription(DATA / "prescriptions" / "ana.yaml", source.library)
    return {
        "handout": lambda r: render_handout(source, resources=r),
        "routine": lambda r: render_routine(source, rx, made=MADE, resources=r),
    }


FINAL = _final_products()


def golden_file(product: str, theme: str) -> Path:
    """A theme has its own golden file only where its HTML differs from the default theme's."""
    own = GOLDEN / f"{product}-{theme}.html"
    return own if own.exists() or theme == "default" else GOLDEN / f"{product}-default.html"


def filled_html(product: str, theme: str, monkeypatch) -> str:
    monkeypatch.setattr(jinja2.Template, "render", _capture)
    with pytest.raises(Filled) as filled:
        PRODUCTS[product](Resources(theme=theme))
    return normalise(filled.value.html)


def write_golden(product: str, theme: str, html: str, monkeypatch) -> None:
    own = GOLDEN / f"{product}-{theme}.html"
    GOLDEN.mkdir(exist_ok=True)
    if theme != "default" and html == filled_html(product, "default", monkeypatch):
        own.unlink(missing_ok=True)  # the same as the default theme's: no file of its own
    else:
        own.write_text(html, encoding="utf-8")


@pytest.mark.parametrize("theme", sorted(BUILTIN))
@pytest.mark.parametrize("product", sorted(PRODUCTS))
def test_filled_html_matches_the_golden_file(product, theme, monkeypatch, update_golden):
    if (product, theme) in NO_FORM:
        # a product with no form in a theme refuses it with a message instead of a layout
        with pytest.raises(UsageError, match=f'no "{theme}" form'):
            filled_html(product, theme, monkeypatch)
        return
    html = filled_html(product, theme, monkeypatch)
    if update_golden:
        write_golden(product, theme, html, monkeypatch)
        return
    assert_matches(golden_file(product, theme), html, f"{product} in the {theme} theme")


@pytest.mark.parametrize("theme", FINAL_THEMES)
@pytest.mark.parametrize("product", sorted(FINAL))
def test_final_html_matches_the_golden_file(product, theme, update_golden):
    rendered = FINAL[product](Resources(theme=theme))
    html = normalise(rendered.html)
    golden = GOLDEN / f"final-{product}-{theme}.html"
    if update_golden:
        golden.write_text(html, encoding="utf-8")
        return
    assert_matches(golden, html, f"the final layout of the {product} in the {theme} theme")


def assert_matches(golden: Path, html: str, what: str) -> None:
    """Fail with a readable diff where ``html`` is not the golden file's text."""
    if not golden.exists():
        pytest.fail(f"{golden.name} is missing; run: python3 -m pytest tests/test_golden.py --update-golden")
    expected = golden.read_text(encoding="utf-8")
    if html != expected:
        diff = "".join(list(difflib.unified_diff(
            expected.splitlines(keepends=True), html.splitlines(keepends=True),
            f"golden/{golden.name}", "now", n=2))[:80])
        pytest.fail(f"{what} differs from {golden.name}; if the change is intended, "
                    f"run: python3 -m pytest tests/test_golden.py --update-golden\n{diff}")
