"""Jinja filters and globals for templates: figures and QR codes as images, safe CSS values."""

from __future__ import annotations

import base64
import re
from functools import lru_cache

from markupsafe import Markup

from guidepress.errors import TemplateError

_FIGURES: dict[int, tuple[object, str, float]] = {}
_IMAGES: dict[int, tuple[object, Markup]] = {}
_FRAMES: dict[int, tuple[object, tuple[str, ...]]] = {}
QR_MOST = 4_296  # characters the largest QR code holds (digits and capitals; fewer otherwise)
_VIEWBOX = re.compile(r'viewBox="\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)[\s,]+([\d.]+)')


def _figure(exercise) -> tuple[str, float]:
    """The figure's data URI and its width-to-height ratio, made once per exercise."""
    from guidepress.figures.draw import figure_svg

    cached = _FIGURES.get(id(exercise))
    if cached is None or cached[0] is not exercise:  # ids are reused once an object is gone
        svg = figure_svg(exercise)
        box = _VIEWBOX.search(svg)
        ratio = float(box[1]) / float(box[2]) if box and float(box[2]) else 3.0
        cached = _FIGURES[id(exercise)] = (exercise, svg_data_uri(svg), ratio)
    return cached[1], cached[2]


def figure_style(exercise) -> str:
    """CSS that sizes an exercise's figure to the layout's ``--figure-height`` without
    ever making it wider than its box, so it is never squeezed or letterboxed."""
    return f"width: min(100%, calc(var(--figure-height) * {_figure(exercise)[1]:.3f}))"


def figure_image(exercise) -> Markup:
    """An exercise's figure as an SVG image with its alt text, sized by ``figure_style``;
    ``data-ratio`` (width to height) tells the layout its shape, which the box it is
    centred in does not.

    An ``<img>`` with a ``data:`` URI rather than inline SVG: WeasyPrint then
    parses each drawing once per process (its image cache is keyed by URL) and
    the page's HTML and style cascade stay small, which matters in a batch.
    """
    cached = _IMAGES.get(id(exercise))
    if cached is None or cached[0] is not exercise:  # escaping the long URI costs: once
        uri, ratio = _figure(exercise)
        cached = _IMAGES[id(exercise)] = (exercise, Markup(
            '<img class="gp-figure" src="{}" alt="{}" style="{}" data-ratio="{:.3f}">').format(
                uri, exercise.alt, figure_style(exercise), ratio))
    return cached[1]


def label_sides(exercise) -> tuple[str, ...]:
    """The top corner of each frame that holds its label ("left", "right"), or none:
    the labels then take a line under the figure (figures/labels.py)."""
    from guidepress.figures.draw import draw

    return draw(exercise.figure).label_sides


def frame_images(exercise) -> tuple[str, ...]:
    """Each frame of an exercise's figure as a picture of its own (data URIs), for a
    card whose frames stand one above the other."""
    cached = _FRAMES.get(id(exercise))
    if cached is None or cached[0] is not exercise:
        from guidepress.figures.draw import frame_svg

        cached = _FRAMES[id(exercise)] = (exercise, tuple(
            svg_data_uri(frame_svg(exercise, i, "gp-frame"))
            for i in range(len(exercise.figure.frame_names))))
    return cached[1]


def figure(exercise: dict, frame: int | None = None, alt: str = "") -> Markup:
    """``figure(ex)`` in a template: the figure of an exercise as templates see it;
    ``figure(ex, n, alt)``: its frame ``n`` alone, a share of ``--figure-height`` (the
    frames stacked), with its own alt text."""
    if frame is None:
        return Markup.escape(exercise["figure"]["image"])
    frames = exercise["figure"]["frames"]
    return Markup('<img class="gp-figure" src="{}" alt="{}" style="height: calc(var(--figure-height)'
                  ' / {})">').format(frames[frame], alt or exercise["alt"], len(frames))


def themed_figure(theme: str):
    """``figure`` for a theme that prints some of the figures' colours otherwise
    (``palette.THEMED``); ``figure`` itself for the others."""
    from guidepress.figures.palette import THEMED

    if theme not in THEMED:
        return figure
    return lambda exercise, frame=None, alt="": _recoloured(str(figure(exercise, frame, alt)), theme)


_DATA = re.compile(r'data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)')


@lru_cache(maxsize=256)
def _recoloured(image: str, theme: str) -> Markup:
    """An ``<img>`` of a figure with its SVG's colours swapped for the theme's."""
    from guidepress.figures.palette import THEMED

    def swap(found: re.Match) -> str:
        svg = base64.b64decode(found[1]).decode("utf-8")
        for colour, instead in THEMED[theme].items():
            svg = re.sub(re.escape(colour), instead, svg, flags=re.I)
        return svg_data_uri(svg)

    return Markup(_DATA.sub(swap, image))


