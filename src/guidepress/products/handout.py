"""The patient handout: the whole guide, printed as a multi-page document."""

from __future__ import annotations

from pathlib import Path

from guidepress.content.loader import ARTICLE, GuideSource
from guidepress.look.paper import Paper
from guidepress.look.resources import Resources
from guidepress.products.cardpages import lay_out_cards
from guidepress.render.context import base_context
from guidepress.render.engine import PdfRenderer, Rendered
from guidepress.render.product import Written, write_product

TEMPLATE = "handout.html"
STYLESHEETS = ["tokens.css", "print.css", "cards.css", "handout.css"]
PICTURE_FILES = (".svg", ".png", ".jpg", ".jpeg")


def handout_context(source: GuideSource, paper: Paper) -> dict:
    """The shared context, and the cover: the guide's picture or its first exercise's figure."""
    context = base_context(source, paper)
    guide, cover = source.guide, {}
    if guide.cover.lower().endswith(PICTURE_FILES):
        cover = {"image": guide.cover}
    else:
        name = guide.cover or next((e for s in guide.all_sections() for e in s.exercises), "")
        cover = {"exercise": source.library.resolve(name)} if name else {}
    context.update(cover=cover, booklet=False, card_pages=[], measuring=False)  # the cards' pages: cardpages
    return context


def card_sequence(source: GuideSource) -> list[tuple]:
    """The guide's exercise cards in order, each with the heading of the section
    that names it on the first card of that section (None on the others)."""
    sequence = []
    for section in source.guide.all_sections():
        for n, name in enumerate(section.exercises):
            sequence.append((source.library.resolve(name), section.heading if n == 0 else None))
    return sequence


def render_handout(source: GuideSource, *, paper: Paper = Paper.a4,
                   resources: Resources | None = None, renderer: PdfRenderer | None = None,
                   stylesheets: list[str] = STYLESHEETS, context: dict | None = None) -> Rendered:
    """Lay out the handout of ``source`` without writing it, its exercise pages
    planned from the sizes of its cards (``cardpages``)."""
    resources = resources or Resources()
    context = context or handout_context(source, paper)
    return lay_out_cards(source, TEMPLATE, stylesheets, context, card_sequence(source),
                         resources=resources, renderer=renderer,
                         options=(paper, context["paper"], resources.pdf_variant,
                                  context["language"], context["booklet"]),
                         last=not source.guide.faq and not context["booklet"])


def write_handout(source: GuideSource, target: Path, **options) -> Written:
    """Render the handout of ``source`` to the PDF file ``target``."""
    return write_product(render_handout(source, **options), target)


def handout_name(source: GuideSource) -> str:
    """Default file name of a guide's handout, e.g. ``back-in-action-handout.pdf``, or
    ``back-in-action-handout-plain.pdf`` for the plain edition."""
    edition = "" if source.edition == ARTICLE else f"-{source.edition}"
    return f"{source.slug}-handout{edition}.pdf"
