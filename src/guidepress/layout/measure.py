"""Read a laid-out document's boxes (WeasyPrint's box tree is not a public API: products
read it only here) and from them the sizes the layout plans with. A card's anatomy is
read inside its unit: the figure (``img.gp-figure`` in ``.figure-art``), its text columns
(``.card-column``), labels (``.card-label``) and the last item of a "Stop if" list
(``.card-stop``), after which the text may not be cut."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from guidepress.errors import ResourceError
from guidepress.layout.sizes import MAX_FIGURE_MM, MAX_MM, Rest, Room
from guidepress.layout.units import ATTR
from guidepress.look.cardtext import Unit as TextUnit, best_cut

PX_PER_MM = 96 / 25.4
START = "data-units-start"  # the element the cards come under (a sheet's header)
FRAME_MM = 35.0  # each of a figure's two frames keeps at least this width
# Figure heights (mm) by cards per page: (smallest, largest)
FIGURE_RANGE = {1: (60.0, MAX_FIGURE_MM), 2: (22.0, 62.0), 6: (18.0, 32.0)}
LONE_MM = 150.0  # the tallest a figure grows when its card is alone on a page (sizes.MAX_FIGURE_MM)
# Where cards come two to a page, the tallest each of a lone card's frames grows when they
# are stacked: about twice its neighbours' figures, so that one document's figures keep a
# family likeness (a lone card's frames a page high beside 30 mm pairs read as an accident).
# Side by side, a lone card's figure grows to what its width allows, filling its page.
LONE_FRAME_MM = {2: FIGURE_RANGE[2][1]}
# The figure height cards are measured at: low, so that a card measures whole on a page
# (a card taller than a page runs on, and measured over two pages tells a taller text
# than it has); its figure's range comes from its cell's width, not from this height
MEASURING_MM = 20.0
COMPACT = 6  # --per-page 6: a compact list, the figure beside one column of text


@dataclass(frozen=True)
class Placed:
    """One element's box on one page, in millimetres from the top of the page's content area."""

    page: int
    element: object  # the ElementTree element the box was made for
    top: float
    height: float
    width: float


def _element_boxes(document, wanted) -> Iterator[tuple[int, object, object]]:
    """(page number, page, box) for each element ``wanted(element)`` accepts: its
    outermost box on each page, leaving out the boxes of its inner lines."""
    for number, page in enumerate(document.pages):
        seen = set()
        for box in page._page_box.descendants(placeholders=True):
            element = getattr(box, "element", None)
            if element is None or id(element) in seen or not hasattr(box, "margin_height"):
                continue
            if getattr(box, "element_tag", None) is None or type(box).__name__ in ("LineBox", "TextBox"):
                continue
            if wanted(element):
                seen.add(id(element))
                yield number, page, box


def placed(document, wanted) -> list[Placed]:
    """Every box whose element ``wanted(element)`` accepts, page by page, outermost
    first: one per page for an element split over pages."""
    found = []
    for number, page, box in _element_boxes(document, wanted):
        origin = page._page_box.content_box_y()
        found.append(Placed(number, box.element, (box.position_y - origin) / PX_PER_MM,
                            box.margin_height() / PX_PER_MM, box.margin_width() / PX_PER_MM))
    return found


def merged(found: list[Placed]) -> list[Placed]:
    """One ``Placed`` per element, its height summed over the pages it was split across."""
    joined: dict[int, Placed] = {}
    for p in found:
        first = joined.get(id(p.element))
        joined[id(p.element)] = p if first is None else Placed(
            first.page, first.element, first.top, first.height + p.height, max(first.width, p.width))
    return list(joined.values())


def footer_height(document, name: str) -> float:
    """The tallest a fixed footer (class ``name``) is on any page, in millimetres:
    the room the page's bottom margin must give it so it covers nothing."""
    return max((p.height for p in placed(document, lambda e: _has_class(e, name))), default=0.0)


def page_fill(document) -> float | None:
    """How much of the first page's height the content uses (None if unknown): only
    used to skip renders that cannot succeed, so a change in WeasyPrint costs time."""
    try:
        page_box = document.pages[0]._page_box
        return page_box.children[0].margin_height() / page_box.height
    except (AttributeError, IndexError, ZeroDivisionError):
        return None


