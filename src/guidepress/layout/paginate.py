"""Pages from sizes: which units share a page and how tall each card's figure is.

Pure arithmetic, no rendering: sizes in, typed pages out. Units are whole (a
card or a part never splits; only a part taller than a page runs on, on pages
of its own). Cards keep their order, as many to a page as fit at their smallest
figures, up to ``per_page`` (with no parts after them, of the ways to take the
fewest pages, the one whose pages are left least empty once their figures have
grown); the parts after the cards fill the room left on the last page of cards,
then pages of their own; a page that cannot take even the
next card takes parts that fit it whole, never a lone fragment; beside cards,
parts come after the last card (only the early ones before it). The ``early``
parts (the Stop box) print on the first page, else the second keeps room for
them. What a page has left goes to its figures (a card alone on its page, up to
what its width allows, or its frames one above the other when that makes them taller;
one to a page, no part beside a card costs it its stacked frames). Lines to write on are never padding: only the last page
of cards of a product they end (``last``) takes them, and the notes box grows into
the band of a page of parts by NOTES_MM at most. An ``optional`` part (a notes box
when the header already gives the next appointment) is left out rather than printed
on a page of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations

SLACK_MM = 2.0   # margins that collapse between blocks, and rounding
FLOOR_MM = 25.0  # a lone card fits a page if it does with its figure this tall
LEAST_MM = 15.0  # a lone card too tall for a whole page gives up figure height down to this
FRAGMENT = 0.75  # a page this empty holds only a fragment: a lone card shrinks to fill it
FILL_MM = 20.0   # a band this tall is worth lines to write on, or a part
NOTES_MM = 30.0  # the most a notes box grows by on a page of parts: room for a few
                 # lines of handwriting, not the page's white taken up as padding
STACK_GAIN = 1.25  # a lone card's frames are stacked when each is then this much taller
FILL_GAIN = 1.1    # where a lone card would leave its page half empty (large print,
                   # handouts), when this much


@dataclass(frozen=True)
class CardSize:
    """A card's height without its figure, and the range its figure may take (mm)."""

    text: float
    low: float = 0.0
    high: float = 0.0
    widest: float = 0.0  # the tallest the figure may be, alone on its page (its width allows)
    stack: float = 0.0   # the tallest its frames may be stacked, one above the other (all of them)
    frames: int = 1
    caption: float = 0.0  # the labels' row under frames side by side, which stacked frames lack


@dataclass(frozen=True)
class Card:
    """A card on a page: its place in the product's order and its figure's height."""

    index: int
    figure: float
    stacked: bool = False  # the figure's frames one above the other, ``figure`` tall in all


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
    stack_gain: float = STACK_GAIN  # how much taller stacked frames must be


def plan(sizes: Sizes, policy: Policy) -> list[tuple[Entry, ...]]:
    """The product's pages, each a tuple of entries in print order: the early parts
    first on the first page (under what precedes the cards) instead of after its
    cards, when otherwise a later page holds them alone (large print's Stop box, an
    optional part at most beside it) and this takes no more pages; of plans alike in
    those, the one that leaves out fewest optional parts."""
    plans = [_plan(sizes, policy, False)]
    early = sum(sizes.parts[p] for p in policy.early if p in sizes.parts and p in policy.tail)
    if early and early + SLACK_MM <= sizes.first:
        plans.append(_plan(sizes, policy, True))
    return min(plans, key=lambda pages: (len(pages), sum(_early_alone(page, policy) for page in pages[1:]),
                                         -sum(isinstance(e, Part) for page in pages for e in page)))


def _early_alone(page: tuple[Entry, ...], policy: Policy) -> bool:
    """Whether a page holds early parts and nothing else but optional ones."""
    names = [e.name for e in page if isinstance(e, Part) and e.name not in policy.optional]
    return not any(isinstance(e, Card) for e in page) and bool(names) and set(names) <= set(policy.early)


def _plan(sizes: Sizes, policy: Policy, early_first: bool) -> list[tuple[Entry, ...]]:
    pages: list[tuple[Entry, ...]] = []
    left = [p for p in policy.tail if p in sizes.parts]
    index, room, count = 0, sizes.first, len(sizes.cards)
    sizes_of = _evenest(sizes, policy) if not left and policy.per_page > 1 else {}
    if early_first:  # the early parts alone under what precedes the cards
        pages.append(tuple(Part(p) for p in left if p in policy.early))
        left, room = [p for p in left if p not in policy.early], sizes.page
    while index < count:
        card = sizes.cards[index]
        # the second page keeps room for the early parts not yet placed
        reserve = sum(sizes.parts[p] for p in policy.early if p in left) if len(pages) == 1 else 0.0
        # a lone card fits with its figure at FLOOR_MM; on a page that would
        # otherwise be left nearly empty (a fragment), down to LEAST_MM
        least = LEAST_MM if room - reserve >= FRAGMENT * sizes.page else FLOOR_MM
        # one to a page, a card's frames stack wherever they can: one sheet, one size
        crowded = policy.per_page == 1 and reserve and _costs_stack(card, room, reserve, policy.stack_gain)
        if crowded or card.text + min(card.low, least) + SLACK_MM > room - reserve and (
                room < sizes.page or reserve):
            # not even the next card fits under what precedes it: parts fill the page
            page, left = _parts_page(sizes, left, room, policy.early, one=False)
            pages.append(page)
            room = sizes.page
            continue
        group = [index]
        index += 1
        while (index < count and len(group) < sizes_of.get(group[0], policy.per_page)
               and _least(sizes, group + [index]) <= room - reserve):
            group.append(index)
            index += 1
        spare = room - _least(sizes, group)
        # beside cards, the parts come after the last of them; only the early ones before
        pool = left if index == count else [p for p in left if p in policy.early]
        parts = fillers(sizes, pool, spare, policy.early)
        if policy.per_page == 1 and _costs_stack(card, room, sum(sizes.parts[p] for p in parts),
                                                 policy.stack_gain):
            parts = [p for p in parts if p in policy.early and len(pages) >= 1]  # to pages of their own
        left = [p for p in left if p not in parts]
        space = room - sum(sizes.parts[p] for p in parts)
        figures = grow(sizes, group, space)
        entries: list[Entry] = [Card(i, round_mm(h)) for i, h in zip(group, figures)]
        if len(group) == 1:  # a card alone: its figure grows into the room, frames stacked
            entries = [stacked(sizes.cards[index - 1], entries[0], space, policy.stack_gain)]
        band = space - sum(sizes.cards[e.index].text + e.figure for e in entries) - SLACK_MM
        if policy.last and index == count and not left and band > FILL_MM:
            entries.append(Space(round_mm(band - SLACK_MM)))
        pages.append(tuple(entries) + tuple(Part(p) for p in parts))
        room = sizes.page
    while left:  # parts that did not fit beside the cards: pages of their own
        page, left = _parts_page(sizes, left, room, policy.early, one=True)
        if not {e.name for e in page if isinstance(e, Part)} <= set(policy.optional):
            pages.append(page)
        room = sizes.page
    return pages


