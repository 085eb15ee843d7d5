"""Fill pages with exercise cards: which cards share a page, how tall each
card's figure is, and (on a routine sheet) where the tracker, safety box and
notes go. Used by the routine sheet, the handout's exercise pages, the booklet
and the library's contact sheet.

A product is laid out once to measure its parts, then again with the choices
made here. Cards never split. A page that cannot take another card gives its
room to a part that fits there whole (the notes, the safety box, the tracker),
and what is left goes to the figures, up to the largest the card's width allows.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import permutations

from guidepress.look.cardtext import Unit, best_cut
from guidepress.render.boxes import by_class, content_heights, merged, placed, split_heights

# Figure heights (mm) by cards per page: (smallest, largest). The smallest still
# gives each of the two frames at least FRAME_MM of width.
FIGURE_RANGE = {1: (60.0, 150.0), 2: (22.0, 70.0), 6: (18.0, 26.0)}
FRAME_MM = 35.0
FLOOR_MM = 25.0  # a lone card too long for its page gives up figure height down to this
SLACK_MM = 2.0   # margins that collapse between blocks, and rounding
FILL_MM = 20.0   # a hole this large is worth filling with a part
TAIL = ("tracker", "safety", "notes")
COMPACT = 6  # --per-page 6: a compact list, the figure beside one column of text


@dataclass(frozen=True)
class CardSize:
    """A card's height without its figure, and the range its figure may take."""

    text: float
    low: float
    high: float

    def height(self, figure: float) -> float:
        return self.text + max(self.low, min(figure, self.high))


@dataclass(frozen=True)
class Part:
    """A part after the cards: its head, rows that may run on to the next page, and foot."""

    name: str
    head: float
    rows: tuple[float, ...] = ()
    foot: float = 0.0

    @property
    def height(self) -> float:
        return self.head + sum(self.rows) + self.foot


@dataclass(frozen=True)
class Measured:
    first_page: float  # room for cards under the sheet's header
    page: float
    cards: list[CardSize]
    parts: dict[str, Part]


def measure(document, per_page: int) -> tuple[Measured, dict[str, int]]:
    """Sizes of the header, each card and each part after the cards, from a first
    layout; and for each card, where to cut its text into two even columns."""
    low, high = FIGURE_RANGE[per_page]
    wanted = {"img", "li", "p", "div"}
    # a card taller than a page splits in the first layout: its parts count whole
    heights = {id(p.element): p for p in merged(placed(document, lambda e: e.tag in wanted))}
    cards, cuts = [], {}
    name = "card-block" if by_class(document, "card-block") else "card"
    split = split_heights(document, name)  # a split card's stretched fragments overstate it
    for box in by_class(document, name, whole=True):
        whole = split.get(id(box.element), box.height)
        text, cut = _balanced(box.element, heights) if per_page != COMPACT else (0.0, 0)
        card = next(e for e in box.element.iter("article") if "card" in e.get("class", "").split())
        cuts[card.get("id", "").removeprefix("ex-")] = cut
        figure = next((heights.get(id(e)) for e in box.element.iter("img")
                       if "gp-figure" in e.get("class", "")), None)
        art = next((heights.get(id(e)) for e in box.element.iter("div")
                    if "figure-art" in e.get("class", "")), None)
        if figure is None or art is None or not figure.width:
            cards.append(CardSize(whole - text, 0.0, 0.0))
            continue
        ratio = figure.width / figure.height
        widest = (art.width - 4) / ratio  # the figure's cell, less its padding
        least = min(widest, max(low, (2 * FRAME_MM + 10) / ratio))
        cards.append(CardSize(whole - figure.height - text, least,
                              max(least, min(high, widest))))
    page = content_heights(document)[0]
    return Measured(first_room(document), page, cards, _parts(document, page)), cuts


def first_room(document) -> float:
    """Room for cards on the page where they start: under the element marked
    ``cards-start`` (the sheet's header, the exercise pages' heading)."""
    start = by_class(document, "cards-start")
    if not start:
        return content_heights(document)[0]
    last = start[-1]
    return content_heights(document)[last.page] - last.bottom


def _balanced(card, heights: dict) -> tuple[float, int]:
    """How much shorter the card gets with its text cut at the best place, and that cut."""
    units, sizes, columns = [], [], []
    for column in card.iter("div"):
        if "card-column" not in column.get("class", ""):
            continue
        columns.append(sum(_units(column, heights, units, sizes)))
    if not units:
        return 0.0, 0
    cut = best_cut(units, sizes)
    after = max(sum(sizes[:cut]), sum(sizes[cut:]))
    return max(columns) - after, cut


def _units(column, heights: dict, units: list, sizes: list) -> list[float]:
    """The column's units (as cardtext counts them) and their heights, appended in order."""
    found = []
    for child in column:
        items = list(child) if child.tag in ("ol", "ul") else [child]
        stop = "card-stop" in child.get("class", "")
        for n, element in enumerate(items):
            label = "card-label" in element.get("class", "")
            box = heights.get(id(element))
            cut_after = not label and (not stop or n == len(items) - 1)
            units.append(Unit(0, n, "", cut_after))
            sizes.append(box.height if box else 0.0)
            found.append(sizes[-1])
    return found


def _parts(document, page: float) -> dict[str, Part]:
    def total(name):
        return sum(p.height for p in by_class(document, name, whole=True))

    tables = by_class(document, "tracker-grid", whole=True)
    if len(tables) > 1:  # a table per week (a row per exercise): weeks break, never a week
        tracker = Part("tracker", total("tracker-top"), tuple(t.height for t in tables),
                       total("tracker-key"))
    else:
        tracker = Part("tracker", total("tracker-top") + total("tracker-head"),
                       tuple(p.height for p in by_class(document, "week-row")), total("tracker-key"))
    if tracker.height + SLACK_MM <= page:  # fits a page: kept whole (routine.css), one table
        tracker = Part("tracker", tracker.height)
    return {"tracker": tracker,
            "safety": Part("safety", total("safety")),
            "notes": Part("notes", total("notes-area"))}


