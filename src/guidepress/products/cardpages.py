"""Products whose exercise cards come together in one flow (the handout's
exercise pages, the library's contact sheet): the cards measured in one flow
and their pages planned by the layout layer (``layout.flow``)."""

from __future__ import annotations

from guidepress.layout import flow
from guidepress.layout.paginate import Card, Policy, Space
from guidepress.layout.sizes import scope_key
from guidepress.freshness import digest_files

CARDS_PER_PAGE = 2


def template_digests(resources) -> list[str]:
    """The clinic's own templates by content: a style in a template's head may size
    the cards, so an edited template is a new scope (built-in ones change with the version)."""
    return sorted(f"{path}:{digest}" for path, digest in digest_files(list(resources.template_dirs)).items())


def _card(entry: tuple, figure: float | None) -> dict:
    exercise, heading = entry
    return {"exercise": exercise, "heading": heading, "figure": figure}


def lay_out_cards(template: str, fill, lay_out, context: dict, sequence: list[tuple], *,
                  stylesheets, options: tuple, renderer, last: bool = False):
    """Lay out a product whose cards (``sequence``: exercise and the heading over
    it, or None) come together. ``fill(context)`` fills the template, ``lay_out(html)``
    lays it out; ``options`` are what else the layout depends on (paper, variant,
    language); ``last``: nothing is printed after the cards. The cards' sizes are
    kept between runs: nothing about a patient is in them."""
    context.update(card_pages=[], card_cuts={}, measuring=False)
    if not sequence:  # a guide that names no exercise has no exercise pages
        return lay_out(fill(context))

    def measuring(ctx: dict) -> None:
        ctx.update(card_cuts={}, measuring=True,
                   card_pages=[{"cards": [_card(e, None) for e in sequence], "space": 0}])

    def planned(ctx: dict, pages: list, cuts: dict, room) -> None:
        ctx.update(card_cuts={sequence[n][0].id: cut for n, cut in cuts.items()},
                   measuring=False,
                   card_pages=[{"cards": [_card(sequence[e.index], e.figure) for e in page
                                          if isinstance(e, Card)],
                                "space": next((e.mm for e in page if isinstance(e, Space)), 0)}
                               for page in pages])

    scope = scope_key(template, stylesheets, *options)
    return flow.lay_out(flow.Product(
        template, fill, lay_out, context, measuring, planned,
        Policy(CARDS_PER_PAGE, last=last), scope, kept=True, renderer=renderer))
