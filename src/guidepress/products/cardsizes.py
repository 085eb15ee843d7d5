"""Sizes of the exercise cards that come together in a handout or contact sheet,
remembered card by card.

Such a product is laid out once in one flow to measure its cards (``cardflow``).
A card's size depends on its own markup (the group heading above it included)
and on the page it is laid out on: the stylesheets, the options the layout
depends on, and the document's head (paper, language, page set-up). It does
not depend on the article around it. So each card's size is remembered under a
key of those: in the renderer, so that a build's plain edition reuses the
cards its handout measured, and in the kept folder (``kept``), so that a guide
whose text was edited measures only what changed. The measuring layout then
holds the text before the cards, the first card (whose place settles where the
exercise pages start) and the cards not seen before.

A remembered card must prove itself: the final layout gives each card a height
(less its figure), and a remembered card's must be the height it had in the
final layout it was remembered from. If one is not, the product is measured
whole again, and what was remembered under that key is forgotten.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import asdict, dataclass

from guidepress.products import kept
from guidepress.products.cachemodels import MAX_CARDS, CardSizes

MARK = "<!--gp-card-->"  # before each card block while measuring (partials/exercise_card.html)
END = "<!--gp-cards-end-->"
TOLERANCE_MM = 0.01  # a remembered height this close to the final layout's is the same
LIMIT = MAX_CARDS  # cards kept under one scope (a library has tens)
_ID = re.compile(r'\sid="([^"]*)"')
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_PRINTED = re.compile(r"<(?:img|svg|object|embed|video|canvas|hr|table|input|textarea)\b", re.IGNORECASE)
_TAG_OR_SPACE = re.compile(r"<[^>]*>|\s+")
_NOT_LAYOUT = re.compile(r"<title\b.*?</title>|<meta\b[^>]*>", re.DOTALL)  # the head's words, not its layout


@dataclass(frozen=True)
class Size:
    """What planning needs of a card (see ``pages.CardSize``), where to cut its
    text, and its height less its figure in the final layout it was kept from."""

    text: float
    low: float
    high: float
    cut: int
    laid: float


def split(html: str, count: int) -> tuple[str, list[str], str] | None:
    """The measuring HTML cut into what comes before the cards, each card block's
    markup and what follows; None when the template did not mark ``count`` cards."""
    if html.count(MARK) != count or html.count(END) != 1:
        return None
    head, _, rest = html.partition(MARK)
    body, _, tail = rest.partition(END)
    return head, body.split(MARK), END + tail


def measuring_html(pieces: tuple[str, list[str], str], left_out: set[int]) -> str:
    """What the measuring layout holds: the text before the cards and the cards
    not ``left_out`` (by place). What follows the cards (an FAQ, a back cover)
    is left out too, as it measures nothing; what is left out leaves its anchors."""
    head, blocks, tail = pieces
    gone = "".join(blocks[n] for n in sorted(left_out)) + tail[len(END):]
    return (head + "".join(MARK + b for n, b in enumerate(blocks) if n not in left_out)
            + END + anchors(gone))


def nothing_after(pieces: tuple[str, list[str], str]) -> bool:
    """Whether the cards end the document: no text, picture or rule follows them."""
    rest = _COMMENT.sub("", pieces[2][len(END):])
    return not _PRINTED.search(rest) and not _TAG_OR_SPACE.sub("", rest)


def anchors(block: str) -> str:
    """Empty blocks with the ids in markup left out of the measuring layout, so that
    the page references to them still resolve: to the page after the cards
    measured, which is no more a card's final page than its page in a whole
    measuring layout is; the final layout prints the right one."""
    return "".join(f'<div id="{name}"></div>' for name in _ID.findall(block))


def scope_key(html: str, *options) -> str:
    """What a card's size depends on besides its markup: the versions, the options
    (stylesheets by path, size and time, PDF variant, cards per page), and the
    document's head and body tag without its title and metadata."""
    head = html[:html.find(">", html.find("<body")) + 1]
    return kept.plan_key(_NOT_LAYOUT.sub("", head), *options)


class Sizes:
    """Card sizes under one scope: those the renderer holds (``memory``, a dict
    shared by the renderer's products), then those kept between runs."""

    def __init__(self, scope: str, memory: dict) -> None:
        self.scope = scope
        self.known: dict[str, Size] = memory.setdefault(scope, {})
        if not self.known:
            self.known.update(_recalled(scope))
        self.used: dict[int, str] = {}  # card's place -> key, for cards taken from here

    @staticmethod
    def key(block: str) -> str:
        return hashlib.sha256(block.encode("utf-8")).hexdigest()

    def get(self, place: int, block: str) -> Size | None:
        key = self.key(block)
        found = self.known.get(key)
        if found is not None:
            self.used[place] = key
        return found

    def confirmed(self, laid: list[float]) -> bool:
        """Whether each card taken from here is as tall (less its figure) in the final layout."""
        return all(place < len(laid) and abs(laid[place] - self.known[key].laid) <= TOLERANCE_MM
                   for place, key in self.used.items())

    def forget(self) -> None:
        self.known.clear()
        self.used.clear()
        kept.forget(_name(self.scope))

    def learn(self, blocks: list[str], sizes: list[Size], files) -> None:
        """Remember each card's size, here and in the kept folder."""
        for block, size in zip(blocks, sizes):
            key = self.key(block)
            self.known.pop(key, None)  # the newest last: the oldest go first beyond LIMIT
            self.known[key] = size
        for old in list(self.known)[:-LIMIT]:
            del self.known[old]
        kept.remember(_name(self.scope), {"cards": {k: asdict(v) for k, v in self.known.items()}},
                      files, CardSizes)


def _name(scope: str) -> str:
    return "cards-" + scope


def _recalled(scope: str) -> dict[str, Size]:
    """The sizes kept under ``scope``; none if the file is not valid (``cachemodels``)."""
    found = kept.recall(_name(scope), CardSizes)
    return {k: Size(**v.model_dump()) for k, v in found.cards.items()} if found else {}


def memory_for(renderer) -> dict:
    """The renderer's card sizes by scope (made on first use)."""
    memory = getattr(renderer, "card_sizes", None)
    if memory is None:
        memory = renderer.card_sizes = {}
    return memory
