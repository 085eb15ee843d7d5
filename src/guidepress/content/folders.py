"""Where a guide's parts are found, without loading anything: the default guide and
the exercise library a guide folder uses. Kept apart from ``loader`` so that a
command that only compares files (a batch re-run with nothing changed) does not
import the content models."""

from __future__ import annotations

from pathlib import Path

from guidepress.builtin import BUILTIN_GUIDES, BUILTIN_LIBRARY

DEFAULT_GUIDE = BUILTIN_GUIDES / "back-in-action"


def library_dir(folder: Path) -> Path:
    """The exercise library a guide uses: its own ``exercises/`` folder, one beside
    it (as in a workspace's ``guide/`` folder), or the built-in library."""
    for candidate in (folder / "exercises", folder.parent / "exercises"):
        if candidate.is_dir() and any(candidate.glob("*.yaml")):
            return candidate
    return BUILTIN_LIBRARY