def _has_class(element, name: str) -> bool:
    return name in (element.get("class") or "").split()


def _content_bottom(box, foot: float) -> float:
    """How far down a split element's fragment its content reaches (px): a child
    that reaches the page's foot is split too, so its own content counts."""
    bottom = box.position_y
    for child in getattr(box, "children", ()):
        if not hasattr(child, "margin_height") or (
                getattr(child, "style", None) and child.style["position"] in ("fixed", "absolute")):
            continue
        end = child.position_y + child.margin_height()
        if end >= foot - 0.5 and getattr(child, "children", None):
            end = _content_bottom(child, foot)
        bottom = max(bottom, end)
    return bottom


def unit_boxes(document) -> list[Placed]:
    """The boxes of the elements marked as units, in document order, each whole: its
    height summed over the pages it was split across, counting only the content of
    a split card's fragments (a bordered box's fragment is stretched to the page's foot)."""
    fragments: dict[int, list] = {}
    for _, page, box in _element_boxes(document, lambda e: e.get(ATTR) == "card"):
        fragments.setdefault(id(box.element), []).append((page, box))
    split = {}
    for key, found in fragments.items():
        if len(found) > 1:
            used = sum(_content_bottom(box, _foot(page)) - box.position_y for page, box in found[:-1])
            split[key] = (used + found[-1][1].margin_height()) / PX_PER_MM
    return [b if id(b.element) not in split else Placed(b.page, b.element, b.top, split[id(b.element)],
                                                        b.width)
            for b in merged(placed(document, lambda e: e.get(ATTR) is not None))]


def _foot(page) -> float:
    box = page._page_box
    return box.content_box_y() + box.height


def element_heights(document) -> dict:
    """The boxes of the elements a card's anatomy is read from, by element."""
    found = merged(placed(document, lambda e: e.tag in ("img", "li", "p", "div", "figcaption")))
    return {id(p.element): p for p in found}


def rest_of(card, head_height: float, heights: dict, per_page: int) -> Rest:
    """A whole card's rest: its height less its head, its figure and what cutting
    its text into even columns saves; the range its figure may take; the cut."""
    saving, cut = (0.0, 0) if per_page == COMPACT else _balanced(card.element, heights)
    found = figure_range(card, heights, per_page)
    if found is None:
        return Rest(text=_mm(card.height - head_height - saving), low=0.0, high=0.0, cut=cut)
    (low, high, widest, stack, frames), figure = found
    return Rest(text=_mm(card.height - head_height - figure - saving), low=low, high=high,
                cut=min(cut, 200), widest=widest, stack=stack, frames=frames,
                caption=_caption(card, heights))


def _caption(card, heights: dict) -> float:
    """The height of the row of frame labels under a card's frames side by side: none
    when the labels sit in the frames' corners (or the frames are stacked)."""
    art = next((e for e in card.element.iter("div") if "figure-art" in e.get("class", "")), None)
    if art is None or "figure-art--" in art.get("class", ""):
        return 0.0
    caption = next((heights.get(id(e)) for e in art.iter("figcaption")), None)
    return _mm(min(caption.height, FIGURE_RANGE[2][0])) if caption is not None else 0.0


def figure_range(card, heights: dict, per_page: int):
    """``((low, high, widest, stack, frames), height)`` of a card's figure: the range it
    may take (``stack``: its height with its frames stacked), from
    its cell's width and its shape (not from its height as laid out, so a final layout
    tells it as the measuring one does), and its height as laid out; None without one."""
    image = next((e for e in card.element.iter("img") if "gp-figure" in e.get("class", "")), None)
    figure = heights.get(id(image)) if image is not None else None
    art = next((heights.get(id(e)) for e in card.element.iter("div")
                if "figure-art" in e.get("class", "")), None)
    if figure is None or art is None or not figure.width or not figure.height:
        return None
    low, high = FIGURE_RANGE[per_page]
    # the drawing's own shape: a narrow figure's box spans its cell (it is centred)
    ratio = _ratio(image.get("data-ratio")) or figure.width / figure.height
    widest = (art.width - 4) / ratio  # the figure's cell, less its padding
    least = min(widest, max(low, (2 * FRAME_MM + 10) / ratio))
    top = min(max(least, min(high, widest)), MAX_FIGURE_MM)
    # stacked, each frame is as wide as the cell: about the frames' count squared taller
    frames = int(art.element.get("data-frames") or 1)
    stack = stack_height(frames, widest, per_page)
    return (_mm(min(least, MAX_FIGURE_MM)), _mm(top), _mm(max(top, min(widest, LONE_MM))),
            _mm(stack), frames), figure.height


