"""The exercise library's contact sheet: one card per exercise, for review."""

from __future__ import annotations

from pathlib import Path

from guidepress.content.loader import GuideSource
from guidepress.look.paper import Paper
from guidepress.look.resources import Resources
from guidepress.render.context import base_context
from guidepress.render.product import Written, render_product, write_product

TEMPLATE = "exercise-sheet.html"
STYLESHEETS = ["tokens.css", "print.css", "cards.css", "handout.css"]


def write_library_sheet(source: GuideSource, target: Path, *, paper: Paper = Paper.a4,
                        resources: Resources | None = None) -> Written:
    """Render every exercise of the guide's library as a card, grouped by category."""
    context = base_context(source, paper)
    groups: dict[str, list] = {}
    for exercise in source.library:
        groups.setdefault(exercise.category, []).append(exercise)
    context["groups"] = groups
    context["library_size"] = len(source.library)
    rendered = render_product(source, template=TEMPLATE, stylesheets=STYLESHEETS,
                              context=context, resources=resources or Resources())
    return write_product(rendered, target)
