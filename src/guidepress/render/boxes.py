"""Read a laid-out document's boxes: where elements landed and how tall they are.

Products use this to fill pages: lay out once, measure, then choose figure
sizes or the order of movable blocks, and lay out again. WeasyPrint's box tree
is not a public API, so everything that touches it is here, in one place.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

PX_PER_MM = 96 / 25.4


@dataclass(frozen=True)
class Placed:
    """One element's box on one page, in millimetres from the top of the page's content area."""

    page: int
    element: object  # the ElementTree element the box was made for
    top: float
    height: float
    width: float

    @property
    def bottom(self) -> float:
        return self.top + self.height


def content_heights(document) -> list[float]:
    """Height of each page's content area (inside the margins), in millimetres."""
    return [page._page_box.height / PX_PER_MM for page in document.pages]


def _walk(box) -> Iterator:
    yield box
    for child in getattr(box, "children", ()):
        yield from _walk(child)


def _element_boxes(document, wanted) -> Iterator[tuple[int, object, object]]:
    """(page number, page, box) for each element ``wanted(element)`` accepts: its
    outermost box on each page, leaving out the boxes of its inner lines."""
    for number, page in enumerate(document.pages):
        seen = set()
        for box in _walk(page._page_box):
            element = getattr(box, "element", None)
            if element is None or id(element) in seen or not hasattr(box, "margin_height"):
                continue
            if getattr(box, "element_tag", None) is None or type(box).__name__ in ("LineBox", "TextBox"):
                continue
            if wanted(element):
                seen.add(id(element))
                yield number, page, box


def _classed(name: str):
    return lambda element: name in (element.get("class") or "").split()


def placed(document, wanted) -> list[Placed]:
    """Every box whose element ``wanted(element)`` accepts, page by page, outermost first.

    An element split over pages gives one ``Placed`` per page; boxes WeasyPrint
    makes for an element's inner lines are left out, so each element counts once
    per page.
    """
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
    return max((p.height for p in placed(document, _classed(name))), default=0.0)


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


def split_heights(document, wanted) -> dict[int, float]:
    """For each element split over pages that ``wanted`` accepts (a function of the
    element, or a class name), its height (mm) counting only the content on each
    page but its last: a split bordered box's fragment is stretched to the page's
    foot, so its box height overstates the element."""
    fragments: dict[int, list] = {}
    test = _classed(wanted) if isinstance(wanted, str) else wanted
    for _, page, box in _element_boxes(document, test):
        fragments.setdefault(id(box.element), []).append((page, box))
    heights = {}
    for key, found in fragments.items():
        if len(found) > 1:
            used = sum(_content_bottom(box, _foot(page)) - box.position_y for page, box in found[:-1])
            heights[key] = (used + found[-1][1].margin_height()) / PX_PER_MM
    return heights


def _foot(page) -> float:
    box = page._page_box
    return box.content_box_y() + box.height
