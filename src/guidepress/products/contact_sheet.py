"""The exercise library's contact sheet: one card per exercise, for review."""

from __future__ import annotations

from pathlib import Path

from guidepress.content.loader import GuideSource
from guidepress.look.paper import Paper
from guidepress.look.resources import Resources
from guidepress.products.handout import STYLESHEETS, lay_out_cards
from guidepress.render.context import base_context
from guidepress.render.product import Written, write_product

TEMPLATE = "exercise-sheet.html"


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
    return write_product(lay_out_cards(
        source, TEMPLATE, STYLESHEETS, context, sequence, resources=resources,
        options=(paper, resources.pdf_variant, context["language"]), last=True), target)
