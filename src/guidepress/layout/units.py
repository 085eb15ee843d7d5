"""Units: the pieces of a product that pages are planned from (docs/layout.md).

A template wraps each unit's markup in ``{% call unit("card") %}...{% endcall %}``
(its key is a hash of that markup; while measuring, a unit whose size is known is
left out) and gives its outermost element ``data-unit="card"`` (so that its box is
found in the laid-out document). Units are recorded in the order they open, the
order of their elements. A unit wrapped without its attribute, or units that do
not match their boxes, is an error naming the template: an override must keep the marks.

Kinds: ``card`` (with the heading kept with it), ``card-head`` (its name and dose),
``card-rest`` (the rest of the card: silent, with no element of its own) and the
parts after the cards: ``tracker``, ``safety``, ``notes``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from markupsafe import Markup

from guidepress.errors import GuidepressError
from guidepress.freshness import sha256_hex

ATTR = "data-unit"
SILENT = frozenset({"card-rest"})  # units with no element of their own
PARTS = ("tracker", "safety", "notes")


class UnitError(GuidepressError):
    """A template that does not mark its units as the layout needs them."""


def digest(*texts: str) -> str:
    """The key of a piece of markup (or of several, joined)."""
    return sha256_hex("\x00".join(texts))


@dataclass
class Unit:
    """One unit of a fill: its kind, its key, the keys of the units inside it,
    and whether its element is in the filled markup."""

    kind: str
    key: str = ""
    inner: dict[str, str] = field(default_factory=dict)  # kind -> key of each unit inside
    shown: bool = True
    whole: bool = True  # a card with its rest (False: only its head, to measure the head)


class Units:
    """What a template fill marks as units (called as ``unit(kind)`` in a call block);
    ``leave_out(unit)`` says, while measuring, which need no layout (sizes known)."""

    def __init__(self, template: str, leave_out: Callable[[Unit], str] | None = None) -> None:
        self.template = template
        self.leave_out = leave_out  # returns "all", "rest" or "" for a unit
        self.found: list[Unit] = []
        self.printed: list[str] = []  # the markup of each unit printed outside any other
        self._open: list[tuple[Unit, dict[str, str]]] = []  # units being filled, with inner markup

    def __call__(self, kind: str, caller, anchor: str = "") -> Markup:
        unit, start = Unit(kind), len(self.found)
        if kind not in SILENT:
            self.found.append(unit)
        inner: dict[str, str] = {}
        self._open.append((unit, inner))
        try:
            markup = str(caller())
        finally:
            self._open.pop()
        if kind not in SILENT and f'{ATTR}="{kind}"' not in markup:
            raise UnitError(f'template {self.template}: a unit wrapped as "{kind}" has no element '
                            f'marked {ATTR}="{kind}"; put the attribute on its outermost element')
        own = markup
        for piece in inner.values():
            own = own.replace(piece, "", 1)
        unit.inner = {k: digest(k, v) for k, v in inner.items()}
        unit.inner["frame"] = digest(own)
        unit.key = digest(kind, own, *(unit.inner[k] for k in sorted(inner)))
        if self._open:
            self._open[-1][1][kind] = markup
        shown = self._shown(unit, markup, inner, anchor)
        if not unit.shown:  # the units inside it are left out with it
            for inside in self.found[start + 1:]:
                inside.shown = False
        if not self._open and kind not in SILENT and shown:
            self.printed.append(shown)  # an anchor left in its place too: not the frame's
        return Markup(shown)

    def _shown(self, unit: Unit, markup: str, inner: dict[str, str], anchor: str) -> str:
        """The unit's markup as this fill prints it: all of it, without its rest, or
        nothing but its ``anchor`` (so that page references to it still resolve)."""
        choice = self.leave_out(unit) if self.leave_out and unit.kind not in SILENT else ""
        if choice == "all":
            unit.shown = False
            return str(Markup('<div id="{}"></div>').format(anchor)) if anchor else ""
        if choice == "rest" and "card-rest" in inner:
            unit.whole = False
            return markup.replace(inner["card-rest"], "", 1)
        return markup

    def frame(self, html: str) -> str:
        """The filled ``html`` without the units printed in it: what surrounds them."""
        for markup in self.printed:
            html = html.replace(markup, "", 1)
        return html


def match(units: Units, boxes: list) -> list[tuple[Unit, object]]:
    """Pair the units the fill printed with their elements' boxes (``measure.Placed``),
    in order; an error naming the template when they are not the same units."""
    shown = [u for u in units.found if u.shown]
    kinds = [b.element.get(ATTR) for b in boxes]
    if kinds != [u.kind for u in shown]:
        raise UnitError(
            f"template {units.template}: the laid-out units ({_summary(kinds)}) are not the ones "
            f"the template wrapped ({_summary([u.kind for u in shown])}); keep each unit's "
            f'{{% call unit(...) %}} and its {ATTR} attribute together, once per unit')
    return list(zip(shown, boxes))


def _summary(kinds: list[str]) -> str:
    return ", ".join(f"{n} {k}" for k, n in Counter(kinds).items()) or "none"
