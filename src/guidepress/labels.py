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
    "start": "Start",
    "finish": "Finish",
    "tips": "Tips",
    "stop_if": "Stop if",
    "note": "Note",
    "note_from": "Note from",
    "programme_title": "Your home exercise programme",
    "patient": "Patient",
    "clinician": "Clinician",
    "date": "Date",
    "programme": "Programme",
    "programme_span": "{weeks} weeks, {start} to {end}",
    "follow_up": "Next appointment",
    "made": "Made",
    "your_exercises": "Your exercises",
    "tracker_title": "Your progress",
    "tracker_help": ("Each day, tick the box when you have done your exercises, and write how "
                     "much pain you had from 0 (no pain) to 10 (the worst pain)."),
    "week": "Week",
    "done": "Done",
    "pain": "Pain 0-10",
    "notes": "Notes",
    "library_title": "Exercise library",
    "library_count": "{count} exercises",
    "category_yoga": "Yoga",
    "category_core": "Core exercises",
    "category_stretch": "Stretches",
    "category_cardio": "Cardio",
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


def short_date(day: dt.date) -> str:
    """A compact date for headers and grids, e.g. '1 Dec 2026'."""
    return f"{day.day} {day:%b %Y}"
