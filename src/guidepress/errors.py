"""One exception hierarchy for every mistake a user can make.

The CLI turns any ``GuidepressError`` into a one-paragraph message and exit
code 1; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    """What the ``guidepress`` command exits with."""

    OK = 0
    ERROR = 1  # a mistake in content, data or settings: the message says what to fix
    USAGE = 2  # a bad option, reported by Click before any work
    INTERRUPTED = 130  # Ctrl-C


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


class HeavyLayout(RenderError):
    """The document's boxes ask for more layout than can be done: the message says
    what, as a sentence that follows "it"."""


class OutOfMemory(RenderError):
    """Reading or laying out an input needed more memory than guidepress may use."""


class UsageError(GuidepressError):
    """Options that make no sense together, or an unknown choice."""


class OptionError(UsageError):
    """A setting with a value that cannot work; ``option`` names the setting (e.g. "theme")."""

    def __init__(self, option: str, message: str):
        super().__init__(message)
        self.option = option
