"""The text a PDF page draws, as pdfium sees it: each text object's words, size in
points, colour, box on the page, font and marked-content id.

Works on any PDF. Text inside form XObjects (pages placed on printing sheets)
is found too, placed where it shows on the page.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from dataclasses import dataclass

TEXT, FORM = 1, 5  # FPDF_PAGEOBJ_TEXT, FPDF_PAGEOBJ_FORM
INVISIBLE = 3      # text render mode 3: neither filled nor stroked (an OCR layer)
MAX_DEPTH = 16     # forms within forms opened (a page placed on a sheet is one)


@dataclass
class Glyphs:
    """One run of text drawn in one font, size and colour."""

    page: int           # 1-based
    text: str
    size: float         # the type size as printed, in points
    colour: tuple[int, int, int, int] | None  # RGBA of the fill
    box: tuple[float, float, float, float]    # left, bottom, right, top in page points
    mcid: int           # -1 when the text is not marked content with an id
    font: str
    embedded: bool
    bold: bool
    handle: object = None  # pdfium's object, to hide it when rendering the background

    @property
    def large(self) -> bool:
        """WCAG's large text: 18 pt, or 14 pt bold."""
        return self.size >= 18 or (self.bold and self.size >= 14)


def page_glyphs(page, number: int, limit: int | None = None) -> list[Glyphs]:
    """Every visible text run on a pypdfium2 page (``number`` is 1-based); with
    ``limit``, no more than that many text objects are read."""
    textpage = page.get_textpage()
    texts = _texts(textpage)
    found = []
    for count, (handle, matrix) in enumerate(_objects(page.raw, (1, 0, 0, 1, 0, 0), top=True)):
        if limit is not None and count >= limit:
            break
        glyphs = _glyphs(handle, matrix, texts, number)
        if glyphs is not None:
            found.append(glyphs)
    return found


def _texts(textpage) -> dict[int, str]:
    """The text of each text object on the page, by the object's address: read in
    one pass over the page's characters (asking pdfium object by object reads
    them all each time, quadratic on a page of many objects)."""
    import pypdfium2.raw as pdfium_c

    chars: dict[int, list[str]] = {}
    last = None
    for i in range(textpage.count_chars()):
        code = pdfium_c.FPDFText_GetUnicode(textpage, i)
        char = chr(code) if 0 < code < 0x110000 else "\ufffd"
        owner = ctypes.cast(pdfium_c.FPDFText_GetTextObject(textpage, i), ctypes.c_void_p).value
        if owner is None and char == " ":  # a space pdfium adds between words: the word's before
            owner = last
        if owner:
            chars.setdefault(owner, []).append(char)
            last = owner
    return {owner: "".join(found) for owner, found in chars.items()}


def _objects(container, matrix, top: bool, depth: int = 0) -> Iterator[tuple[object, tuple]]:
    """(text object, matrix to page space) for each text object, forms opened
    (down to MAX_DEPTH forms within forms)."""
    import pypdfium2.raw as pdfium_c

    count = (pdfium_c.FPDFPage_CountObjects if top else pdfium_c.FPDFFormObj_CountObjects)(container)
    get = pdfium_c.FPDFPage_GetObject if top else pdfium_c.FPDFFormObj_GetObject
    for index in range(count):
        handle = get(container, index)
        kind = pdfium_c.FPDFPageObj_GetType(handle)
        if kind == TEXT:
            yield handle, matrix
        elif kind == FORM and depth < MAX_DEPTH:
            yield from _objects(handle, _times(_matrix(handle), matrix), False, depth + 1)


def _matrix(handle) -> tuple:
    import pypdfium2.raw as pdfium_c

    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(handle, m):
        return (1, 0, 0, 1, 0, 0)
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _times(inner: tuple, outer: tuple) -> tuple:
    """The matrix ``inner`` followed by ``outer`` (PDF's row-vector convention)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D,
            e * A + f * C + E, e * B + f * D + F)


def _apply(matrix: tuple, x: float, y: float) -> tuple[float, float]:
    a, b, c, d, e, f = matrix
    return a * x + c * y + e, b * x + d * y + f


def _glyphs(handle, matrix, texts: dict[int, str], number: int) -> Glyphs | None:
    import pypdfium2.raw as pdfium_c

    if pdfium_c.FPDFTextObj_GetTextRenderMode(handle) == INVISIBLE:
        return None
    text = texts.get(ctypes.cast(handle, ctypes.c_void_p).value, "")
    if not text.strip():
        return None
    size = ctypes.c_float()
    pdfium_c.FPDFTextObj_GetFontSize(handle, size)
    own = _times(_matrix(handle), matrix)
    scale = abs(own[0] * own[3] - own[1] * own[2]) ** 0.5
    printed = size.value * scale  # the Tf size, scaled by the object's matrix and any form's
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    pdfium_c.FPDFPageObj_GetBounds(handle, left, bottom, right, top)
    corners = [_apply(matrix, x, y) for x in (left.value, right.value) for y in (bottom.value, top.value)]
    xs, ys = [p[0] for p in corners], [p[1] for p in corners]
    font = pdfium_c.FPDFTextObj_GetFont(handle)
    return Glyphs(page=number, text=text, size=round(printed, 2), colour=_fill(handle),
                  box=(min(xs), min(ys), max(xs), max(ys)),
                  mcid=pdfium_c.FPDFPageObj_GetMarkedContentID(handle),
                  font=_font_name(font), embedded=bool(pdfium_c.FPDFFont_GetIsEmbedded(font)),
                  bold=pdfium_c.FPDFFont_GetWeight(font) >= 600 or "bold" in _font_name(font).lower(),
                  handle=handle)


def _fill(handle) -> tuple[int, int, int, int] | None:
    import pypdfium2.raw as pdfium_c

    parts = [ctypes.c_uint() for _ in range(4)]
    if not pdfium_c.FPDFPageObj_GetFillColor(handle, *parts):
        return None
    return tuple(p.value for p in parts)


def _font_name(font) -> str:
    import pypdfium2.raw as pdfium_c

    length = pdfium_c.FPDFFont_GetBaseFontName(font, None, 0)
    if length <= 1:
        return ""
    buffer = (ctypes.c_char * length)()
    pdfium_c.FPDFFont_GetBaseFontName(font, buffer, length)
    return buffer.value.decode("latin-1").split("+", 1)[-1]
