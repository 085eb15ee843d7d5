"""Where a guide's parts are found, without loading anything: the default guide, the
workspace a guide folder lies in, and the exercise libraries a guide uses. Kept apart
from ``loader`` so that a command that only compares files (a batch re-run with
nothing changed) does not import the content models.

A guide's exercises come in two layers: its own ``exercises/`` folder, laid over a
shared library. The shared library is the ``exercises/`` folder beside the guide's
folder (for ``guide/back-in-action``, the workspace's ``guide/exercises``, where
``guidepress init`` puts the clinic's copy of the built-in library), else the
``guide/exercises`` of the workspace the guide lies in (for ``guides/knee``), else
the built-in library.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from guidepress.builtin import BUILTIN_GUIDES, BUILTIN_LIBRARY
from guidepress.errors import ContentError

DEFAULT_GUIDE = BUILTIN_GUIDES / "back-in-action"


CONFIG_FILE = "guidepress.toml"
EXERCISES = "exercises"
WORKSPACE_LIBRARY = ("guide", EXERCISES)  # below a workspace's folder, as ``init`` makes it


@dataclass(frozen=True)
class LibraryFolders:
    """The exercise libraries a guide uses: its own folder (``own``, which may not
    exist) laid over the shared one."""

    own: Path
    shared: Path

    @property
    def has_own(self) -> bool:
        return _holds_exercises(self.own) and self.own.resolve() != self.shared.resolve()

    @property
    def paths(self) -> list[Path]:
        """The folders that hold exercises, the guide's own first: what to watch or hash."""
        return [self.own, self.shared] if self.has_own else [self.shared]


def library_folders(folder: Path) -> LibraryFolders:
    """The guide's own exercise folder and the shared library below it (see above)."""
    own = Path(folder) / EXERCISES
    shared = next((c for c in _shared_candidates(Path(folder))
                   if _holds_exercises(c) and c.resolve() != own.resolve()), BUILTIN_LIBRARY)
    return LibraryFolders(own, shared)


def _shared_candidates(folder: Path):
    yield folder.parent / EXERCISES
    config = find_config(folder)  # looked for only when nothing is beside the guide
    if config is not None:
        yield config.parent.joinpath(*WORKSPACE_LIBRARY)


def _holds_exercises(candidate: Path) -> bool:
    return candidate.is_dir() and any(candidate.glob("*.yaml"))


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


def find_config(start: Path | None = None) -> Path | None:
    """The nearest ``guidepress.toml`` in ``start`` or a parent, as git finds its folder.

    The search stops at the user's home folder and at a repository root (a folder
    holding ``.git``), so a settings file planted higher up (``/tmp``, a shared
    parent folder) never steers someone else's run. It also stops, finding nothing,
    at a folder anyone may write to (``/tmp`` itself) and at a settings file another
    user owns: either could have been planted there to block or steer this run. Such a
    file is used only when named with ``--config``, and then refused with the reason.
    """
    here = (start or Path.cwd()).resolve()
    home = Path.home().resolve()
    me = os.geteuid() if hasattr(os, "geteuid") else None
    for folder in (here, *here.parents):
        try:
            if folder != here and folder.stat().st_mode & stat.S_IWOTH:
                return None
            found = folder / CONFIG_FILE
            if found.is_file():
                return found if me is None or found.stat().st_uid in (me, 0) else None
        except OSError:
            return None
        if folder == home or (folder / ".git").exists():
            return None
    return None
