"""Paths that must stay inside allowed folders, whatever symbolic links say.

Every file a render reads (template, stylesheet, font, image, logo) is checked
by its real path, so a link such as ``custom.css -> /etc/passwd`` is refused
rather than followed.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from guidepress.errors import ResourceError


def real_roots(roots: Iterable[Path]) -> list[Path]:
    """The real paths of ``roots``, for repeated checks."""
    return [Path(os.path.realpath(r)) for r in roots]


def inside(path: Path, roots: list[Path]) -> Path | None:
    """The real path of ``path`` if it lies inside one of ``roots`` (real paths), else None."""
    real = Path(os.path.realpath(path))
    return real if any(real.is_relative_to(root) for root in roots) else None


def confined(path: Path, roots: Iterable[Path], what: str) -> Path:
    """The real path of ``path``, or a ResourceError naming it when it leads outside ``roots``."""
    real = inside(path, real_roots(roots))
    if real is None:
        raise ResourceError(f"{path}: this {what} leads outside the folders guidepress may read "
                            f"(to {os.path.realpath(path)}); copy the file into the folder "
                            "instead of linking to it")
    return real
