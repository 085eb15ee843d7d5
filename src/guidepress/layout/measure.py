"""Sizes read from a laid-out document: each unit's box, a card's rest (its
height without head and figure, the figure's range, where to cut its text),
and the room the cards have on their first page.

A card's own anatomy is read inside its unit: the figure (``img.gp-figure`` in
``.figure-art``), its text columns (``.card-column``), labels (``.card-label``)
and the last item of a "Stop if" list (``.card-stop``), after which the text
may not be cut.
"""

from __future__ import annotations

from guidepress.layout.units import ATTR
from guidepress.look.cardtext import Unit as TextUnit, best_cut
from guidepress.errors import ResourceError
from guidepress.layout.sizes import MAX_MM, Rest, Room
from guidepress.render.boxes import content_heights, merged, placed, split_heights

START = "data-units-start"  # the element the cards come under (a sheet's header)
FRAME_MM = 35.0  # each of a figure's two frames keeps at least this width
# Figure heights (mm) by cards per page: (smallest, largest)
FIGURE_RANGE = {1: (60.0, 150.0), 2: (22.0, 70.0), 6: (18.0, 26.0)}
LONE_MM = 110.0  # the tallest a figure grows when its card is alone on a page
COMPACT = 6  # --per-page 6: a compact list, the figure beside one column of text


def unit_boxes(document) -> list:
    """The boxes of the elements marked as units, in document order, each whole
    (its height summed over the pages it was split across, counting only the
    content of a split bordered box, which is stretched to the page's foot)."""
    found = merged(placed(document, lambda e: e.get(ATTR) is not None))
    split = split_heights(document, lambda e: e.get(ATTR) == "card")
    return [b if id(b.element) not in split else type(b)(b.page, b.element, b.top,
                                                        split[id(b.element)], b.width)
            for b in found]


def element_heights(document) -> dict:
    """The boxes of the elements a card's anatomy is read from, by element."""
    wanted = {"img", "li", "p", "div"}
    return {id(p.element): p for p in merged(placed(document, lambda e: e.tag in wanted))}


def rest_of(card, head_height: float, heights: dict, per_page: int) -> Rest:
    """A whole card's rest: its height less its head, its figure and what cutting
    its text into even columns saves; the range its figure may take; the cut."""
    saving, cut = (0.0, 0) if per_page == COMPACT else _balanced(card.element, heights)
    figure = next((heights.get(id(e)) for e in card.element.iter("img")
                   if "gp-figure" in e.get("class", "")), None)
    art = next((heights.get(id(e)) for e in card.element.iter("div")
                if "figure-art" in e.get("class", "")), None)
    if figure is None or art is None or not figure.width or not figure.height:
        return Rest(text=_mm(card.height - head_height - saving), low=0.0, high=0.0, cut=cut)
    low, high = FIGURE_RANGE[per_page]
    ratio = figure.width / figure.height
    widest = (art.width - 4) / ratio  # the figure's cell, less its padding
    least = min(widest, max(low, (2 * FRAME_MM + 10) / ratio))
    top = min(max(least, min(high, widest)), 150.0)
    return Rest(text=_mm(card.height - head_height - figure.height - saving),
                low=_mm(min(least, 150.0)), high=_mm(top),
                cut=min(cut, 200), widest=_mm(max(top, min(widest, LONE_MM))))


def laid_text(card, heights: dict) -> float:
    """A card's height in a final layout, less its figure."""
    return card.height - sum(heights[id(e)].height for e in card.element.iter("img")
                             if "gp-figure" in e.get("class", "") and id(e) in heights)


def _mm(value: float) -> float:
    return max(0.0, min(value, 300.0))


def _balanced(card, heights: dict) -> tuple[float, int]:
    """How much shorter the card gets with its text cut at the best place, and that cut."""
    units, sizes, columns = [], [], []
    for column in card.iter("div"):
        if "card-column" not in column.get("class", ""):
            continue
        columns.append(sum(_text_units(column, heights, units, sizes)))
    if not units:
        return 0.0, 0
    cut = best_cut(units, sizes)
    after = max(sum(sizes[:cut]), sum(sizes[cut:]))
    return max(columns) - after, cut


def _text_units(column, heights: dict, units: list, sizes: list) -> list[float]:
    """The column's text units (as cardtext counts them) and their heights, appended in order."""
    found = []
    for child in column:
        items = list(child) if child.tag in ("ol", "ul") else [child]
        stop = "card-stop" in child.get("class", "")
        for n, element in enumerate(items):
            label = "card-label" in element.get("class", "")
            box = heights.get(id(element))
            units.append(TextUnit(0, n, "", not label and (not stop or n == len(items) - 1)))
            sizes.append(box.height if box else 0.0)
            found.append(sizes[-1])
    return found


def room_of(document) -> Room:
    """The room the cards have on their first page and on a page, or an error when
    the stylesheets make a page taller than any this plans (``MAX_MM``)."""
    page = content_heights(document)[0]
    if not 0 < page <= MAX_MM:
        raise ResourceError(f"the stylesheets ask for a page too large to lay out ({page:.0f} mm "
                            f"of content, more than {MAX_MM:.0f}); check @page size in your "
                            "stylesheets")
    return Room(first=min(max(0.0, first_room(document)), page), page=page)


def first_room(document) -> float:
    """Room for cards on the page where they start: under the element marked
    ``data-units-start`` (a sheet's header, the exercise pages' heading)."""
    start = merged(placed(document, lambda e: e.get(START) is not None))
    heights = content_heights(document)
    if not start:
        return heights[0]
    last = start[-1]
    return heights[last.page] - last.bottom


def spaces_run_over(document) -> bool:
    """Whether a band of lines to write on runs on to another page: a plan never
    makes one that does, so the sizes it came from were wrong."""
    found = placed(document, _write_space)
    return len(found) != len(merged(found))


def _write_space(element) -> bool:
    return "write-space" in (element.get("class") or "").split()
