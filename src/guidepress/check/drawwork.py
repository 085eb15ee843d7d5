"""How much drawing one page of a PDF handed to ``check`` asks pdfium for, counted
before pdfium builds or draws any of it.

A small file can make a page draw without end: a form (Form XObject) drawn ten
times by a form drawn ten times, and so on, is millions of forms. So every stream a
page draws is counted as many times as it is drawn: the forms it names with ``Do``;
the glyph procedures of its Type 3 fonts, once for each character it shows (a
2.4 KB file whose glyphs each drew a form of a million rectangles ran 206 seconds);
the soft mask of an ExtGState it sets (``/GS0 gs``), once for each thing it paints
after (the mask is drawn again for every fill); and the cell of a tiling pattern it
paints with (``/P scn``), once for each thing it paints. A page over a bound is
refused with a message naming the file and the page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from guidepress.check.bounds import _decoded_size
from guidepress.errors import ContentError

MAX_DRAWN = 32 * 2**20    # content one page draws, a form counted each time it is drawn
MAX_SHOWS = 200_000       # text-showing operators one page draws (pdfium makes an object of each)
MAX_DRAWS = 100_000       # pictures and forms one page draws
MAX_NESTING = 32          # forms drawn inside forms (pdfium itself stops deeper)
_END = rb"(?![^\s/\[\]()<>{}%])"
_DO = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s*Do" + _END)
_GS = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s*gs" + _END)
_SCN = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s*(?:scn|SCN)" + _END)
_SHOW = re.compile(rb"(?<![^\s\]>)])(?:Tj|TJ)(?![^\s/\[(<%])|[)>]\s*['\"]")
_PAINT = re.compile(rb"(?<![^\s\]>)])(?:[fFSsBb]\*?|sh|Do|Tj|TJ|'|\")" + _END)
_STRING = re.compile(rb"\((?:\\.|[^\\)])*\)|<[0-9A-Fa-f\s]*>", re.S)


@dataclass
class _Drawn:
    """What a page draws: bytes of content, text-showing operators, pictures and forms."""

    size: int = 0
    shows: int = 0
    draws: int = 0

    def add(self, other: _Drawn, times: int = 1) -> None:
        self.size += other.size * times
        self.shows += other.shows * times
        self.draws += other.draws * times

    def over(self) -> str | None:
        if self.size > MAX_DRAWN:
            return f"more than {MAX_DRAWN // 2**20} MB of content (forms counted each time drawn)"
        if self.shows > MAX_SHOWS:
            return f"more than {MAX_SHOWS:,} runs of text"
        if self.draws > MAX_DRAWS:
            return f"more than {MAX_DRAWS:,} pictures and forms"
        return None


class _TooMuch(Exception):
    """A page draws more than a bound (the message says which)."""


def drawn(pdf, path: Path) -> None:
    """Refuse ``pdf`` if a page would draw more than the bounds (see the module)."""
    cache: dict = {}  # the annotations each page lists were counted before (listed.py)
    for number, page in enumerate(pdf.pages, start=1):
        try:
            _page_drawn(page.obj, cache)
        except _TooMuch as exc:
            raise ContentError(f"{path}: page {number} draws {exc}; guidepress does not check "
                               "such a file") from None


def _page_drawn(page, cache) -> _Drawn:
    total, resources = _Drawn(), _inherited(page, "/Resources")
    contents = page.get("/Contents")
    for stream in contents if _is_array(contents) else [contents]:
        total.add(_stream_drawn(stream, resources, cache, ()))
        _refuse(total)
    annotations = page.get("/Annots")
    for annotation in annotations if _is_array(annotations) else []:  # drawn when rendered
        appearance = annotation.get("/AP") if hasattr(annotation, "get") else None
        normal = appearance.get("/N") if hasattr(appearance, "get") else None
        states = [normal] if _is_stream(normal) else list(normal.values()) if hasattr(normal, "values") else []
        for state in states:
            total.add(_stream_drawn(state, state.get("/Resources") if _is_stream(state) else None,
                                    cache, ()))
            _refuse(total)
    return total


def _stream_drawn(stream, resources, cache, above: tuple) -> _Drawn:
    """What ``stream`` draws, with the streams it draws as often as it draws them."""
    if not _is_stream(stream):
        return _Drawn()
    own = stream.get("/Resources")
    resources = own if own is not None else resources
    key = (stream.objgen, getattr(resources, "objgen", None) if own is None else None)
    if key[1] == (0, 0):  # resources written in the page: another page's may hold the same
        key = None        # stream with other forms under the same names; counted each time
    if key in cache:
        return cache[key]
    if stream.objgen in above and stream.objgen != (0, 0):
        raise _TooMuch("a form that draws itself")
    if len(above) > MAX_NESTING:
        raise _TooMuch(f"forms nested more than {MAX_NESTING} deep")
    data = _content(stream)
    names = _named(_DO, data)
    total = _Drawn(len(data), sum(1 for _ in _SHOW.finditer(data)), sum(names.values()))
    inner = (*above, stream.objgen)
    for form, times in _drawn_again(data, names, resources):
        total.add(_stream_drawn(form, resources, cache, inner), times)
        _refuse(total)
    glyphs, shown = _glyphs(data, resources)
    if glyphs:  # the costliest glyph of any Type 3 font stands for every character shown
        costs = [_stream_drawn(glyph, used, cache, inner) for glyph, used in glyphs]
        total.add(_Drawn(*(max(getattr(c, f) for c in costs) for f in ("size", "shows", "draws"))),
                  shown)
        _refuse(total)
    if key is not None:
        cache[key] = total
    return total


def _content(stream) -> bytes:
    """The decoded bytes of ``stream``; one too large to draw is refused before it is read."""
    if _decoded_size(stream, MAX_DRAWN) > MAX_DRAWN:
        raise _TooMuch(f"more than {MAX_DRAWN // 2**20} MB of content in one stream")
    return stream.read_bytes()


def _named(pattern: re.Pattern, data: bytes) -> dict[str, int]:
    """How often ``data`` names each resource with the operator ``pattern`` matches."""
    names: dict[str, int] = {}
    for match in pattern.finditer(data):
        name = match.group(1).decode("latin-1")
        names[name] = names.get(name, 0) + 1
    return names


def _resource(resources, kind: str, name: str):
    group = resources.get(kind) if hasattr(resources, "get") else None
    return group.get("/" + name) if hasattr(group, "get") else None


def _drawn_again(data: bytes, forms: dict[str, int], resources):
    """(stream, times) for the forms ``data`` draws, and the soft masks and pattern
    cells it sets, each drawn again for everything painted after."""
    for name, times in forms.items():
        form = _resource(resources, "/XObject", name)
        if _is_stream(form) and form.get("/Subtype") == "/Form":
            yield form, times
    set_masks, patterns = _named(_GS, data), _named(_SCN, data)
    if not (set_masks or patterns):
        return
    paints = sum(1 for _ in _PAINT.finditer(data)) or 1
    for name in set_masks:
        state = _resource(resources, "/ExtGState", name)
        mask = state.get("/SMask") if hasattr(state, "get") else None
        group = mask.get("/G") if hasattr(mask, "get") else None
        if _is_stream(group):
            yield group, paints
    for name in patterns:
        pattern = _resource(resources, "/Pattern", name)
        if _is_stream(pattern):  # a tiling pattern (a shading pattern is a dictionary)
            yield pattern, paints


def _glyphs(data: bytes, resources) -> tuple[list, int]:
    """The glyph procedures of the Type 3 fonts of ``resources``, each with the
    resources it draws with, and how many characters ``data`` shows (the bytes of its
    strings, at most)."""
    fonts = resources.get("/Font") if hasattr(resources, "get") else None
    glyphs = []
    for font in fonts.values() if hasattr(fonts, "values") else ():
        if not (hasattr(font, "get") and font.get("/Subtype") == "/Type3"):
            continue
        procedures, own = font.get("/CharProcs"), font.get("/Resources")
        glyphs += [(glyph, own if own is not None else resources)
                   for glyph in (procedures.values() if hasattr(procedures, "values") else ())]
    if not glyphs:
        return [], 0
    shown = sum(len(m[0]) - 2 if m[0][:1] == b"(" else (len(m[0]) - 1) // 2
                for m in _STRING.finditer(data))
    return glyphs, max(shown, 1)


def _refuse(total: _Drawn) -> None:
    reason = total.over()
    if reason:
        raise _TooMuch(reason)


def _inherited(page, key: str):
    """A page attribute, from the page or the nearest page-tree node above it."""
    node = page
    for _ in range(64):  # a page tree deeper than this is malformed (or a loop)
        if node is None or not hasattr(node, "get"):
            return None
        if key in node:
            return node[key]
        node = node.get("/Parent")
    return None


def _is_stream(obj) -> bool:
    import pikepdf

    return isinstance(obj, pikepdf.Stream)


def _is_array(obj) -> bool:
    import pikepdf

    return isinstance(obj, pikepdf.Array)
