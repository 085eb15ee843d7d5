"""Measure a rendered PDF as a reader meets it: type sizes, text contrast against
the pixels behind each run of text, line lengths, and the empty band left at
the foot of each page.

Everything here reads the finished PDF (pdfium, through ``check.glyphs`` and
``check.contrast``), not the stylesheets, so it holds whatever theme, brand
colours or user CSS made the page.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from guidepress.check.bounds import render_scale
from guidepress.check.contrast import behind, contrast_ratio, page_background
from guidepress.check.glyphs import Glyphs, page_glyphs
from guidepress.errors import ContentError


@dataclass(frozen=True)
class Measured:
    """One run of text, the colour behind it and the contrast it prints at."""

    run: Glyphs
    background: tuple[int, int, int]
    ratio: float


def _document(pdf):
    import pypdfium2 as pdfium

    return pdfium.PdfDocument(str(pdf) if isinstance(pdf, Path) else pdf)


def runs(pdf) -> list[Glyphs]:
    """Every visible run of text on every page."""
    document = _document(pdf)
    try:
        pages = [document[i] for i in range(len(document))]
        return [run for n, page in enumerate(pages, start=1) for run in page_glyphs(page, n)]
    finally:
        document.close()


def smallest(found: list[Glyphs]) -> float:
    """The smallest type size printed, in points (0 when there is no text)."""
    return min((r.size for r in found if r.text.strip()), default=0.0)


def share_under(found: list[Glyphs], size: float) -> float:
    """The share of characters set smaller than ``size`` points, 0 to 1."""
    total = sum(len(r.text.strip()) for r in found)
    small = sum(len(r.text.strip()) for r in found if r.size < size - 0.05)
    return small / total if total else 0.0


def text_contrast(pdf) -> list[Measured]:
    """Each run of text with the colour rendered behind it (the page drawn
    without its text) and the WCAG contrast ratio between the two."""
    document = _document(pdf)
    found = []
    try:
        pages = [document[i] for i in range(len(document))]
        for number, page in enumerate(pages, start=1):
            page_runs = [r for r in page_glyphs(page, number) if r.colour and r.colour[3] > 0]
            if not page_runs:
                continue
            image = page_background(page, page_runs)
            for run in page_runs:
                ground = behind(image, run, page.get_height())
                if ground is not None:
                    found.append(Measured(run, ground, round(contrast_ratio(run.colour[:3], ground), 2)))
    finally:
        document.close()
    return found


def line_lengths(pdf, size: float, tolerance: float = 0.3) -> list[str]:
    """The printed lines set at ``size`` points, as text (word gaps as spaces)."""
    document = _document(pdf)
    try:
        chars = [c for i, page in enumerate(document) for c in _chars(page, i)]
    finally:
        document.close()
    chosen = sorted((c for c in chars if abs(c[1] - size) <= tolerance),
                    key=lambda c: (c[0], -round(c[3], 0), c[4]))
    lines: list[list[tuple]] = []
    for c in chosen:
        last = lines[-1][-1] if lines else None
        if last and last[0] == c[0] and abs(last[3] - c[3]) < 1 and c[4] - last[5] < size:
            lines[-1].append(c)
        else:
            lines.append([c])
    out = []
    for line in lines:
        text = line[0][2]
        for before, char in zip(line, line[1:]):
            text += (" " if char[4] - before[5] > 0.18 * size else "") + char[2]
        out.append(text)
    return out


def _chars(page, index: int) -> Iterator[tuple]:
    """(page, size, char, baseline, left, right) for each visible character."""
    import pypdfium2.raw as raw

    textpage = page.get_textpage()
    matrix = raw.FS_MATRIX()
    for i in range(textpage.count_chars()):
        char = chr(raw.FPDFText_GetUnicode(textpage, i))
        box = textpage.get_charbox(i)
        if char.isspace() or box[2] <= box[0]:
            continue
        obj = raw.FPDFText_GetTextObject(textpage, i)
        scale = 1.0
        if obj and raw.FPDFPageObj_GetMatrix(obj, matrix):
            scale = abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5
        origin = [ctypes.c_double(), ctypes.c_double()]
        raw.FPDFText_GetCharOrigin(textpage, i, *origin)
        yield (index, round(raw.FPDFText_GetFontSize(textpage, i) * scale, 2), char,
               origin[1].value, box[0], box[2])


def render_page(page, dpi: float):
    """A page as an RGB numpy array; a page whose bitmap at ``dpi`` would pass the
    pixel budget (``bounds``) is refused rather than drawn."""
    if render_scale(page, dpi / 72) != dpi / 72:
        raise ContentError(f"a page of {page.get_width():.0f} x {page.get_height():.0f} pt is too "
                           f"large to draw at {dpi:g} dpi")
    import numpy

    return numpy.asarray(page.render(scale=dpi / 72, may_draw_forms=False).to_pil().convert("RGB"))


def ink_rows(image, threshold: int = 24):
    """For each pixel row, whether anything but white paper is printed on it."""
    import numpy

    return (numpy.abs(255 - image.astype(int)).max(axis=2) > threshold).any(axis=1)


def empty_band(image, dpi: float, bottom_margin_mm: float) -> float:
    """Millimetres left empty between the lowest content and the page's bottom
    margin, where the footer sits: the page's unused room, as a reader sees it."""
    rows = ink_rows(image)
    limit = len(rows) - int(round(bottom_margin_mm / 25.4 * dpi))
    filled = rows[:limit].nonzero()[0]
    last = filled[-1] + 1 if len(filled) else 0
    return round(float(limit - last) * 25.4 / dpi, 1)


def empty_bands(pdf, bottom_margin_mm: float, dpi: float = 50) -> list[float]:
    """The empty band above the footer of every page, in millimetres."""
    document = _document(pdf)
    try:
        return [empty_band(render_page(page, dpi), dpi, bottom_margin_mm) for page in document]
    finally:
        document.close()
