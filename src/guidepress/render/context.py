"""The context every product template receives: the guide, paper, labels and footer texts."""

from __future__ import annotations

from guidepress.content.labels import Labels, long_date
from guidepress.content.loader import GuideSource
from guidepress.look.filters import page_counter_css
from guidepress.look.paper import Paper
from guidepress.versions import __version__


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
        "doc_meta": f"{version} · {reviewed}",  # templates add the credit: the clinic or the author
        "page_x_of_y": page_counter_css(labels["page_x_of_y"]),
        "language": guide.language,
        "exercise": source.library,  # exercise(name) in a template: see render.view
        "card_cuts": {},  # exercise id -> units in a card's left column, once measured
    }
