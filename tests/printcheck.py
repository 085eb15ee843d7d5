"""Shared helpers for the print-quality tests: render each product in each theme
once per session, and the page facts the tests measure (from the PDF itself)."""

from __future__ import annotations

import datetime as dt
import statistics
from functools import cache
from pathlib import Path

from guidepress.check import measure
from guidepress.content.loader import load_guide
from guidepress.content.prescription import prescription_from_options
from guidepress.look.resources import Resources
from guidepress.render.product import write_product

THEMES = ("default", "large-print", "ink-saver", "high-contrast")
SIX = ["plank", "bridge", "bird-dog", "cat-cow", "side-plank", "knee-to-chest"]
MADE = dt.date(2026, 11, 26)
MM_PER_PT = 25.4 / 72

# The bottom page margin (mm) of each product, by theme: the band is measured above it.
BOTTOM_MM = {"handout": 18, "routine": 17, "contact": 18, "booklet": 17}
LARGE_PRINT_BOTTOM_MM = 30


@cache
def source(language: str | None = None):
    return load_guide(language=language)


def prescription(exercises=tuple(SIX), **fields):
    values = {"patient": "Ana García", "clinician": "Dr Lee", "exercises": list(exercises),
              "start": dt.date(2026, 12, 1), "weeks": 4, **fields}
    return prescription_from_options(values, source().library)


def render(kind: str, folder: Path, theme: str = "default", language: str | None = None,
           resources: Resources | None = None, **options) -> Path:
    """Render one product into ``folder`` and return the PDF's path."""
    from guidepress.products.booklet import render_booklet_pages
    from guidepress.products.cards import render_card
    from guidepress.products.contact_sheet import write_library_sheet
    from guidepress.products.handout import render_handout
    from guidepress.products.posters import render_poster
    from guidepress.products.routine import render_routine

    resources = resources or Resources(theme=theme)
    guide = source(language)
    design = options.pop("design", None)
    target = folder / f"{kind}-{theme}-{language or 'en'}.pdf"
    if kind == "contact":
        write_library_sheet(guide, target, resources=resources)
        return target
    rendered = {
        "handout": lambda: render_handout(guide, resources=resources),
        "booklet": lambda: render_booklet_pages(guide, resources=resources),
        "routine": lambda: render_routine(guide, options.pop("rx", None) or prescription(),
                                          made=MADE, resources=resources, **options),
        "poster": lambda: render_poster(guide, design, resources=resources),
        "card": lambda: render_card(guide, resources=resources),
    }[kind]()
    write_product(rendered, target)
    return target


def bottom_margin(kind: str, theme: str) -> float:
    return LARGE_PRINT_BOTTOM_MM if theme == "large-print" else BOTTOM_MM[kind]


def bands(pdf: Path, kind: str, theme: str = "default") -> list[float]:
    """The empty band above the footer on each page but the last, in mm."""
    return measure.empty_bands(pdf, bottom_margin(kind, theme))[:-1]


def band_summary(found: list[float]) -> tuple[float, float]:
    """Largest and mean band (0 and 0 for a one-page product)."""
    return (max(found), statistics.mean(found)) if found else (0.0, 0.0)


def page_texts(pdf: Path) -> list[str]:
    """Each page's text, white space folded."""
    from pypdf import PdfReader

    return [" ".join(page.extract_text().split()) for page in PdfReader(pdf).pages]
