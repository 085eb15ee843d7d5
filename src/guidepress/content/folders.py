"""Where a guide's parts are found, without loading anything: the default guide and
the exercise library a guide folder uses. Kept apart from ``loader`` so that a
command that only compares files (a batch re-run with nothing changed) does not
import the content models."""

from __future__ import annotations

from pathlib import Path

from guidepress.builtin import BUILTIN_GUIDES, BUILTIN_LIBRARY
from guidepress.errors import ContentError

DEFAULT_GUIDE = BUILTIN_GUIDES / "back-in-action"


def library_dir(folder: Path) -> Path:
    """The exercise library a guide uses: its own ``exercises/`` folder, one beside
    it (as in a workspace's ``guide/`` folder), or the built-in library."""
    for candidate in (folder / "exercises", folder.parent / "exercises"):
        if candidate.is_dir() and any(candidate.glob("*.yaml")):
            return candidate
    return BUILTIN_LIBRARY


def builtin_guides() -> dict[str, Path]:
    """The guides that ship with guidepress, by id (their folder's name)."""
    return {p.name: p for p in sorted(BUILTIN_GUIDES.iterdir()) if (p / "guide.yaml").is_file()}


def guide_named(name: str, known: dict[str, Path], where: str = "guide") -> Path:
    """The folder of the guide a prescription or roster row names by id; an unknown id
    is a ContentError that lists the ids there are and how to add one."""
    if name in known:
        return known[name]
    ids = ", ".join(f'"{k}"' for k in sorted(known))
    raise ContentError(f'{where}: no guide "{name}" (guides here: {ids}); list a guide of your '
                       f'own in guidepress.toml under [guides], e.g. {name} = "guides/{name}"')
