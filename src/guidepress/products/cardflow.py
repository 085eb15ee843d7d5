"""Lay out a product whose cards come together (the handout's exercise pages, the
library's contact sheet): measure them in one flow, fill pages with them (see
``pages``), and give a card that still splits a smaller figure so that its heading
never stands alone at the foot of a page."""

from __future__ import annotations

from dataclasses import replace

from guidepress.products import cardsizes, kept
from guidepress.products.cachemodels import Plan
from guidepress.products.pages import FILL_MM, SLACK_MM, CardSize, measure, plan, round_mm
from guidepress.render.boxes import (by_class, content_heights, merged, page_bands, placed,
                                     split_heights)

LEAST_MM = 15.0  # a card too long for its page with its heading gives up figure height down to this


def lead_space(document) -> float:
    """Room for notes lines at the foot of the page before the cards, when the first
    card (and the heading kept with it) starts a new page and leaves a hole there."""
    start = by_class(document, "cards-start")
    if not start or start[0].page == 0 or start[0].top > SLACK_MM:
        return 0.0
    band = page_bands(document)[start[0].page - 1] - 2 * SLACK_MM
    return round_mm(band) if band > FILL_MM else 0.0


def fill_card_pages(fill, lay_out, context: dict, sequence: list[tuple], per_page: int = 2,
                    keep: tuple | None = None, memory: dict | None = None):
    """Lay out a product whose cards come together (``context["card_pages"]``, each
    entry a ``sequence`` item plus its figure height): once in one flow to measure,
    then in pages filled here. ``fill(context)`` fills the template, ``lay_out(html)``
    lays it out. With ``keep`` (the stylesheets, then any options the layout
    depends on besides ``per_page``) the plan is kept between runs (``kept``), and
    a run whose inputs are unchanged lays the product out once; each card's size
    is kept too, in ``memory`` (the renderer's, see ``cardsizes``) and between
    runs, so that only cards not measured before are laid out to be measured."""
    # a guide that names no exercise has no exercise pages (nor their heading)
    context["card_pages"] = [{"cards": [(*entry, None) for entry in sequence], "space": 0}] if sequence else []
    context["card_marks"] = True
    html = fill(context)
    context["card_marks"] = False
    if not sequence:
        return lay_out(html)
    key = kept.plan_key(html, *keep, per_page) if keep is not None else None
    known = kept.recall(key) if key else None
    if known is not None:
        final = _lay_out_planned(fill, lay_out, context, sequence, known)
        if final is not None:
            return final
    pieces = cardsizes.split(html, len(sequence))
    sizes = None
    if pieces is not None and keep is not None and memory is not None:
        sizes = cardsizes.Sizes(cardsizes.scope_key(html, *keep, per_page), memory)
    final, measured, cuts, planned, marked = _lay_out_measured(
        fill, lay_out, context, sequence, per_page, html, pieces, sizes)
    if sizes is not None and marked:
        laid = laid_heights(final.document)
        if not sizes.confirmed(laid):  # a remembered card is not what it was: measure all
            sizes.forget()
            final, measured, cuts, planned, marked = _lay_out_measured(
                fill, lay_out, context, sequence, per_page, html, pieces, sizes)
            laid = laid_heights(final.document)
        if marked and len(laid) == len(sequence):
            sizes.learn(pieces[1], [cardsizes.Size(c.text, c.low, c.high, cuts.get(e[0].id, 0), h)
                                    for c, e, h in zip(measured.cards, sequence, laid)], final.files)
    if key:
        kept.remember(key, {"cuts": cuts, "lead_space": context["lead_space"], "planned": planned},
                      final.files)  # the renderer's files so far: the first layout's among them
    return final


