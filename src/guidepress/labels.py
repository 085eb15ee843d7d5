"""Fixed words printed by the templates, kept out of the templates themselves."""

from __future__ import annotations

import datetime as dt
import re

from markupsafe import Markup

from .resources import css_string

ENGLISH = {
    "contents": "In this guide",
    "version": "Version",
    "reviewed": "Reviewed",
    "page_x_of_y": "Page {page} of {pages}",
}


def page_counter_css(template: str) -> Markup:
    """Turn 'Page {page} of {pages}' into a CSS ``content`` value with counters."""
    parts = []
    for piece in re.split(r"(\{page\}|\{pages\})", template):
        if piece in ("{page}", "{pages}"):
            parts.append(f"counter({piece[1:-1]})")
        elif piece:
            parts.append(str(css_string(piece)))
    return Markup(" ".join(parts))


def long_date(day: dt.date) -> str:
    """A date written out for readers, e.g. '26 November 2026'."""
    return f"{day.day} {day:%B %Y}"
