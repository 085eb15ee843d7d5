"""How the composer names files in what it answers the page.

A message of the reader or the checks names a file by its full path: right in the
terminal, but the page should not learn where the workspace is on this computer, nor
the private folder the composer keeps rosters in. Answers name a file in the
workspace relative to it, a guide kept elsewhere by its id ([guides] hip), and an uploaded
roster by the name it was uploaded with.
"""

from __future__ import annotations

import os
from pathlib import Path


def named(message: str, places: dict[Path, str]) -> str:
    """``message`` with each path in ``places`` (a file or folder) given the name it maps
    to, the longest first; a file inside a folder keeps the rest of its path."""
    for place, name in sorted(places.items(), key=lambda item: -len(str(item[0]))):
        text = str(place)
        message = message.replace(text + os.sep, f"{name}/" if name else "").replace(text, name or ".")
    return message


def in_workspace(message: str, root: Path | None) -> str:
    """``message`` naming the workspace's files relative to it."""
    return named(message, {Path(root): ""}) if root else message


def for_page(message: str, settings) -> str:
    """``message`` naming the workspace's files relative to it, and a guide kept elsewhere
    (built in, or listed under [guides] by a path outside the workspace) by its id."""
    root = settings.workspace.root if settings.workspace else None
    places = {Path(folder): f"[guides] {name}" for name, folder in (settings.guides or {}).items()
              if not (root and Path(folder).is_relative_to(root))}
    if root:
        places[Path(root)] = ""
    # a lone surrogate (a file name that is not UTF-8) is shown as its escape: the answer's
    # JSON could not hold it
    return named(message, places).encode("utf-8", "backslashreplace").decode("utf-8")
