"""A bound on the length of one text WeasyPrint hands to the text library.

Pango lays out a run of text all at once: a run of 15 to 20 million characters made
it ask for hundreds of megabytes, and GLib aborted the whole process past the memory
cap, with no message (``serve`` died with it, and a clinician's unsaved work). Such a
run is easy to make: ``content: var(--s)`` twenty times over a long string, CSS
variables nested inside each other, a template printing a long text many times into
one paragraph, an SVG picture's ``<text>``. The built-in products' longest run is a
few hundred characters. Every text WeasyPrint lays out or breaks into lines passes
through ``Layout.set_text`` or ``get_log_attrs``; both are wrapped here so a text
over ``MAX_RUN`` characters is refused before Pango sees it, as a ``HeavyLayout``
the caller names the template or stylesheet for.
"""

from __future__ import annotations

from guidepress.errors import HeavyLayout

MAX_RUN = 1_000_000  # characters in one text laid out at once


def _refuse(length: int) -> None:
    raise HeavyLayout(f"lays out one text of {length:,} characters, more than the "
                      f"{MAX_RUN:,} guidepress lays out at once (a long text repeated by "
                      "CSS variables, content or the template); shorten it")


def _too_long(text) -> bool:
    """Whether the part of ``text`` Pango is given, its first line (WeasyPrint keeps
    only that), is over ``MAX_RUN`` characters."""
    return isinstance(text, str) and len(text) > MAX_RUN and text.find("\n", 0, MAX_RUN) == -1


def bound_text_runs() -> None:
    """Wrap WeasyPrint's two ways into Pango with the bound; once per process."""
    from weasyprint.text import line_break

    if getattr(line_break.get_log_attrs, "bounded", False):
        return
    unbounded_set, unbounded_attrs = line_break.Layout.set_text, line_break.get_log_attrs

    def set_text(self, text, *args, **kwargs):
        if _too_long(text):
            _refuse(len(text))
        return unbounded_set(self, text, *args, **kwargs)

    def get_log_attrs(text, lang):
        if isinstance(text, str) and len(text) > MAX_RUN:
            _refuse(len(text))
        return unbounded_attrs(text, lang)

    get_log_attrs.bounded = True
    line_break.Layout.set_text = set_text
    line_break.get_log_attrs = get_log_attrs
