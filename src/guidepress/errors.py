"""One exception hierarchy for every mistake a user can make.

The CLI turns any ``GuidepressError`` into a one-paragraph message and exit
code 1; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations


class GuidepressError(Exception):
    """Base class: a problem the user can fix, with a message that says how."""


class ContentError(GuidepressError):
    """A content, configuration or data file is missing, malformed or invalid."""


class TemplateError(GuidepressError):
    """A template or stylesheet could not be found or failed while rendering."""


class ResourceError(GuidepressError):
    """A template or content file asked for a resource it may not or cannot load."""


class RenderError(GuidepressError):
    """WeasyPrint or pypdf could not produce the PDF."""


class UsageError(GuidepressError):
    """Options that make no sense together, or an unknown choice."""