def figure_size(exercise: dict) -> str:
    """``figure_size(ex)`` in a template: the CSS width of that exercise's figure."""
    return str(exercise["figure"]["size"])


def no_widow(text: str) -> Markup:
    """A headline whose last two words stay together, so no line holds one word alone."""
    words = str(text).split(" ")
    if len(words) < 3:
        return Markup.escape(text)
    return Markup.escape(" ".join(words[:-1])) + Markup("&nbsp;") + Markup.escape(words[-1])


_BARE_WWW = re.compile(r"://www\d*\.$", re.I)
WWW_JOIN = 24  # the longest name kept on the line with "https://www."
_PIECES = re.compile(r"^[a-z][a-z0-9+.-]*://[^/.]*[/.]?|[^/.@]+[/.@]?|[/.@]", re.I)


def web_address(text: str) -> Markup:
    """A web or e-mail address that may break only after a slash, dot or @: never at
    its own hyphens, never straight after "https://" (the host stays with it), nor
    after "https://www." when the name after it is short enough to join it."""
    pieces = [m[0] for m in _PIECES.finditer(str(text))]
    if len(pieces) > 1 and _BARE_WWW.search(pieces[0]) and len(pieces[1]) <= WWW_JOIN:
        pieces[:2] = [pieces[0] + pieces[1]]  # nor after "https://www." (a long name may)
    return Markup("<wbr>").join(Markup('<span class="phrase">{}</span>').format(p) for p in pieces)


_NUMBER = re.compile(r"^[+(]?[\d()][\d()\s./-]*\d")


def phone_number(text: str) -> Markup:
    """A phone number kept on one line, with what follows it ("extension 2345
    (Monday to Friday)") free to wrap, so a long one never runs past its box."""
    found = _NUMBER.match(str(text))
    if not found:
        return Markup.escape(text)
    return Markup('<span class="phrase">{}</span>{}').format(found[0], str(text)[found.end():])


def dose_phrases(dose: str) -> Markup:
    """A dose with each comma-separated phrase kept on one line ("5 days a week")."""
    parts = [p for p in str(dose).split(", ") if p]
    spans = [Markup('<span class="phrase">{}{}</span>').format(p, "," if i < len(parts) - 1 else "")
             for i, p in enumerate(parts)]
    return Markup(" ").join(spans)


@lru_cache(maxsize=256)
def qr(url: str, alt: str = "QR code: {url}") -> Markup:
    """A vector QR code for ``url``, as an SVG image; ``alt`` says so in the document's language."""
    from guidepress.figures.qr import qr_svg
    from guidepress.look.bounds import replaced

    if len(url) > QR_MOST:  # no QR code holds more; refused before trying every size
        raise ValueError(f"a text of {len(url):,} characters is too long for a QR code "
                         f"(at most {QR_MOST:,})")
    replaced(alt, "{url}", url)  # an alt of many "{url}" would be the address many times
    svg = qr_svg(url).replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1)
    return Markup('<img class="gp-qr" src="{}" alt="{}">').format(
        svg_data_uri(svg), alt.replace("{url}", url))


def svg_data_uri(svg: str) -> str:
    """An SVG drawing as a ``data:`` URI for an ``<img>``."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def css_colour(value: str) -> Markup:
    """A colour checked by the CSS parser, safe to print inside ``<style>``."""
    from guidepress.content.colours import is_colour

    if not is_colour(str(value)):
        raise TemplateError(f'"{value}" is not a colour')
    return Markup(str(value))


def css_mm(value: object) -> Markup:
    """A length in millimetres for a ``style`` attribute: only a finite number from
    0 to 10 m is printed, so no text (a kept plan's, say) can become CSS."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 10_000:
        raise TemplateError(f"{value!r} is not a length in millimetres")
    return Markup(f"{value}mm")  # not NaN: NaN fails the range check


def css_string(value: object) -> Markup:
    """Quote a value as a CSS string, safe inside a ``<style>`` element."""
    text = str(value)
    escaped = "".join(c if c.isalnum() or c in " .,:;-_()/!?'·" else f"\\{ord(c):x} " for c in text)
    return Markup(f'"{escaped}"')


def page_counter_css(template: str, pages: int | None = None) -> Markup:
    """Turn 'Page {page} of {pages}' into a CSS ``content`` value with counters (the
    number of pages written out when it is given: a page laid out on its own)."""
    parts = []
    for piece in re.split(r"(\{page\}|\{pages\})", template):
        if piece == "{pages}" and pages is not None:
            parts.append(str(css_string(str(pages))))
        elif piece in ("{page}", "{pages}"):
            parts.append(f"counter({piece[1:-1]})")
        elif piece:
            parts.append(str(css_string(piece)))
    return Markup(" ".join(parts))
