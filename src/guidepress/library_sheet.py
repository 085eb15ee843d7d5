"""The exercise library's contact sheet: one card per exercise, for review."""

from __future__ import annotations

from pathlib import Path

from .guides import GuideSource
from .pages import Paper, base_context
from .products import Written, render_product, write_product
from .resources import Resources

TEMPLATE = "exercise-sheet.html"
STYLESHEETS = ["print.css", "handout.css"]


def write_library_sheet(source: GuideSource, target: Path, *, paper: Paper = Paper.a4,
                        resources: Resources | None = None) -> Written:
    """Render every exercise of the guide's library as a card, grouped by category."""
    context = base_context(source, Paper(paper))
    groups: dict[str, list] = {}
    for exercise in source.library:
        groups.setdefault(exercise.category, []).append(exercise)
    context["groups"] = groups
    context["library_size"] = len(source.library)
    rendered = render_product(source, template=TEMPLATE, stylesheets=STYLESHEETS,
                              context=context, resources=resources or Resources())
    return write_product(rendered, target)
