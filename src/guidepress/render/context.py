"""The context every product template receives: the guide, paper, labels and footer texts."""

from __future__ import annotations

from guidepress.content.labels import Labels, long_date
from guidepress.content.loader import GuideSource
from guidepress.look.filters import page_counter_css
from guidepress.look.paper import Paper
from guidepress.versions import __version__


WHOLE = 30  # a footer's item this short is kept on one line: the footer wraps between items


def footer_line(*items: str) -> str:
    """A footer's items joined by " · ", each short one kept whole (no-break spaces), so
    that a footer too long for one line wraps between items, not inside a date."""
    return " · ".join(item.replace(" ", "\u00a0") if len(item) <= WHOLE else item for item in items)


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
        "footer_note": footer_line(guide.title, version, reviewed),
        "doc_meta": f"{version} · {reviewed}",  # templates add the credit: the clinic or the author
        "page_x_of_y": page_counter_css(labels["page_x_of_y"]),
        "language": guide.language,
        "exercise": source.library,  # exercise(name) in a template: see render.view
        "card_cuts": {},  # exercise id -> units in a card's left column, once measured
    }