def _evenest(sizes: Sizes, policy: Policy) -> dict[int, int]:
    """For cards with no parts after them: how many cards each page starting with a
    given card holds, so that the cards take the fewest pages and, of the ways to
    do that, the one whose pages are left least empty once their figures have
    grown (a card alone under a half-empty page costs most): the sum of the
    squares of what each page leaves."""
    count = len(sizes.cards)
    best: dict[tuple[int, bool], tuple[int, float, int]] = {(count, False): (0, 0.0, 0)}
    for i in range(count - 1, -1, -1):
        for first in (False, True) if i == 0 else (False,):
            room = sizes.first if first else sizes.page
            card = sizes.cards[i]
            least = LEAST_MM if room >= FRAGMENT * sizes.page else FLOOR_MM
            if first and room < sizes.page and card.text + min(card.low, least) + SLACK_MM > room:
                pages, cost, _ = best[(i, False)]  # the first page holds no card
                best[(i, True)] = (pages + 1, cost, 0)
                continue
            options = []
            for j in range(i + 1, min(i + policy.per_page, count) + 1):
                group = list(range(i, j))
                if j > i + 1 and _least(sizes, group) > room:
                    break
                pages, cost, _ = best[(j, False)]
                options.append((pages + 1, cost + _left(sizes, group, room, policy) ** 2, j - i))
            best[(i, first)] = min(options)
    taken, i, first = {}, 0, True
    while i < count:
        taken[i] = best[(i, first)][2] or 1
        i, first = i + best[(i, first)][2], False
    return taken


def _left(sizes: Sizes, group: list[int], room: float, policy: Policy) -> float:
    """What a page of these cards leaves empty once their figures have grown."""
    entries = [Card(i, h) for i, h in zip(group, grow(sizes, group, room))]
    if len(group) == 1:
        entries = [stacked(sizes.cards[group[0]], entries[0], room, policy.stack_gain)]
    return max(0.0, room - sum(sizes.cards[e.index].text + e.figure for e in entries) - SLACK_MM)


def _parts_page(sizes: Sizes, left: list[str], room: float, early: tuple[str, ...],
                one: bool) -> tuple[tuple[Entry, ...], list[str]]:
    """A page of the parts that fill ``room`` (with ``one``, at least the first part
    left), the notes box growing into the band they leave (NOTES_MM at most); and
    the parts still left."""
    parts = fillers(sizes, left, room - SLACK_MM, early) or left[:int(one)]
    parts.sort(key=lambda p: p not in early)  # the Stop box first
    band = room - sum(sizes.parts[p] for p in parts) - 2 * SLACK_MM
    space = (Space(round_mm(min(band, NOTES_MM))),) if "notes" in parts and band > FILL_MM else ()
    return tuple(Part(p) for p in parts) + space, [p for p in left if p not in parts]


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


def stacked(card: CardSize, placed: Card, room: float, gain: float = STACK_GAIN) -> Card:
    """A lone card's figure with its frames one above the other when, in ``room``,
    that lets each frame be taller by ``gain`` than side by side (a wide pose
    whose frames side by side are held low by the card's width)."""
    tall = min(card.stack, room - (card.text - card.caption) - SLACK_MM)
    if card.frames > 1 and tall / card.frames >= gain * max(placed.figure, 1.0):
        return Card(placed.index, round_mm(tall), True)
    return placed


def _costs_stack(card: CardSize, room: float, taken: float, gain: float = STACK_GAIN) -> bool:
    """Whether parts ``taken`` mm tall beside a lone card cost it its stacked frames."""
    if not taken or card.frames < 2:
        return False

    def stacks(space: float) -> bool:
        side = Card(0, max(0.0, min(max(card.high, card.widest), space - card.text - SLACK_MM)))
        return stacked(card, side, space, gain).stacked

    return stacks(room) and not stacks(room - taken)


def round_mm(mm: float) -> float:
    """Half millimetres, rounded down so that what was planned still fits."""
    return float(int(mm * 2)) / 2
