"""A guide's exercise library in two layers: the guide's own exercises over a shared library.

``load_layered(folders, language)`` reads the shared library (a workspace's, or
the built-in one; see ``content.folders``) and the guide's own ``exercises/``
folder, each with its texts in ``language`` (``<folder>/<language>/<id>.yaml``),
and lays the guide's exercises over the shared ones. A guide exercise with the
id of a shared one replaces it, words and translations too (``overrides`` says
which, for ``check``). A name found in neither library is an error naming both
folders and the closest ids.
"""

from __future__ import annotations

from pathlib import Path

from guidepress.builtin import BUILTIN_LIBRARY
from guidepress.confine import part_of
from guidepress.content.exercises import BASE_LANGUAGE, ExerciseLibrary, load_library
from guidepress.content.folders import LibraryFolders
from guidepress.content.labels import base_language
from guidepress.errors import ContentError

GUIDE, WORKSPACE, BUILT_IN = "guide", "workspace", "built-in"  # where an exercise comes from


class LayeredLibrary(ExerciseLibrary):
    """The exercises of a guide's own library and of the shared library it lies over."""

    def __init__(self, own: ExerciseLibrary | None, shared: ExerciseLibrary, folders: LibraryFolders):
        self.folders = folders
        mine = {e.id: e for e in own} if own else {}
        # each id's shared file, where the guide's own exercise of that id replaces it
        self.overrides: dict[str, Path] = {i: folders.shared / f"{i}.yaml"
                                           for i in mine if i in shared.ids}
        self.origins = {**{e.id: folders.shared for e in shared}, **{i: folders.own for i in mine}}
        kept = [e for e in shared if e.id not in mine]
        names = {i: n for i, n in shared.base_names.items() if i not in mine}
        warnings = [w for w in shared.warnings if not any(
            w.startswith(str(shared.folder / shared.language / f"{i}.yaml")) for i in self.overrides)]
        super().__init__([*kept, *mine.values()], folders.own if own else folders.shared,
                         language=shared.language,
                         base_names={**names, **(own.base_names if own else {})},
                         warnings=[*warnings, *(own.warnings if own else [])])

    def folder_of(self, id_: str) -> Path | None:
        return self.origins.get(id_)

    def origin(self, id_: str) -> str:
        """Where an exercise comes from: "guide", "workspace" or "built-in"."""
        return GUIDE if self.origins.get(id_) == self.folders.own else self._shared_name()

    def _shared_name(self) -> str:
        return BUILT_IN if self.folders.shared.resolve() == BUILTIN_LIBRARY else WORKSPACE

    def mark(self, id_: str) -> str:
        """Where an exercise comes from, for a listing: "guide", "workspace", "built-in", or
        "guide, over built-in" for a guide's own exercise that replaces a shared one."""
        if id_ not in self.overrides:
            return self.origin(id_)
        return f"{GUIDE}, over {self._shared_name()}"

    def _unknown(self, name: str) -> str:
        own, shared = self.folders.own, self.folders.shared
        if self.folders.has_own:
            searched = f"looked in the guide's exercises ({own}) and the shared library ({shared})"
        else:
            searched = (f"looked in the shared library ({shared}); the guide has no exercises "
                        f"of its own ({own} holds none)")
        return f"{super()._unknown(name)}; {searched}"


def load_layered(folders: LibraryFolders, language: str | None = None) -> LayeredLibrary:
    """The guide's own exercises (if it has any) laid over the shared library, with the
    texts of each in ``language``; ContentError names the file at fault."""
    shared = load_library(folders.shared, language)
    if not folders.has_own:
        return LayeredLibrary(None, shared, folders)
    _check_own_texts(folders, language, shared)
    # the guide's own exercises lie inside the guide: a folder link out of it is refused
    # (each file is then read only if it really lies in that folder)
    part_of(folders.own, folders.own.parent, "exercises")
    return LayeredLibrary(load_library(folders.own, language), shared, folders)


def _check_own_texts(folders: LibraryFolders, language: str | None, shared: ExerciseLibrary) -> None:
    """A translation in the guide's folder of a shared exercise, without the exercise,
    says how to give that exercise the guide's own words."""
    code = base_language(language) if language else BASE_LANGUAGE
    if code == BASE_LANGUAGE:
        return
    for path in sorted((folders.own / code).glob("*.yaml")):
        if path.stem in shared.ids and not (folders.own / path.name).is_file():
            raise ContentError(
                f'{path}: "{path.stem}" is an exercise of the shared library ({folders.shared}); '
                f"a guide's translation goes with its own copy of the exercise: copy "
                f"{folders.shared / path.name} into {folders.own} too, or move this file to "
                f"{folders.shared / code}")
