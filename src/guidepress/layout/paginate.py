"""Pages from sizes: which units share a page and how tall each card's figure is.

Pure arithmetic, no rendering: sizes in, typed pages out. The policy:

- units are whole: a card, a part (tracker, Stop box, notes) never splits;
  only a part taller than a page runs on, on pages of its own;
- cards keep their order; a page takes as many as fit at their smallest
  figures, up to ``per_page``; the parts after the cards fill the room left
  on the last page of cards, then pages of their own (never a page of cards
  before the last: the exercises read in one run);
- a page whose room cannot take even the next card at its smallest takes
  parts that fit it whole instead, never a lone fragment;
- the ``early`` parts (the Stop box) print on the first page if they fit
  there, else the second page keeps room for them;
- what a page has left goes to its figures, up to the largest each may take
  (a card alone on its page, up to the largest its width allows);
- lines to write on are never padding: only the last page of cards of a
  product whose cards end it (``last``) gives its band to them, and a page of
  parts its band to the notes box;
- an ``optional`` part (a notes box when the header already gives the next
  appointment) is left out rather than printed on a page of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations

SLACK_MM = 2.0   # margins that collapse between blocks, and rounding
FLOOR_MM = 25.0  # a lone card fits a page if it does with its figure this tall
LEAST_MM = 15.0  # a lone card too tall for a whole page gives up figure height down to this
FRAGMENT = 0.75  # a page this empty holds only a fragment: a lone card shrinks to fill it
FILL_MM = 20.0   # a band this tall is worth lines to write on, or a part


@dataclass(frozen=True)
class CardSize:
    """A card's height without its figure, and the range its figure may take (mm)."""

    text: float
    low: float = 0.0
    high: float = 0.0
    widest: float = 0.0  # the tallest the figure may be, alone on its page (its width allows)


@dataclass(frozen=True)
class Card:
    """A card on a page: its place in the product's order and its figure's height."""

    index: int
    figure: float


@dataclass(frozen=True)
class Part:
    """A part after the cards (its name, as the template knows it)."""

    name: str


@dataclass(frozen=True)
class Space:
    """Lines to write on, this tall (mm); after a notes part, the room its box grows by."""

    mm: float


Entry = Card | Part | Space


@dataclass(frozen=True)
class Sizes:
    """What planning needs: the room under what comes before the cards on their
    first page, a page's room, each card's size and each part's height."""

    first: float
    page: float
    cards: tuple[CardSize, ...]
    parts: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Policy:
    """How a product fills its pages."""

    per_page: int = 2
    tail: tuple[str, ...] = ()   # the parts after the cards, in their natural order
    last: bool = False           # nothing follows the cards: their last page takes lines to write on
    early: tuple[str, ...] = ()  # parts that print on the first or second page (the Stop box)
    optional: tuple[str, ...] = ()  # parts never given a page of their own: left out instead


def plan(sizes: Sizes, policy: Policy) -> list[tuple[Entry, ...]]:
    """The product's pages, each a tuple of entries in print order."""
    pages: list[tuple[Entry, ...]] = []
    left = [p for p in policy.tail if p in sizes.parts]
    index, room, count = 0, sizes.first, len(sizes.cards)
    while index < count:
        card = sizes.cards[index]
        # the second page keeps room for the early parts not yet placed
        reserve = sum(sizes.parts[p] for p in policy.early if p in left) if len(pages) == 1 else 0.0
        # a lone card fits with its figure at FLOOR_MM; on a page that would
        # otherwise be left nearly empty (a fragment), down to LEAST_MM
        least = LEAST_MM if room - reserve >= FRAGMENT * sizes.page else FLOOR_MM
        if card.text + min(card.low, least) + SLACK_MM > room - reserve and (
                room < sizes.page or reserve):
            # not even the next card fits under what precedes it: parts fill the page
            parts = fillers(sizes, left, room - SLACK_MM, policy.early)
            left = [p for p in left if p not in parts]
            pages.append(_with_space(sizes, parts, room, "notes" in parts))
            room = sizes.page
            continue
        group = [index]
        index += 1
        while (index < count and len(group) < policy.per_page
               and _least(sizes, group + [index]) <= room - reserve):
            group.append(index)
            index += 1
        spare = room - _least(sizes, group)
        # beside cards, the parts come after the last of them; only the early ones before
        pool = left if index == count else [p for p in left if p in policy.early]
        parts = fillers(sizes, pool, spare, policy.early)
        left = [p for p in left if p not in parts]
        space = room - sum(sizes.parts[p] for p in parts)
        figures = grow(sizes, group, space)
        entries: list[Entry] = [Card(i, round_mm(h)) for i, h in zip(group, figures)]
        band = space - sum(sizes.cards[i].text + h for i, h in zip(group, figures)) - SLACK_MM
        if policy.last and index == count and not left and band > FILL_MM:
            entries.append(Space(round_mm(band - SLACK_MM)))
        pages.append(tuple(entries) + tuple(Part(p) for p in parts))
        room = sizes.page
    while left:  # parts that did not fit beside the cards: pages of their own
        parts = fillers(sizes, left, room - SLACK_MM, policy.early) or [left[0]]
        left = [p for p in left if p not in parts]
        if not set(parts) <= set(policy.optional):
            pages.append(_with_space(sizes, parts, room, "notes" in parts))
        room = sizes.page
    return pages


def _with_space(sizes: Sizes, parts: list[str], room: float, grow_notes: bool) -> tuple[Entry, ...]:
    """A page of parts, with the band they leave when the notes (or lines) may take it."""
    band = room - sum(sizes.parts[p] for p in parts) - 2 * SLACK_MM
    space = (Space(round_mm(band)),) if grow_notes and band > FILL_MM else ()
    return tuple(Part(p) for p in parts) + space


def _least(sizes: Sizes, group: list[int]) -> float:
    """The height of a group of cards at their smallest figures."""
    lone = len(group) == 1
    return sum(sizes.cards[i].text + (min(sizes.cards[i].low, FLOOR_MM) if lone else sizes.cards[i].low)
               for i in group) + SLACK_MM


def fillers(sizes: Sizes, names: list[str], spare: float, early: tuple[str, ...] = ()) -> list[str]:
    """The parts, kept whole and in order, that fill most of ``spare``, with as many
    of the ``early`` parts as fit first."""
    best: tuple[int, float, tuple[str, ...]] = (0, 0.0, ())
    for count in range(1, len(names) + 1):
        for combo in combinations(names, count):
            used = sum(sizes.parts[p] for p in combo)
            rank = (sum(p in early for p in combo), used)
            if used <= spare and rank > best[:2]:
                best = (*rank, combo)
    return list(best[2])


def grow(sizes: Sizes, group: list[int], room: float) -> list[float]:
    """Figure heights for one page: the largest common height whose cards fit
    ``room`` (a lone card's figure may shrink below its least, to LEAST_MM)."""
    cards = [sizes.cards[i] for i in group]
    lone = len(cards) == 1
    floor = [min(c.low, LEAST_MM) if lone else c.low for c in cards]
    top = [max(c.high, c.widest) if lone else c.high for c in cards]

    def used(x: float) -> float:
        return sum(c.text + max(f, min(x, t)) for c, f, t in zip(cards, floor, top)) + SLACK_MM

    lo, hi = 0.0, max(top)
    for _ in range(30):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if used(mid) <= room else (lo, mid)
    return [max(f, min(lo, t)) for f, t in zip(floor, top)]


def round_mm(mm: float) -> float:
    """Half millimetres, rounded down so that what was planned still fits."""
    return float(int(mm * 2)) / 2
