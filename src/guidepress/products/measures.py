"""Measurements of a routine sheet's parts, kept between sheets.

A routine sheet is laid out twice: once to measure its header, cards and the
parts after them (``pages.measure``), then with the pages planned from those
sizes. In a batch most of that first layout repeats: the same exercise at the
same dose makes the same card, and the safety box is the same on every sheet.
So each card and part is measured once per renderer, keyed by its own HTML,
and the measuring layout holds only the header and what has not been seen yet;
a sheet with nothing new is not laid out to measure at all, and what it took
from sheets only alike (its header, heads differing in digits) is confirmed by
its final layout. A key is the part's exact markup
under the same page set-up, so a remembered size is the size a new
measurement would give; a template whose sheet lacks the markers that
delimit parts is measured whole every time, as before.
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict
from dataclasses import dataclass, field

from guidepress.products import pages
from guidepress.render.boxes import by_class

# The routine template marks each entry of the measuring layout and their end.
ENTRY = "<!--gp-entry-->"
END = "<!--gp-entries-end-->"
LIMIT = 2048  # pieces kept per renderer; a sheet has about ten
TOLERANCE_MM = 0.01  # a remembered size this close to a new layout's is the same size


class Memo:
    """Sizes of cards and parts by key, the least recently used dropped beyond ``LIMIT``."""

    def __init__(self, limit: int = LIMIT) -> None:
        self.limit = limit
        self._sizes: OrderedDict[str, object] = OrderedDict()
        self.hits = self.misses = 0
        self.replanned = 0  # sheets laid out again: a guessed size was not the final one
        # Card heads are looked up with their digits as zeros ("3 sets of 12" as "0 sets of
        # 00"): the built-in fonts draw every digit the same width. The final layout
        # confirms each such guess; after one that fails, only exact heads are used.
        self.digits_alike = True

    def get(self, key: str):
        found = self._sizes.get(key)
        if found is None:
            self.misses += 1
        else:
            self.hits += 1
            self._sizes.move_to_end(key)
        return found

    def put(self, key: str, value) -> None:
        self._sizes[key] = value
        self._sizes.move_to_end(key)
        while len(self._sizes) > self.limit:
            self._sizes.popitem(last=False)

    def __len__(self) -> int:
        return len(self._sizes)


def memo_for(renderer) -> Memo:
    """The renderer's memo (made on first use): sizes depend on its fonts and stylesheets."""
    memo = getattr(renderer, "layout_memo", None)
    if memo is None:
        memo = renderer.layout_memo = Memo()
    return memo


def split(html: str, count: int) -> tuple[str, list[str], str] | None:
    """The measuring HTML cut into what comes before the entries, each entry's
    markup and what follows; None when the template does not mark ``count`` entries."""
    if html.count(ENTRY) != count or html.count(END) != 1:
        return None
    head, _, rest = html.partition(ENTRY)
    body, _, tail = (ENTRY + rest).partition(END)
    return head, body.split(ENTRY)[1:], tail


def _key(*parts) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()


@dataclass(frozen=True)
class Card:
    """A card's markup, cut where its size can be remembered in two pieces: the
    head (number, name and dose, different on many sheets) and the rest (figure
    and text, the same wherever the exercise appears). The head is a block of its
    own, so a card is as tall as its rest plus its head, whatever the head holds."""

    whole: str
    head: str  # the card with its head alone ('' if the head cannot be found)
    body_key: str
    head_key: str
    like_key: str  # the head's key with every digit a zero


def _card(scope: tuple, fragment: str) -> Card:
    head = _HEAD.search(fragment)
    opening = _ARTICLE.search(fragment)
    if head is None or opening is None:  # not our card's markup: remembered whole
        key = _key(scope, fragment)
        return Card(fragment, "", key, key, key)
    return Card(fragment, f"{opening[0]}{head[0]}</article>",
                _key(scope, fragment.replace(head[0], "")), _key(scope, opening[0], head[0]),
                _key(scope, "like", opening[0], _DIGIT.sub("0", head[0])))


_HEAD = re.compile(r'<div class="card-head">.*?</div>', re.S)
_ARTICLE = re.compile(r"<article\b[^>]*>")
_DIGIT = re.compile(r"[0-9]")


@dataclass
class Guess:
    """Sizes taken from sheets that were only alike: the header's room, and card
    heads by their place among the sheet's cards. The final layout must agree."""

    header: bool = False
    heads: dict[int, float] = field(default_factory=dict)


def heads_agree(guess: Guess, document) -> bool:
    """Whether each guessed card head is as tall in the laid-out ``document``."""
    laid = [box.height for box in by_class(document, "card-head", whole=True)]
    return all(n < len(laid) and abs(laid[n] - height) <= TOLERANCE_MM
               for n, height in guess.heads.items())


