"""A clinic's programme templates ("Lumbar week 1"): saved from the composer, started from.

A template is a file in the workspace's ``programmes/`` folder: a name and what a
prescription says of the programme (guide, weeks, cards a page, notes, exercises)
with no patient (``content.prescription.ProgrammeFile``). It is written by the one
writer (never over a file guidepress did not write) and read by the one reader
(inside that folder, a regular file, size-capped); its exercises are checked by
the dose grammar like any prescription's.
"""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

import yaml

from guidepress.content.exercises import ExerciseLibrary
from guidepress.content.prescription import PROGRAMME_FIELDS, ProgrammeFile
from guidepress.confine import part_of
from guidepress.content.yamlfile import load_model
from guidepress.errors import ContentError
from guidepress.files import safe_stem
from guidepress.serve.forms import check, exercise_lines, file_lines, lines_of
from guidepress.serve.shown import in_workspace

FOLDER = "programmes"
MAX_LISTED = 200
_FILE = re.compile(r"^[^/\\]{1,120}\.yaml$")


class Programmes:
    """The templates of one workspace (none without a workspace)."""

    def __init__(self, workspace_root: Path | None):
        self.root = workspace_root
        self.folder = workspace_root / FOLDER if workspace_root else None

    def _need_workspace(self) -> Path:
        """The folder, refused when it is a link leading out of the workspace (a colleague
        could send what is saved, or read, anywhere)."""
        if self.folder is None:
            raise ContentError("programme templates are kept in a clinic workspace; make one "
                               "with guidepress init, and start guidepress serve in it")
        if os.path.lexists(self.folder):
            part_of(self.folder, self.root, "programme templates")
        return self.folder

    def listed(self) -> list[dict]:
        """Every template's file and name, by name; a file that is not one says why."""
        if self.folder is None or not self.folder.is_dir():
            return []
        try:
            self._need_workspace()
        except ContentError:  # a folder linking out lists nothing; saving or opening says why
            return []
        found = []
        for path in sorted(self.folder.glob("*.yaml"))[:MAX_LISTED]:
            if not _text(path.name):  # a name that is not UTF-8 cannot be sent, nor opened
                continue
            try:
                found.append({"file": path.name, "name": self._read(path).name})
            except ContentError as exc:
                found.append({"file": path.name, "name": path.stem, "problem": str(exc)})
        return sorted(found, key=lambda x: x["name"].casefold())

    def _read(self, path: Path):
        try:
            return load_model(ProgrammeFile, path, roots=[self._need_workspace()], kind="prescription")
        except ContentError as exc:  # said to the page: the file named in the workspace
            raise ContentError(in_workspace(str(exc), self.root)) from None

    def save(self, name: str, form: dict, library: ExerciseLibrary) -> dict:
        """Save the page's programme under ``name``; the patient's fields are left out."""
        from guidepress.owned import is_ours, write_bytes

        folder = self._need_workspace()
        # no control or direction-changing characters: a listed name reads as it is
        name = "".join(c for c in str(name or "") if unicodedata.category(c) not in ("Cc", "Cf"))
        name = " ".join(name.split())
        if not name or len(name) > 80:
            raise ContentError("give the template a name of 1 to 80 characters, e.g. Lumbar week 1")
        checked = check({**{k: form.get(k) for k in PROGRAMME_FIELDS}, "patient": name,
                         "exercises": form.get("exercises")}, library)
        if not checked.ok:
            raise ContentError("fix the problems marked before saving a template: " + " ".join(
                [*checked.general, *checked.fields.values(), *checked.doses.values()]))
        rx = checked.rx.form
        data = {"name": name, **({"guide": rx.guide} if rx.guide else {}), "weeks": rx.weeks,
                "per_page": rx.per_page, **({"notes": rx.notes} if rx.notes else {}),
                "exercises": file_lines(exercise_lines(form))}
        folder.mkdir(exist_ok=True)
        target = folder / f"{safe_stem(name, fallback='programme')}.yaml"
        if not is_ours(target):  # checked again, under its lock, by the writer
            raise ContentError(f"{FOLDER}/{target.name} is already there and guidepress did not "
                               "write it; give the template another name")
        held = self._held_name(target)
        if held and held.casefold() != name.casefold():  # two names, one file name
            raise ContentError(f'{FOLDER}/{target.name} holds the template "{held}"; give this '
                               "one a name that differs in its letters or digits")
        write_bytes(target, ("# A programme template of guidepress serve: start a patient's "
                             "sheet from it.\n" + yaml.safe_dump(
                                 data, sort_keys=False, allow_unicode=True, width=1000)).encode())
        return {"file": target.name, "name": name}

    def _held_name(self, path: Path) -> str:
        """The name of the template in ``path`` ("" when there is none to read)."""
        if not path.is_file():
            return ""
        try:
            return self._read(path).name
        except ContentError:
            return ""

    def open(self, file: str, library: ExerciseLibrary) -> dict:
        """A template as the page's fields (no patient's) and exercises."""
        folder = self._need_workspace()
        if not _text(file):  # a lone surrogate (\udcff) cannot even be said back to the page
            raise ContentError("this file name is not valid text; open a template from the list")
        if not _FILE.match(file or "") or file.startswith("."):
            raise ContentError(f'"{file}" is not a template of this workspace')
        path = folder / file
        template = self._read(path)
        return {**template.model_dump(include={"guide", "weeks", "per_page", "notes"}),
                "exercises": lines_of(template.exercises, library, f"{FOLDER}/{file}")}


def _text(name) -> bool:
    """Whether ``name`` is text that can be sent to the page (no lone surrogates)."""
    try:
        str(name or "").encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
