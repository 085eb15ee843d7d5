"""The exercise library's contact sheet: one card per exercise, for review."""

from __future__ import annotations

from pathlib import Path

from guidepress.content.loader import GuideSource
from guidepress.look.paper import Paper
from guidepress.look.resources import Resources
from guidepress.products.cardpages import lay_out_cards, template_digests
from guidepress.render.context import base_context
from guidepress.render.engine import PdfRenderer
from guidepress.render.product import Written, fill_template, render_product, write_product

TEMPLATE = "exercise-sheet.html"
STYLESHEETS = ["tokens.css", "print.css", "cards.css", "handout.css"]


def write_library_sheet(source: GuideSource, target: Path, *, paper: Paper = Paper.a4,
                        resources: Resources | None = None) -> Written:
    """Render every exercise of the guide's library as a card, grouped by category."""
    context = base_context(source, paper)
    labels = context["labels"]
    sequence, seen = [], set()
    for exercise in source.library:  # in category order: a heading on each category's first
        first = exercise.category not in seen
        seen.add(exercise.category)
        sequence.append((exercise, labels["category_" + exercise.category] if first else None))
    context["library_size"] = len(source.library)
    resources = resources or Resources()
    renderer = PdfRenderer([source.folder, *resources.roots])

    def lay_out(html: str):
        return render_product(source, template=TEMPLATE, stylesheets=STYLESHEETS,
                              context=context, resources=resources, renderer=renderer, html=html)

    return write_product(lay_out_cards(
        TEMPLATE, lambda filled: fill_template(resources, TEMPLATE, filled), lay_out, context,
        sequence, stylesheets=resources.stylesheets(STYLESHEETS),
        options=(paper, resources.pdf_variant, context["language"], *template_digests(resources)), renderer=renderer,
        last=True), target)
