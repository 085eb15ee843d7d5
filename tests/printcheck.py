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
    from guidepress.products.handout import render_booklet_pages, render_handout, write_library_sheet
    from guidepress.products.posters import render_card, render_poster
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


def marks_left_of(pdf: Path, text: str, dpi: float = 200) -> tuple[list[tuple[float, tuple]], float]:
    """The dark marks printed left of the first run of ``text`` (within 20 mm, on the
    row through its middle), as (width mm, colour) from left to right; and the
    run's type size in mm. A heavy rule and a warning symbol show up here."""
    import pypdfium2 as pdfium

    run = next(r for r in measure.runs(pdf) if text in r.text)
    document = pdfium.PdfDocument(str(pdf))
    try:
        page = document[run.page - 1]
        image = measure.render_page(page, dpi)
        height = page.get_height()
    finally:
        document.close()
    scale = dpi / 72
    row = image[int((height - (run.box[1] + run.box[3]) / 2) * scale)]
    right = int(run.box[0] * scale)
    left = max(0, right - int(20 / MM_PER_PT * scale))
    marks, start = [], None
    for x in range(left, right + 1):
        dark = x < right and contrast(tuple(int(c) for c in row[x])) >= 3
        if dark and start is None:
            start = x
        elif not dark and start is not None:
            middle = tuple(int(c) for c in row[(start + x) // 2])
            marks.append(((x - start) / scale * MM_PER_PT, middle))
            start = None
    return marks, run.size * MM_PER_PT


def contrast(rgb: tuple[int, int, int], against: tuple[int, int, int] = (255, 255, 255)) -> float:
    from guidepress.check.contrast import contrast_ratio

    return contrast_ratio(rgb, against)


def colour_distance(a, b) -> float:
    """Euclidean distance between two RGB colours (0 to about 441)."""
    return sum((int(x) - int(y)) ** 2 for x, y in zip(a, b)) ** 0.5
