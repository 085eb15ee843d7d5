"""Lay out a product whose cards come together (the handout's exercise pages, the
library's contact sheet): measure them in one flow, fill pages with them (see
``pages``), and give a card that still splits a smaller figure so that its heading
never stands alone at the foot of a page."""

from __future__ import annotations

from guidepress.products.pages import FILL_MM, SLACK_MM, measure, plan, round_mm
from guidepress.render.boxes import by_class, content_heights, page_bands, split_heights

LEAST_MM = 15.0  # a card too long for its page with its heading gives up figure height down to this


def lead_space(document) -> float:
    """Room for notes lines at the foot of the page before the cards, when the first
    card (and the heading kept with it) starts a new page and leaves a hole there."""
    start = by_class(document, "cards-start")
    if not start or start[0].page == 0 or start[0].top > SLACK_MM:
        return 0.0
    band = page_bands(document)[start[0].page - 1] - 2 * SLACK_MM
    return round_mm(band) if band > FILL_MM else 0.0


def fill_card_pages(render, context: dict, sequence: list[tuple], per_page: int = 2):
    """Lay out a product whose cards come together (``context["card_pages"]``, each
    entry a ``sequence`` item plus its figure height): once in one flow to measure,
    then in pages filled here. ``render(context)`` lays the product out."""
    context["card_pages"] = [{"cards": [(*entry, None) for entry in sequence], "space": 0}]
    if not sequence:
        return render(context)
    first = render(context)
    measured, context["card_cuts"] = measure(first.document, per_page)
    context["lead_space"] = lead_space(first.document)
    planned = plan(measured, per_page, tail=(), write_space=True)

    def pages():
        return [{"cards": [(*sequence[e[1]], e[2]) for e in page if e[0] == "card"],
                 "space": next((e[1] for e in page if e[0] == "space"), 0)} for page in planned]

    context["card_pages"] = pages()
    final = render(context)
    if not _unsplit(final.document, planned):
        return final
    context["card_pages"] = pages()
    return render(context)


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
