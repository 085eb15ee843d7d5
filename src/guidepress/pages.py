"""Paper sizes and the context every product template receives."""

from __future__ import annotations

from enum import Enum

from . import __version__
from .guides import GuideSource
from .labels import Labels, long_date, page_counter_css


class Paper(str, Enum):
    """Paper sizes the products are laid out for."""

    a4 = "a4"
    letter = "letter"

    @property
    def css(self) -> str:
        return {"a4": "A4", "letter": "letter"}[self.value]

    @property
    def points(self) -> tuple[float, float]:
        """Width and height in PDF points (1/72 inch), portrait."""
        return {"a4": (595.276, 841.89), "letter": (612.0, 792.0)}[self.value]


def base_context(source: GuideSource, paper: Paper) -> dict:
    """Values shared by every product: the guide, paper, labels and footer texts."""
    guide = source.guide
    labels = Labels(guide.language)
    version = f"{labels['version']} {guide.version}"
    reviewed = f"{labels['reviewed']} {long_date(guide.reviewed, guide.language)}"
    return {
        "guide": guide,
        "paper": paper,
        "labels": labels,
        "version": __version__,
        "footer_note": f"{guide.title} · {version} · {reviewed}",
        "doc_meta": f"{version} · {reviewed} · {guide.author}",
        "page_x_of_y": page_counter_css(labels["page_x_of_y"]),
        "language": guide.language,
        "exercise": source.library.resolve,
    }