def _lay_out_measured(fill, lay_out, context: dict, sequence: list[tuple], per_page: int,
                      html: str, pieces, sizes) -> tuple:
    """The product measured (with the template's marks, only up to its cards and
    leaving out those ``sizes`` holds, but never the first), planned and laid
    out: the final layout, what was measured, the cuts of the cards' text, the
    plan, and whether the marks were the cards (else the whole was measured)."""
    found: dict[int, cardsizes.Size] = {}
    if sizes is not None:
        for n, block in enumerate(pieces[1][1:], 1):
            size = sizes.get(n, block)
            if size is not None:
                found[n] = size
    first = lay_out(cardsizes.measuring_html(pieces, set(found)) if pieces else html)
    measured, cuts = measure(first.document, per_page)
    if pieces is not None:
        fresh = iter(measured.cards)
        cards = [CardSize(found[n].text, found[n].low, found[n].high) if n in found else next(fresh, None)
                 for n in range(len(sequence))]
        if None in cards or next(fresh, None) is not None:  # not the cards that were marked
            if sizes is not None:
                sizes.used.clear()
            return _lay_out_measured(fill, lay_out, context, sequence, per_page, html, None, None)
        measured = replace(measured, cards=cards)
        cuts.update({sequence[n][0].id: size.cut for n, size in found.items()})
    context["card_cuts"], context["lead_space"] = cuts, lead_space(first.document)
    last = pieces is not None and cardsizes.nothing_after(pieces)  # no text of its own follows
    planned = plan(measured, per_page, tail=(), write_space=True, last=last)
    context["card_pages"] = _pages(planned, sequence)
    final = lay_out(fill(context))
    if _unsplit(final.document, planned):
        context["card_pages"] = _pages(planned, sequence)
        final = lay_out(fill(context))
    return final, measured, cuts, planned, pieces is not None


def laid_heights(document) -> list[float]:
    """Each card block's height less its figure's, in order: what a card's text,
    head and group heading take on its page."""
    figures = {id(p.element): p.height for p in merged(placed(
        document, lambda e: e.tag == "img" and "gp-figure" in e.get("class", "")))}
    return [box.height - sum(figures.get(id(e), 0.0) for e in box.element.iter("img"))
            for box in by_class(document, "card-block", whole=True)]


def _pages(planned: list[list[tuple]], sequence: list[tuple]) -> list[dict]:
    """The template's card pages: each page's cards with their figure heights, and its space."""
    return [{"cards": [(*sequence[e[1]], e[2]) for e in page if e[0] == "card"],
             "space": next((e[1] for e in page if e[0] == "space"), 0)} for page in planned]


def _lay_out_planned(fill, lay_out, context: dict, sequence: list[tuple], known: Plan):
    """The product laid out once with a kept plan (checked by ``cachemodels``), or
    None if the plan no longer fits the sequence, a card still splits with it,
    or a page of cards or notes lines runs over its page."""
    planned = [list(page) for page in known.planned]
    cards = sorted(e[1] for page in planned for e in page if e[0] == "card")
    if cards != list(range(len(sequence))):
        return None
    context.update(card_cuts=dict(known.cuts), lead_space=known.lead_space,
                   card_pages=_pages(planned, sequence))
    final = lay_out(fill(context))
    return None if _overrun(final.document) or _unsplit(final.document, planned) else final


def _overrun(document) -> bool:
    """Whether a page of cards, or a band of notes lines, runs on to another page:
    a plan made here never does, so such a plan is not ours to trust."""
    return any(len(placed_) != len(merged(placed_))
               for placed_ in (by_class(document, "card-page"), by_class(document, "write-space")))


def _unsplit(document, planned: list[list[tuple]]) -> bool:
    """Shrink the figure of each card that still split over two pages (a lone card
    whose heading then stands alone) by what it overflows, down to LEAST_MM.
    True if a figure changed."""
    split = split_heights(document, "card-block")
    blocks = iter(by_class(document, "card-block", whole=True))
    changed, page_mm = False, content_heights(document)[0]
    for page in planned:
        for n, entry in enumerate(page):
            box = next(blocks) if entry[0] == "card" else None
            if box is None or id(box.element) not in split:
                continue
            over = split[id(box.element)] + SLACK_MM - page_mm
            smaller = round_mm(max(LEAST_MM, entry[2] - over))
            if smaller < entry[2]:
                page[n], changed = ("card", entry[1], smaller), True
    return changed
