"""Lay out a product whose pages are planned (docs/layout.md): the template filled
to measure, the known units left out (``units``); what is not known laid out once
and measured (``measure``) into the size cache (``sizes``); pages planned
(``paginate``) and laid out; one check of that final layout, and the pages planned
and laid out once more if a size was not right."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from guidepress.layout import measure, paginate
from guidepress.layout.sizes import MAX_MM, TOLERANCE_MM, Rest, Room, Sizes, for_scope, scope_key
from guidepress.layout.units import PARTS, Unit, UnitError, Units, digest, match
from guidepress.look.unitcall import recording
from guidepress.render.product import fill_template, render_product

SHORTER_MM = 10.0  # a card this much shorter than planned was planned from a size not its own


@dataclass
class Product:
    """A paginated product. ``measuring(context)`` puts every unit in its context, as
    it is to be measured; ``planned(context, pages, cuts)`` the planned pages (``cuts``:
    where each card's text is cut, in card order). ``options``: what else the layout
    depends on; ``kept``: sizes kept between runs (nothing about a patient in them)."""

    source: object
    template: str
    stylesheets: list[str]
    resources: object
    renderer: object
    context: dict
    measuring: Callable[[dict], None]
    planned: Callable[[dict, list, list], None]
    policy: paginate.Policy
    options: tuple = ()
    kept: bool = False
    pdf_options: dict = field(default_factory=dict)
    first_only: Callable[[dict, int], None] | None = None  # keep only page 1 of ``pages``

    def fill(self, units: Units) -> str:
        """The template filled, its units taken by ``units``."""
        with recording(units):
            return fill_template(self.resources, self.template, self.context)

    def lay_out(self, html: str | None):
        return render_product(self.source, template=self.template, stylesheets=self.stylesheets,
                              context=self.context, resources=self.resources,
                              renderer=self.renderer, html=html, **self.pdf_options)


class _Known(NamedTuple):
    """The units of one product whose sizes are looked up, and the key of what frames them."""

    cards: list[Unit]
    parts: dict[str, Unit]
    frame: str


def lay_out(product: Product):
    """The product's final layout (``Rendered``)."""
    sizes = for_scope(product.renderer, _scope(product), product.kept)
    for attempt in (1, 2):
        known, html, units, missing = _fill_measuring(product, sizes)
        room = sizes.get("rooms", known.frame)
        if room is None and not missing and sizes.last_room is not None:
            room = sizes.last_room  # a new frame, nothing else new: checked after the layout
        elif room is None or missing:
            room = _measure(product, sizes, known, html, units)
        planned, cuts = _sizes(sizes, known, room)  # pages planned, the product laid out
        pages = paginate.plan(planned, product.policy)
        product.planned(product.context, pages, cuts)
        units = Units(product.template)
        final = product.lay_out(product.fill(units))
        if attempt == 2 or _held(product, sizes, known, final, units, planned, pages):
            break
        sizes.replanned += 1
    if product.kept:
        sizes.save(final.files)
    return final


def lay_out_first(product: Product):
    """Only the first planned page laid out (a preview's page 1, before the rest) and
    the product's page count; None when that page alone cannot be trusted to be the
    print's page 1: a unit not yet measured, a later card whose size is a guess (its
    layout could change the plan), or a page 1 not as planned. ``first_only`` keeps
    the planned pages' first in the context and says how many there are."""
    if product.first_only is None:
        return None
    sizes = for_scope(product.renderer, _scope(product), product.kept)
    known, _, _, missing = _fill_measuring(product, sizes)
    room = sizes.get("rooms", known.frame) or sizes.last_room  # the last: checked after
    if missing or room is None:
        return None
    planned, cuts = _sizes(sizes, known, room)
    pages = paginate.plan(planned, product.policy)
    first = [e for e in pages[0] if isinstance(e, paginate.Card)]
    later = [u for n, u in enumerate(known.cards) if n not in {e.index for e in first}]
    if any("card-head" in u.inner and sizes.get("heads", u.inner["card-head"]) is None
           for u in later):
        return None
    product.planned(product.context, pages, cuts)
    product.first_only(product.context, len(pages))
    units = Units(product.template)
    final = product.lay_out(product.fill(units))
    if final.page_count != 1 or not _first_held(product, sizes, known, final, units, planned, pages):
        return None
    return final, len(pages)


def _first_held(product: Product, sizes: Sizes, known: _Known, final, units: Units,
                planned: paginate.Sizes, pages: list) -> bool:
    """Whether page 1, laid out alone, bears out its plan as ``_held`` judges a card, and
    the room it leaves plans the same pages (a card's head at a new dose is learnt from it)."""
    first = [e for e in pages[0] if isinstance(e, paginate.Card)]
    document = final.document
    placed = match(units, measure.unit_boxes(document))
    heights = measure.element_heights(document)
    boxes = [box for unit, box in placed if unit.kind == "card"]
    heads = [box.height for unit, box in placed if unit.kind == "card-head"]
    if len(boxes) != len(first) or measure.spaces_run_over(document) or paginate.plan(
            _sizes(sizes, known, measure.room_of(document))[0], product.policy) != pages:
        return False
    for card, box in zip(first, boxes):
        unit = known.cards[card.index]
        if _verdict(sizes, unit, box, heights, product.policy.per_page, card,
                    planned.cards[card.index].text, planned.page)[0] != "held":
            return False
    if len(heads) == len(first):
        for card, head in zip(first, heads):
            if "card-head" in known.cards[card.index].inner:
                _learn_head(sizes, known.cards[card.index], head)
    return True


def _scope(product: Product) -> str:
    return scope_key(product.template, product.resources.stylesheets(product.stylesheets),
                     *product.options)


def _fill_measuring(product: Product, sizes: Sizes) -> tuple[_Known, str, Units, bool]:
    """The measuring fill (known units left out): the units, HTML, record, and whether any is new."""
    cards, missing = [], []

    def leave_out(unit: Unit) -> str:
        if unit.kind in PARTS:
            choice = "all" if sizes.get("parts", unit.key) is not None else ""
        elif unit.kind == "card":
            cards.append(unit)
            rest = sizes.get("rests", _rest_key(unit)) is not None
            head = "card-head" not in unit.inner or _head(sizes, unit) is not None
            choice = "all" if rest and head else "rest" if rest else ""
        else:
            return ""
        missing.append(choice != "all")
        return "" if unit.kind == "card" and len(cards) == 1 else choice

    product.measuring(product.context)
    units = Units(product.template, leave_out)
    html = product.fill(units)
    cards = [u for u in units.found if u.kind == "card"]
    if not cards:
        raise UnitError(f"template {product.template} marks no exercise card as a unit: wrap "
                        'each card in {% call unit("card") %} with data-unit="card" on its element')
    known = _Known(cards, {u.kind: u for u in units.found if u.kind in PARTS},
                   digest(units.frame(html), cards[0].key))
    return known, html, units, any(missing)


def _rest_key(unit: Unit) -> str:
    return digest(unit.inner["frame"], unit.inner.get("card-rest", ""))


def _head(sizes: Sizes, unit: Unit) -> float | None:
    """A card head's size: as measured, else (the card known, at a new dose or number)
    the latest head of the same card, which the check after the final layout corrects."""
    found = sizes.get("heads", unit.inner["card-head"])
    return found if found is not None else sizes.last_heads.get(_rest_key(unit))


def _learn_head(sizes: Sizes, unit: Unit, height: float) -> None:
    sizes.put("heads", unit.inner["card-head"], height)
    sizes.last_heads[_rest_key(unit)] = height


def _measure(product: Product, sizes: Sizes, known: _Known, html: str, units: Units) -> Room:
    """Lay the measuring fill out and keep each printed unit's size; the room."""
    document = product.lay_out(html).document
    heights = measure.element_heights(document)
    placed = match(units, measure.unit_boxes(document))
    for (unit, box), (after, after_box) in zip(placed, [*placed[1:], (None, None)]):
        if unit.kind in PARTS:
            sizes.put("parts", unit.key, min(box.height, MAX_MM))
        if unit.kind != "card":
            continue
        head = after_box.height if after is not None and after.kind == "card-head" else None
        if head is not None:
            _learn_head(sizes, unit, head)
        if unit.whole:
            sizes.put("rests", _rest_key(unit),
                      measure.rest_of(box, head or 0.0, heights, product.policy.per_page))
    room = measure.room_of(document)
    sizes.put("rooms", known.frame, room)
    sizes.last_room = room
    return room


def _sizes(sizes: Sizes, known: _Known, room: Room) -> tuple[paginate.Sizes, list[int]]:
    """What the pages are planned from, and where each card's text is cut."""
    rests: list[Rest] = [sizes.get("rests", _rest_key(u)) for u in known.cards]
    heads = [_head(sizes, u) if "card-head" in u.inner else 0.0 for u in known.cards]
    cards = tuple(paginate.CardSize(h + r.text, r.low, r.high, r.widest, r.stack, r.frames, r.caption)
                  for r, h in zip(rests, heads))
    parts = {kind: sizes.get("parts", u.key) for kind, u in known.parts.items()}
    return paginate.Sizes(room.first, room.page, cards, parts), [r.cut for r in rests]


def _range_holds(sizes: Sizes, unit: Unit, box, heights: dict, per_page: int,
                 stacked: bool) -> bool:
    """Whether the range a card's figure was planned in is the one its final layout
    tells (a kept file edited to shrink every figure is caught here, and measured again).
    A card laid out with its frames stacked tells only its frames' count (its frames are
    drawn at the size planned): its kept sizes must then at least agree with each other,
    its stacked height being what its widest side by side gives (``measure.figure_range``)."""
    rest = sizes.tables["rests"].get(_rest_key(unit))
    found = measure.figure_range(box, heights, per_page)
    if rest is None or (found is None and rest.high == 0.0):
        return True
    told = found[0] if found else (0.0, 0.0, 0.0, 0.0, 1)
    if stacked:
        tall = measure.stack_height(rest.frames, rest.widest, per_page)
        return rest.frames == told[4] and abs(rest.stack - tall) <= TOLERANCE_MM
    return all(abs(a - b) <= TOLERANCE_MM
               for a, b in zip((rest.low, rest.high, rest.widest, rest.stack, rest.frames), told))


def _verdict(sizes: Sizes, unit: Unit, box, heights: dict, per_page: int, card: paginate.Card,
             foreseen: float, page: float) -> tuple[str, float]:
    """How a card's final layout bears out its plan, and its text's laid-out height:
    "wrong" (its figure not as planned, or far shorter than foreseen: a size not its
    own, unless its frames are stacked, with no caption row under them, or it is taller
    than a ``page`` and runs on, what each page holds depending on where it splits),
    "taller" (its text, when not stacked), else "held" (a little shorter is let be)."""
    text = measure.laid_text(box, heights)
    figure = box.height - text
    runs_on = foreseen + card.figure + paginate.SLACK_MM > page
    if (figure > 0 and abs(figure - card.figure) > TOLERANCE_MM) \
            or (text < foreseen - SHORTER_MM and not card.stacked and not runs_on) \
            or not _range_holds(sizes, unit, box, heights, per_page, card.stacked):
        return "wrong", text
    if text > foreseen + TOLERANCE_MM and not card.stacked:
        return "taller", text
    return "held", text


def _held(product: Product, sizes: Sizes, known: _Known, final, units: Units,
          planned: paginate.Sizes, pages: list) -> bool:
    """Whether the final layout bears out the sizes its pages were planned with (see
    docs/layout.md, "The check"): a card taller than planned takes its laid-out height
    (not one laid out with its frames stacked, whose text lacks the frames' caption row);
    one whose figure is not as planned, or far shorter (a size not its own; not one with
    its frames stacked, shorter by that caption row and its text cut anew, nor one
    taller than a page, whose length depends on where it splits), is measured again;
    one a little shorter is let be. Each head is kept as laid out (a guessed one
    corrected). The room is read back, or forgotten when lines to write on ran over a page."""
    document = final.document
    placed = match(units, measure.unit_boxes(document))
    heights = measure.element_heights(document)
    cards = {e.index: e for page in pages for e in page if isinstance(e, paginate.Card)}
    heads = [box.height for unit, box in placed if unit.kind == "card-head"]
    if len(heads) == len(known.cards):  # each head as laid out (a guessed one corrected)
        for unit, head in zip(known.cards, heads):
            if "card-head" in unit.inner:
                _learn_head(sizes, unit, head)
    held = True
    for n, (box, unit) in enumerate(zip([b for u, b in placed if u.kind == "card"], known.cards)):
        verdict, text = _verdict(sizes, unit, box, heights, product.policy.per_page, cards[n],
                                 planned.cards[n].text, planned.page)
        if verdict == "wrong":
            held = False
            sizes.forget("rests", _rest_key(unit))
        elif verdict == "taller":
            head = heads[n] if len(heads) == len(known.cards) else 0.0
            rest = sizes.get("rests", _rest_key(unit))
            sizes.put("rests", _rest_key(unit), rest.model_copy(update={"text": max(0.0, text - head)}))
    laid = measure.room_of(document)
    # lines to write on that ran over a page, or a heading pushed on by its first card
    # (more room than planned, read on a later page): the room is measured again
    pushed = laid.first > planned.first + TOLERANCE_MM and measure.start_pushed(document)
    if measure.spaces_run_over(document) or pushed:
        sizes.forget("rooms", known.frame)
        sizes.last_room = None
        return False
    sizes.put("rooms", known.frame, laid)
    sizes.last_room = laid
    return held and paginate.plan(_sizes(sizes, known, laid)[0], product.policy) == pages
