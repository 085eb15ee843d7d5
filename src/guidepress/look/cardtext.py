"""Split an exercise card's text into two columns of about equal height.

CSS multi-column layout would balance them, but it costs WeasyPrint about half
of a sheet's layout time. Instead the text is a row of units (a step, a tip, a
label, a paragraph) and the cut goes between two units: where estimated line
counts say by default, or, once a first layout has measured each unit, where
the measured heights say (``cut``). Steps and tips may continue in the right
column (numbering carries on); a "stop if" list stays whole under its label.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

CHARS_PER_LINE = 36  # a half-card column at 12 pt, less the list's indent


@dataclass
class Piece:
    """One group of the card's text: its kind, items, and first step number."""

    kind: str  # steps, note, tips, stop, variants, link
    items: list = field(default_factory=list)
    start: int = 1
    label: bool = True  # False for the rest of a list that the cut carried over


@dataclass(frozen=True)
class Unit:
    """One printed block of a card's text, as the template makes it."""

    piece: int
    item: int  # -1 for a piece's label, or for a piece printed as one paragraph
    text: str
    cut_after: bool  # whether the columns may be cut just after it


def pieces_of(ex: dict, note: str = "", detail: bool = True, link: str = "") -> list[Piece]:
    """The card's text groups, in reading order; ``ex`` is an exercise as templates
    see it. A compact list's row (without ``detail``) keeps the steps in short (the
    full steps when the exercise has none in short) and the note: the sheet's Stop
    box says when to stop."""
    if not detail:
        return [Piece("steps", list(ex["short_steps"] or ex["steps"]))] + (
            [Piece("note", [note])] if note else [])
    pieces = [Piece("steps", list(ex["steps"]))]
    if note:
        pieces.append(Piece("note", [note]))
    if ex["tips"]:
        pieces.append(Piece("tips", list(ex["tips"])))
    pieces.append(Piece("stop", list(ex["stop_if"])))
    if ex["easier"] or ex["harder"]:
        pieces.append(Piece("variants", [(k, t) for k, t in (("easier", ex["easier"]),
                                                                ("harder", ex["harder"])) if t]))
    if link:
        pieces.append(Piece("link", [link]))
    return pieces


def units_of(pieces: list[Piece]) -> list[Unit]:
    """The units in the order the template prints them (labels before their lists)."""
    units = []
    for p, piece in enumerate(pieces):
        if piece.kind in ("steps", "tips", "stop"):
            if piece.kind != "steps":
                units.append(Unit(p, -1, "label", False))
            last = len(piece.items) - 1
            for i, item in enumerate(piece.items):
                units.append(Unit(p, i, str(item), piece.kind != "stop" or i == last))
        else:
            units.append(Unit(p, -1, " ".join(" ".join(map(str, i)) if isinstance(i, tuple)
                                              else str(i) for i in piece.items), True))
    return units


def estimate(unit: Unit, width: int) -> float:
    """A unit's height in lines, from its words and a column ``width`` in characters."""
    lines, used = 1, 0
    for word in unit.text.split():
        if used and used + 1 + len(word) > width:
            lines, used = lines + 1, len(word)
        else:
            used += len(word) + (1 if used else 0)
        while used > width:  # a web address breaks anywhere
            lines, used = lines + 1, used - width
    return lines + 0.2  # the space after it


def best_cut(units: list[Unit], heights: list[float]) -> int:
    """How many units go in the left column so that the taller column is lowest."""
    total = sum(heights)
    best, best_height, used = len(units), total, 0.0
    for cut in range(1, len(units)):
        used += heights[cut - 1]
        if units[cut - 1].cut_after and max(used, total - used) < best_height - 1e-6:
            best, best_height = cut, max(used, total - used)
    return best


def split_at(pieces: list[Piece], units: list[Unit], cut: int) -> tuple[list[Piece], list[Piece]]:
    """The pieces as two columns, the first ``cut`` units on the left."""
    if cut >= len(units):
        return pieces, []
    at = units[cut]
    left, right = pieces[:at.piece], pieces[at.piece + 1:]
    piece = pieces[at.piece]
    if at.item <= 0:  # the cut falls before this piece
        return left, [piece, *right]
    return ([*left, Piece(piece.kind, piece.items[:at.item], piece.start, piece.label)],
            [Piece(piece.kind, piece.items[at.item:], piece.start + at.item, False), *right])


def card_columns(ex: dict, note: str = "", detail: bool = True, scale: float = 1.0,
                 cut: int | None = None, link: str = "") -> list[list[dict]]:
    """The card's text as a left and a right column of about equal height.

    ``scale`` is the theme's type size against the default (1.5 in large
    print); ``cut``, when a product measured the card, the units on the left;
    ``link``, the exercise's web address when the card prints one.
    """
    pieces = pieces_of(ex, note, detail, link)
    if not detail:  # a compact list's row: one column beside the figure
        columns = pieces, []
    else:
        units = units_of(pieces)
        if cut is None:
            width = round(CHARS_PER_LINE / scale)
            cut = best_cut(units, [estimate(u, width) for u in units])
        columns = split_at(pieces, units, cut)
    # as data: a template gets dicts, never our objects
    return [[dataclasses.asdict(piece) for piece in column] for column in columns]