def plan(m: Measured, per_page: int, tail: tuple[str, ...] = TAIL,
         write_space: bool = False, last: bool = False) -> list[list[tuple]]:
    """Page by page: ("card", index, figure mm) and ("part", name) entries, the
    parts from ``tail`` (none for a handout, whose own text follows the cards).
    With ``write_space``, a page of cards that still has room ends with
    ("space", mm): lines to write notes on, rather than an empty band; with
    ``last`` (nothing is printed after the cards), the last page of cards too.

    The last page's parts run on to further pages as needed (the tracker's rows may).
    """
    pages, left_parts, index, room = [], list(tail), 0, m.first_page
    while index < len(m.cards):
        if m.cards[index].text + FLOOR_MM + SLACK_MM > room and room < m.page:
            # not even a lone card fits under the header: the page takes parts instead
            parts = _fillers(m, left_parts, room)
            left_parts = [p for p in left_parts if p not in parts]
            left = room - sum(m.parts[p].height for p in parts) - SLACK_MM
            # the notes (box or lines) take what is left, rather than an empty band
            takes = "notes" in parts or (write_space and not parts)
            grow = [("space", round_mm(left - SLACK_MM))] if takes and left > FILL_MM else []
            pages.append([("part", p) for p in parts] + grow)
            room = m.page
            continue
        group = [index]
        index += 1
        while (index < len(m.cards) and len(group) < per_page
               and _height(m, group + [index], low=True) <= room):
            group.append(index)
            index += 1
        spare = room - _height(m, group, low=True)
        parts = _fillers(m, left_parts, spare) if index < len(m.cards) and spare > FILL_MM else []
        left_parts = [p for p in left_parts if p not in parts]
        space = room - sum(m.parts[p].height for p in parts)
        held = False  # the parts after the last cards cannot start on their page
        if index >= len(m.cards):  # the rest of the sheet follows the last cards
            parts = list(tail_order(m, left_parts, spare)) if left_parts else []
            space = room - _reserve(m, parts, spare)
            held = bool(parts) and _reserve(m, parts, spare) == 0
        figures = _grow(m, group, space)
        entries = [("card", i, round_mm(h)) for i, h in zip(group, figures)]
        left = space - sum(m.cards[i].height(h) for i, h in zip(group, figures)) - SLACK_MM
        if write_space and (index < len(m.cards) or held or last) and left > FILL_MM:
            entries.append(("space", round_mm(left - SLACK_MM)))
        pages.append(entries + [("part", p) for p in parts])
        room = m.page
    return pages


def _height(m: Measured, group: list[int], low: bool = False, figure: float = 0.0) -> float:
    return sum(m.cards[i].height(m.cards[i].low if low else figure) for i in group) + SLACK_MM


def _fillers(m: Measured, names: list[str], spare: float) -> list[str]:
    """The parts that, whole, fill most of ``spare`` (notes and safety box before the tracker)."""
    best: list[str] = []
    for count in range(1, len(names) + 1):
        for combo in permutations(names, count):
            used = sum(m.parts[p].height for p in combo)
            if used <= spare and used > sum(m.parts[p].height for p in best):
                best = sorted(combo, key=TAIL.index)
    return best


def _reserve(m: Measured, parts: list[str], spare: float) -> float:
    """Room to keep under the last cards for the parts that follow: the first part
    whole if it fits, else its head and first row; nothing if it cannot start there."""
    if not parts:
        return 0.0
    first = m.parts[parts[0]]
    if first.height <= spare:
        return first.height
    start = first.head + (first.rows[0] if first.rows else first.height - first.head)
    return start if start <= spare else 0.0


def _grow(m: Measured, group: list[int], room: float) -> list[float]:
    """Figure heights for one page: the largest common height whose cards fit
    ``room`` (a lone card's figure may shrink below its least to keep it whole)."""
    cards = [m.cards[i] for i in group]
    floor = FLOOR_MM if len(cards) == 1 else None

    def used(x):
        return sum(c.text + max(floor or c.low, min(x, c.high)) for c in cards) + SLACK_MM

    lo, hi = floor or 0.0, max(c.high for c in cards)
    for _ in range(30):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if used(mid) <= room else (lo, mid)
    return [max(floor or c.low, min(lo, c.high)) for c in cards]


def round_mm(mm: float) -> float:
    return float(int(mm * 2)) / 2  # half millimetres, rounded down so it still fits


def tail_order(m: Measured, names: list[str], room: float) -> tuple[str, ...]:
    """The order of the remaining parts that leaves the smallest empty bands."""
    natural = tuple(n for n in TAIL if n in names)
    return min(permutations(natural), key=lambda order: (_bands(m, order, room), order != natural))


def _bands(m: Measured, order: tuple[str, ...], room: float) -> tuple[float, float]:
    """Largest and total empty band over the pages the parts fill (their last page excluded)."""
    bands, left = [], room
    for name in order:
        part = m.parts[name]
        first = part.head + (part.rows[0] if part.rows else part.height - part.head)
        if first > left:
            bands.append(max(left, 0.0))
            left = m.page
        if not part.rows:
            left -= part.height
            continue
        left -= part.head
        for row in part.rows:
            if row > left:
                bands.append(max(left, 0.0))
                left = m.page - part.head  # the table's head repeats
            left -= row
        left -= part.foot
    return (max(bands, default=0.0), sum(bands))