def stack_height(frames: int, widest: float, per_page: int) -> float:
    """The tallest a figure's frames may be stacked, one above the other (each frame as
    wide as the cell: about the frames' count squared taller than side by side); 0 in
    a compact list, whose figures never stack."""
    if per_page == COMPACT:
        return 0.0
    return min(frames * frames * widest, LONE_MM, frames * LONE_FRAME_MM.get(per_page, LONE_MM))


def _ratio(text: str | None) -> float:
    """A figure's width-to-height ratio as its ``data-ratio`` gives it; 0 if none."""
    try:
        value = float(text or 0)
    except ValueError:
        return 0.0
    return value if 0 < value < 100 else 0.0


def laid_text(card, heights: dict) -> float:
    """A card's height in a final layout, less its figure."""
    return card.height - sum(heights[id(e)].height for e in card.element.iter("img")
                             if "gp-figure" in e.get("class", "") and id(e) in heights)


def _mm(value: float) -> float:
    return max(0.0, min(value, MAX_MM))


def _balanced(card, heights: dict) -> tuple[float, int]:
    """How much shorter the card gets with its text cut at the best place, and that cut."""
    units, sizes, columns = [], [], []
    for column in card.iter("div"):
        if "card-column" in column.get("class", ""):
            start = len(sizes)
            _text_units(column, heights, units, sizes)
            columns.append(sum(sizes[start:]))
    if not units:
        return 0.0, 0
    cut = best_cut(units, sizes)
    return max(columns) - max(sum(sizes[:cut]), sum(sizes[cut:])), cut


def _text_units(column, heights: dict, units: list, sizes: list) -> None:
    """Append the column's text units (as cardtext counts them) and their heights, in order."""
    for child in column:
        items = list(child) if child.tag in ("ol", "ul") else [child]
        stop = "card-stop" in child.get("class", "")
        for n, element in enumerate(items):
            label = "card-label" in element.get("class", "")
            box = heights.get(id(element))
            units.append(TextUnit(0, n, "", not label and (not stop or n == len(items) - 1)))
            sizes.append(box.height if box else 0.0)


def room_of(document) -> Room:
    """The room the cards have on their first page (under the element marked
    ``data-units-start``: a sheet's header, the exercise pages' heading) and on a
    page, or an error when the stylesheets make a page taller than any this plans."""
    heights = [page._page_box.height / PX_PER_MM for page in document.pages]  # content areas
    if not 0 < heights[0] <= MAX_MM:
        raise ResourceError(f"the stylesheets ask for a page too large to lay out ({heights[0]:.0f} "
                            f"mm of content, more than {MAX_MM:.0f}); check @page size in your "
                            "stylesheets")
    start = merged(placed(document, lambda e: e.get(START) is not None))
    first = heights[start[-1].page] - start[-1].top - start[-1].height if start else heights[0]
    return Room(first=min(max(0.0, first), heights[0]), page=heights[0])


def start_pushed(document) -> bool:
    """Whether the element marked ``data-units-start`` opens a later page: a first card
    too tall for the room it was planned in takes its heading on with it, and the room
    read there is not the room the cards have."""
    start = merged(placed(document, lambda e: e.get(START) is not None))
    return bool(start) and start[-1].page > 0 and start[-1].top < 1.0


def spaces_run_over(document) -> bool:
    """Whether a band of lines to write on runs on to another page: a plan never
    makes one that does, so the sizes it came from were wrong."""
    found = placed(document, lambda e: _has_class(e, "write-space"))
    return len(found) != len(merged(found))
