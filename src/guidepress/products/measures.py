"""Measurements of a routine sheet's parts, kept between sheets.

A routine sheet is laid out twice: once to measure its header, cards and the
parts after them (``pages.measure``), then with the pages planned from those
sizes. In a batch most of that first layout repeats: the same exercise at the
same dose makes the same card, and the safety box is the same on every sheet.
So each card and part is measured once per renderer, keyed by its own HTML,
and the measuring layout holds only the header (always measured, it names the
patient) and what has not been seen yet. A key is the part's exact markup
under the same page set-up, so a remembered size is the size a new
measurement would give; a template whose sheet lacks the markers that
delimit parts is measured whole every time, as before.
"""

from __future__ import annotations

import hashlib
import re
from collections import OrderedDict

from guidepress.products import pages

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
        self.replanned = 0  # sheets laid out again: their header was not as remembered

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


def measure(html: str, entries: list[tuple], scope: tuple, memo: Memo, per_page: int,
            lay_out, private: tuple[str, ...] = ()) -> tuple[pages.Measured, dict[str, int], bool]:
    """Sizes for planning ``entries`` (("card", item, n, None) or ("part", name, ...)),
    from ``html``: the sheet laid out to measure, one entry a page. Also whether the
    room under the header is a guess, to be checked against the final layout.

    ``lay_out(html)`` renders HTML and returns the document. ``scope`` names what a
    piece's size depends on besides its markup (paper, cards per page, stylesheets).
    The header is remembered without the ``private`` texts (the patient's name):
    a sheet whose only new piece is its header then needs no measuring layout at
    all, and its header's room is confirmed after the final layout.
    """
    pieces = split(html, len(entries))
    if pieces is None:
        return (*pages.measure(lay_out(html), per_page), False)
    head, fragments, tail = pieces
    scope += tuple(re.findall(r"<(?:html|body)\b[^>]*>", head))  # language, sheet's classes
    header = head[head.find("<body"):]
    for text in private:
        header = header.replace(text, "")
    keys = [_key(scope, fragment) for fragment in fragments]
    known = [memo.get(key) for key in keys]
    todo = [i for i, size in enumerate(known) if size is None]
    room = memo.get(_key(scope, "header", header)) if not todo else None
    if room is None:
        found, cuts = pages.measure(lay_out(head + "".join(fragments[i] for i in todo) + tail),
                                    per_page)
        if len(found.cards) != sum(entries[i][0] == "card" for i in todo):
            # not the cards that were marked: measure the sheet whole
            return (*pages.measure(lay_out(html), per_page), False)
        room = (found.first_page, found.page)
        memo.put(_key(scope, "header", header), room)
        new_cards = iter(found.cards)
        for i in todo:
            kind, ref = entries[i][:2]
            known[i] = ((next(new_cards), cuts.get(ref.exercise.id, 0)) if kind == "card"
                        else found.parts[ref])
            memo.put(keys[i], known[i])
    cards = [(entry[1], size) for entry, size in zip(entries, known) if entry[0] == "card"]
    parts = {entry[1]: size for entry, size in zip(entries, known) if entry[0] == "part"}
    return (pages.Measured(*room, [size for _, (size, _) in cards], parts),
            {item.exercise.id: cut for item, (_, cut) in cards}, not todo)
