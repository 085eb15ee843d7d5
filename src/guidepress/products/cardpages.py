"""Products whose exercise cards come together in one flow (the handout's
exercise pages, the library's contact sheet): the cards measured in one flow
and their pages planned by the layout layer (``layout.flow``)."""

from __future__ import annotations

from guidepress.freshness import digest_files
from guidepress.layout import flow
from guidepress.layout.paginate import Card, Policy, Space
from guidepress.render.engine import PdfRenderer

CARDS_PER_PAGE = 2


def template_digests(resources) -> list[str]:
    """The clinic's own templates by content: a style in a template's head may size
    the cards, so an edited template is a new scope (built-in ones change with the version)."""
    return sorted(f"{path}:{digest}" for path, digest in digest_files(list(resources.template_dirs)).items())


def _card(entry: tuple, figure: float | None) -> dict:
    exercise, heading = entry
    return {"exercise": exercise, "heading": heading, "figure": figure}


def lay_out_cards(source, template: str, stylesheets: list[str], context: dict, sequence: list[tuple],
                  *, resources, renderer=None, options: tuple, last: bool = False):
    """Lay out a product whose cards (``sequence``: each exercise and the heading over
    it, or None) come together. ``options``: what else the layout depends on (paper,
    variant, language); ``last``: nothing is printed after the cards. The cards' sizes
    are kept between runs: nothing about a patient is in them."""
    context.update(card_pages=[], card_cuts={}, measuring=False)

    def measuring(ctx: dict) -> None:
        ctx.update(card_cuts={}, measuring=True,
                   card_pages=[{"cards": [_card(e, None) for e in sequence], "space": 0}])

    def planned(ctx: dict, pages: list, cuts: list[int]) -> None:
        ctx.update(card_cuts={entry[0].id: cut for entry, cut in zip(sequence, cuts)},
                   measuring=False,
                   card_pages=[{"cards": [_card(sequence[e.index], e.figure) for e in page
                                          if isinstance(e, Card)],
                                "space": next((e.mm for e in page if isinstance(e, Space)), 0)}
                               for page in pages])

    product = flow.Product(
        source, template, stylesheets, resources,
        renderer or PdfRenderer([source.folder, *resources.roots]), context, measuring, planned,
        Policy(CARDS_PER_PAGE, last=last), (*options, *template_digests(resources)), kept=True)
    if not sequence:  # a guide that names no exercise has no exercise pages
        return product.lay_out(product.fill())
    return flow.lay_out(product)
