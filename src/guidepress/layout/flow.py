"""Lay out a product whose pages are planned: units, sizes, pages, PDF.

1. The template is filled to measure (``Product.measuring``): the units whose
   sizes are known are left out as it is filled (``units``), the first card
   always kept, for where the cards start depends on it.
2. If anything is not known, that measuring fill is laid out once and each
   unit's size is read from it (``measure``) into the size cache (``sizes``).
3. Pages are planned from the sizes (``paginate``) and the product is filled
   and laid out with them.
4. One check: each card's height and figure and the room under what precedes
   the cards are read from that final layout; a size that was not right (a
   room taken from the scope's latest layout, a stale or edited file) is
   corrected (a card measured again) and the pages planned and laid out once more.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from guidepress.layout import measure, paginate
from guidepress.layout.sizes import TOLERANCE_MM, Rest, Room, Sizes, for_scope
from guidepress.layout.units import PARTS, Unit, UnitError, Units, digest, match
from guidepress.look.unitcall import recording

SHORTER_MM = 10.0  # a card this much shorter than planned was planned from a size not its own


@dataclass
class Product:
    """What a paginated product gives the layout.

    ``fill(context)`` fills its template, ``lay_out(html)`` lays HTML out;
    ``measuring(context)`` puts every unit in the context, as it is to be
    measured; ``planned(context, pages, cuts, room)`` puts the planned pages in
    (cuts: where each card's text is cut, by card order).
    """

    template: str
    fill: Callable[[dict], str]
    lay_out: Callable[[str], object]
    context: dict
    measuring: Callable[[dict], None]
    planned: Callable[[dict, list, dict, Room], None]
    policy: paginate.Policy
    scope: str
    kept: bool = False  # sizes kept between runs (nothing about a patient in them)
    renderer: object = None


@dataclass
class _Known:
    """The sizes of one product's units, as far as known."""

    cards: list[Unit] = field(default_factory=list)
    parts: dict[str, Unit] = field(default_factory=dict)
    frame: str = ""


def lay_out(product: Product):
    """The product's final layout (``Rendered``)."""
    sizes = for_scope(product.renderer, product.scope, product.kept)
    for attempt in (1, 2):
        known, html, units, missing = _fill_measuring(product, sizes)
        room = sizes.get("rooms", known.frame)
        if room is None and not missing and sizes.last_room is not None:
            room = sizes.last_room  # a new frame, nothing else new: checked after the layout
        elif room is None or missing:
            room = _measure(product, sizes, known, html, units)
        final, units, planned = _planned(product, sizes, known, room)
        if attempt == 2 or _held(product, sizes, known, room, final, units, planned):
            break
        sizes.replanned += 1
    if product.kept:
        sizes.save(final.files)
    return final


def _fill_measuring(product: Product, sizes: Sizes) -> tuple[_Known, str, Units, bool]:
    """The measuring fill, leaving out the units known: the known units, the HTML,
    the record, and whether a unit (besides the first card, always kept) is not known."""
    first, missing = [], []

    def leave_out(unit: Unit) -> str:
        if unit.kind == "card":
            rest = sizes.get("rests", _rest_key(unit)) is not None
            head = "card-head" not in unit.inner or sizes.get("heads", unit.inner["card-head"]) is not None
            if not first:
                first.append(True)
                missing.extend([True] if not (rest and head) else [])
                return ""
            missing.extend([True] if not (rest and head) else [])
            return "all" if rest and head else "rest" if rest else ""
        if unit.kind in PARTS:
            known = sizes.get("parts", unit.key) is not None
            missing.extend([] if known else [True])
            return "all" if known else ""
        return ""

    product.measuring(product.context)
    units = Units(product.template, leave_out)
    with recording(units):
        html = product.fill(product.context)
    known = _Known([u for u in units.found if u.kind == "card"],
                   {u.kind: u for u in units.found if u.kind in PARTS})
    if not known.cards:
        raise UnitError(f"template {product.template} marks no exercise card as a unit: wrap "
                        'each card in {% call unit("card") %} with data-unit="card" on its element')
    known.frame = digest(units.frame(html), known.cards[0].key)
    return known, html, units, bool(missing)


def _rest_key(unit: Unit) -> str:
    return digest(unit.inner["frame"], unit.inner.get("card-rest", ""))


def _measure(product: Product, sizes: Sizes, known: _Known, html: str, units: Units) -> Room:
    """Lay the measuring fill out and keep each printed unit's size; the room."""
    document = product.lay_out(html).document
    heights = measure.element_heights(document)
    placed = match(units, measure.unit_boxes(document))
    per_page = product.policy.per_page
    for n, item in enumerate(placed):
        unit, box = item.unit, item.box
        if unit.kind in PARTS:
            sizes.put("parts", unit.key, min(box.height, 300.0))
        if unit.kind != "card":
            continue
        head = placed[n + 1] if n + 1 < len(placed) and placed[n + 1].unit.kind == "card-head" else None
        head_mm = head.box.height if head else 0.0
        if head:
            sizes.put("heads", unit.inner["card-head"], head_mm)
        if unit.whole:
            sizes.put("rests", _rest_key(unit), measure.rest_of(box, head_mm, heights, per_page))
    room = measure.room_of(document)
    sizes.put("rooms", known.frame, room)
    sizes.last_room = room
    return room


def _sizes(sizes: Sizes, known: _Known, room: Room) -> tuple[paginate.Sizes, dict[int, int]]:
    cards, cuts = [], {}
    for n, unit in enumerate(known.cards):
        rest: Rest = sizes.get("rests", _rest_key(unit))
        head = sizes.get("heads", unit.inner["card-head"]) if "card-head" in unit.inner else 0.0
        cards.append(paginate.CardSize(head + rest.text, rest.low, rest.high, rest.widest))
        cuts[n] = rest.cut
    parts = {kind: sizes.get("parts", u.key) for kind, u in known.parts.items()}
    return paginate.Sizes(room.first, room.page, tuple(cards), parts), cuts


def _planned(product: Product, sizes: Sizes, known: _Known, room: Room):
    """The product laid out with its pages planned from the sizes known."""
    planned_sizes, cuts = _sizes(sizes, known, room)
    pages = paginate.plan(planned_sizes, product.policy)
    product.planned(product.context, pages, cuts, room)
    units = Units(product.template)
    with recording(units):
        html = product.fill(product.context)
    return product.lay_out(html), units, (planned_sizes, pages)


def _held(product: Product, sizes: Sizes, known: _Known, room: Room, final, units: Units,
          planned) -> bool:
    """Whether the final layout bears out the sizes its pages were planned with.

    A card taller (less its figure) than planned takes its laid-out height; one
    whose figure is not the height planned, or far shorter than planned (a size
    that is not its own), is forgotten, to be measured again. A card a little
    shorter than planned is let be: its text's columns cut a little better than
    foreseen, and every run plans it the same way. The room under what precedes
    the cards is read back; it is forgotten when lines to write on ran over a
    page. True when nothing changed that changes the pages."""
    document = final.document
    placed = match(units, measure.unit_boxes(document))
    heights = measure.element_heights(document)
    planned_sizes, pages = planned
    figures = {e.index: e.figure for page in pages for e in page if isinstance(e, paginate.Card)}
    heads = [p.box.height for p in placed if p.unit.kind == "card-head"]
    held = True
    for n, (item, unit) in enumerate(zip([p for p in placed if p.unit.kind == "card"], known.cards)):
        text = measure.laid_text(item.box, heights)
        figure, foreseen = item.box.height - text, planned_sizes.cards[n].text
        if (figure > 0 and abs(figure - figures[n]) > TOLERANCE_MM) or text < foreseen - SHORTER_MM:
            held = False
            sizes.forget("rests", _rest_key(unit))
        elif text > foreseen + TOLERANCE_MM:
            head = heads[n] if len(heads) == len(known.cards) else 0.0
            rest = sizes.get("rests", _rest_key(unit))
            sizes.put("rests", _rest_key(unit), rest.model_copy(update={"text": max(0.0, text - head)}))
    laid = measure.room_of(document)
    if measure.spaces_run_over(document):
        sizes.forget("rooms", known.frame)
        sizes.last_room = None
        return False
    sizes.put("rooms", known.frame, laid)
    sizes.last_room = laid
    return held and paginate.plan(_sizes(sizes, known, laid)[0], product.policy) == pages
