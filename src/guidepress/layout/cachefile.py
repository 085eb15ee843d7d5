"""The cache folder and its files, read as untrusted data.

What the layout cache keeps changes what prints, so the folder is made private
(0700) and used only if it is the user's (or root's) and no one else may write
to it, else the cache is off for the run, with one warning; its subfolders are
never followed if they are links. A file is read only under a name the cache
writes, through the confined reader (a regular file inside the folder, under a
size cap: a link out, a pipe or a device is never opened), and must parse into
a strict model. Clean-up deletes only regular files with the cache's own names.
A file that fails any of these counts as not kept: it costs time, never content.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from pathlib import Path

from pydantic import BaseModel, ValidationError

from guidepress.confine import KINDS, read_bytes
from guidepress.errors import GuidepressError
from guidepress.files import atomic_path

NAME = re.compile(r"^(?:cards-)?[0-9a-f]{64}\.json$")  # the only names the cache writes
MAX_BYTES = KINDS["cache"].cap
_warned: set[str] = set()


def _base_folder() -> Path | None:
    chosen = os.environ.get("GUIDEPRESS_CACHE_DIR", "").strip()
    if chosen.lower() in ("off", "0", "no", "false"):
        return None
    if chosen:
        return Path(chosen)
    try:
        return Path(os.environ.get("XDG_CACHE_HOME", "").strip() or Path.home() / ".cache") \
            / "guidepress"
    except (RuntimeError, KeyError):  # no home folder (a bare service account): keep nothing
        return None


def untrusted(path: Path, follow: bool) -> str | None:
    """Why the folder ``path`` may not hold the cache, or None if it may: it must be
    a folder (not a link, unless ``follow``), the user's or root's, and not
    writable by group or others."""
    info = os.stat(path) if follow else os.lstat(path)
    if stat.S_ISLNK(info.st_mode):
        return f"{path} is a symbolic link"
    if not stat.S_ISDIR(info.st_mode):
        return f"{path} is not a folder"
    if hasattr(os, "getuid") and info.st_uid not in (os.getuid(), 0):
        return f"{path} belongs to another user"
    if info.st_mode & 0o022:
        return f"{path} is writable by group or others (chmod go-w {path})"
    return None


def folder(sub: str) -> Path | None:
    """The subfolder ``sub`` of ``$GUIDEPRESS_CACHE_DIR``, else of ``$XDG_CACHE_HOME/guidepress``,
    else of ``~/.cache/guidepress``, made if need be; None when the cache is off
    (``GUIDEPRESS_CACHE_DIR=off``) or its folder is not to be trusted (said once per run)."""
    base = _base_folder()
    if base is None:
        return None
    path = base / sub
    try:
        base.mkdir(mode=0o700, parents=True, exist_ok=True)
        problem = untrusted(base, follow=True)
        if problem is None:  # nothing is made inside a folder that is not to be trusted
            try:
                os.mkdir(path, 0o700)
            except FileExistsError:
                pass
            problem = untrusted(path, follow=False)
    except OSError:  # a cache that cannot be made is only slower
        return None
    if problem and problem not in _warned:
        _warned.add(problem)
        print(f"warning: layout cache not used: {problem}; set GUIDEPRESS_CACHE_DIR to a "
              "folder of your own, or to off", file=sys.stderr)
    return None if problem else path


def load(model: type[BaseModel], where: Path, name: str):
    """The cache file ``name`` in ``where`` parsed into ``model``, or None if it is
    missing, not a regular file inside ``where`` under the cap, or not valid."""
    if not NAME.match(name):
        return None
    try:
        return model.model_validate_json(read_bytes(where / name, "cache", [where]))
    except (GuidepressError, OSError, ValidationError, ValueError, RecursionError):
        return None


def write(where: Path, name: str, value: BaseModel) -> None:
    """Keep ``value`` as the cache file ``name`` (a folder that cannot be written keeps nothing)."""
    if not NAME.match(name):
        raise ValueError(f"not a cache file name: {name}")
    try:
        with atomic_path(where / name) as tmp:
            tmp.write_text(value.model_dump_json(), encoding="utf-8")
    except (OSError, GuidepressError):
        return


def prune(where: Path, limit: int) -> None:
    """Delete the oldest of the cache's own files in ``where`` beyond ``limit``; links,
    folders and files under other names are left alone."""
    try:
        with os.scandir(where) as entries:
            ours = [(e.stat(follow_symlinks=False).st_mtime_ns, e.name) for e in entries
                    if NAME.match(e.name) and e.is_file(follow_symlinks=False)]
        for _, name in sorted(ours)[:-limit]:
            os.unlink(where / name)
    except OSError:
        return