def measure(html: str, entries: list[tuple], scope: tuple, memo: Memo, per_page: int,
            lay_out, private: tuple[str, ...] = ()) -> tuple[pages.Measured, dict[str, int], Guess]:
    """Sizes for planning ``entries`` (("card", item, n, None) or ("part", name, ...)),
    from ``html``: the sheet laid out to measure, one entry a page. Also what was
    guessed from sheets only alike, to be checked against the final layout.

    ``lay_out(html)`` renders HTML and returns the document. ``scope`` names what a
    piece's size depends on besides its markup (paper, cards per page, stylesheets).
    The header is remembered without the ``private`` texts (the patient's name):
    a sheet whose only new piece is its header then needs no measuring layout at
    all, and its header's room is confirmed after the final layout.
    """
    pieces = split(html, len(entries))
    if pieces is None:
        return (*pages.measure(lay_out(html), per_page), Guess())
    head, fragments, tail = pieces
    scope += tuple(re.findall(r"<(?:html|body)\b[^>]*>", head))  # language, sheet's classes
    header = head[head.find("<body"):]
    for text in private:
        header = header.replace(text, "")
    plan = _Plan(memo, scope, entries, fragments)
    header_key = _key(scope, "header", header)
    room = memo.get(header_key) if not plan.todo else None
    if room is None:
        document = lay_out(head + plan.markup() + tail)
        found, cuts = pages.measure(document, per_page)
        heads = [box.height for box in by_class(document, "card-head", whole=True)]
        if not plan.learn(found, cuts, heads):  # not the cards that were marked
            return (*pages.measure(lay_out(html), per_page), Guess())
        room = (found.first_page, found.page)
        memo.put(header_key, room)
    return (*plan.sizes(room), Guess(not plan.todo, plan.guessed))


class _Plan:
    """What is remembered of a sheet's entries, and the markup to lay out for the rest."""

    def __init__(self, memo: Memo, scope: tuple, entries: list[tuple], fragments: list[str]):
        self.memo, self.entries = memo, entries
        self.parts: dict[int, tuple[str, pages.Part | None]] = {}  # key, size
        self.cards: dict[int, list] = {}  # markup, rest (text, low, high, cut), head
        self.todo: list[tuple[int, str]] = []  # entries laid out whole to be measured
        self.heads: list[tuple[int, str]] = []  # cards whose head alone is laid out
        self.guessed: dict[int, float] = {}  # card's place -> head height from a like head
        for i, (entry, fragment) in enumerate(zip(entries, fragments)):
            if entry[0] != "card":
                key = _key(scope, fragment)
                self.parts[i] = (key, memo.get(key))
                if self.parts[i][1] is None:
                    self.todo.append((i, fragment))
                continue
            card = _card(scope, fragment)
            rest = memo.get(card.body_key)
            top = memo.get(card.head_key) if card.head else 0.0
            if top is None and rest is not None and memo.digits_alike:
                top = memo.get(card.like_key)
                if top is not None:
                    self.guessed[len(self.cards)] = top
            self.cards[i] = [card, rest, top]
            if rest is None:
                self.todo.append((i, card.whole))
            elif top is None:
                self.heads.append((i, card.head))
        if self.heads:  # heads measured all on one page: their height is their own
            self.todo.append((-1, '<section class="sheet-page">'
                              + "".join(markup for _, markup in self.heads) + "</section>"))

    def markup(self) -> str:
        return "".join(markup for _, markup in self.todo)

    def learn(self, found: pages.Measured, cuts: dict[str, int], heads: list[float]) -> bool:
        """Take the sizes measured for the entries to do; False if they do not match them."""
        order = [i for i, _ in self.todo if i in self.cards] + [i for i, _ in self.heads]
        if len(found.cards) != len(heads) or len(heads) != len(order):
            return False
        for i, _ in self.todo:
            if i in self.parts:
                key, _ = self.parts[i]
                self.parts[i] = (key, found.parts[self.entries[i][1]])
                self.memo.put(key, self.parts[i][1])
        for i, size, height in zip(order, found.cards, heads):
            state = self.cards[i]
            card = state[0]
            if state[1] is None:  # laid out whole: its rest, and its head if it has one
                height = height if card.head else 0.0
                state[1] = (size.text - height, size.low, size.high,
                            cuts.get(self.entries[i][1].exercise.id, 0))
                self.memo.put(card.body_key, state[1])
            state[2] = height
            if card.head:
                self.memo.put(card.head_key, height)
                self.memo.put(card.like_key, height)
        return True

    def sizes(self, room: tuple[float, float]) -> tuple[pages.Measured, dict[str, int]]:
        """The sheet's sizes, every entry now known, with the header's ``room``."""
        cards = [self.cards[i] for i in sorted(self.cards)]
        sizes = [pages.CardSize(top + rest[0], rest[1], rest[2]) for _, rest, top in cards]
        parts = {self.entries[i][1]: size for i, (_, size) in self.parts.items()}
        cuts = {self.entries[i][1].exercise.id: self.cards[i][1][3] for i in sorted(self.cards)}
        return pages.Measured(*room, sizes, parts), cuts
