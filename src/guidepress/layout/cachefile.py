"""The cache folder and its files, read as untrusted data.

What the layout cache keeps (unit sizes, ``sizes``) changes what prints,
so whatever a file in the cache folder says is checked before it is used:

- the folder is made private (0700) and used only if it is the user's (or
  root's) and no one else may write to it, nor to any folder above it (else
  another user could put a link in its place); otherwise the cache is off for
  the run, with one warning. Its subfolders are never followed if they are links.
- a file is opened only under a name the cache itself writes, without
  following links and without waiting (a pipe or device is refused), and only
  if it is a regular file under a size cap;
- its content must parse into a strict model (``cachemodels``): known keys,
  finite numbers within what a page can hold, bounded lists;
- clean-up deletes only regular files with the cache's own names, in its own folder.

A file that fails any of these counts as not kept: it costs time, never content.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from pathlib import Path

from pydantic import BaseModel, ValidationError

from guidepress.errors import GuidepressError
from guidepress.files import atomic_path

NAME = re.compile(r"^(?:cards-)?[0-9a-f]{64}\.json$")  # the only names the cache writes
MAX_BYTES = 2 * 1024 * 1024  # a plan is a few KB; 500 card sizes about 100 KB
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_READ = os.O_RDONLY | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
_warned: set[str] = set()


def base_folder() -> Path | None:
    """``$GUIDEPRESS_CACHE_DIR``, else ``$XDG_CACHE_HOME/guidepress``, else
    ``~/.cache/guidepress``; None when switched off (``GUIDEPRESS_CACHE_DIR=off``)."""
    chosen = os.environ.get("GUIDEPRESS_CACHE_DIR", "").strip()
    if chosen.lower() in ("off", "0", "no", "false"):
        return None
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    if not base:
        try:
            base = Path.home() / ".cache"
        except (RuntimeError, KeyError):  # no home folder (a bare service account): keep nothing
            return None
    return Path(base) / "guidepress"


def untrusted(path: Path, follow: bool) -> str | None:
    """Why the folder ``path`` may not hold the cache, or None if it may: it must be
    a folder (not a link, unless ``follow``), the user's or root's, and not
    writable by group or others. (One place, to give way to the workspace's trust check.)"""
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


def through(base: Path) -> str | None:
    """Why a folder on the way to ``base`` lets another user swap what lies below it
    (a link in place of the cache folder), or None: each folder above it, as given and
    as its links lead, must be the user's or root's and writable by no one else but
    for a sticky one of root's (as /tmp: nobody renames another's entries). Checked
    before anything is made, so nothing is made inside another user's folder."""
    given = Path(os.path.abspath(base))
    for path in sorted({*given.parents, *Path(os.path.realpath(given)).parents}):
        try:
            info = os.stat(path)
        except OSError:  # not there yet: guidepress makes it, as the user
            continue
        mine = not hasattr(os, "getuid") or info.st_uid in (os.getuid(), 0)
        if not mine:
            return f"{path}, a folder above the cache folder, belongs to another user"
        if info.st_mode & 0o022 and not (info.st_mode & stat.S_ISVTX and info.st_uid == 0):
            return f"{path}, a folder above the cache folder, is writable by group or others"
    return None


def folder(sub: str) -> Path | None:
    """The cache's subfolder ``sub``, made if need be, or None when the cache is off
    or its folder is not to be trusted (said once per run)."""
    base = base_folder()
    if base is None:
        return None
    path = base / sub
    try:
        problem = through(base)
        if problem is None:
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
    if problem:
        _warn_once(problem)
        return None
    return path


def _warn_once(problem: str) -> None:
    if problem not in _warned:
        _warned.add(problem)
        print(f"warning: layout cache not used: {problem}; set GUIDEPRESS_CACHE_DIR to a "
              "folder of your own, or to off", file=sys.stderr)


def read(where: Path, name: str) -> bytes | None:
    """The bytes of the cache file ``name`` in ``where``, or None if it is not a
    regular file under the size cap (links are not followed, pipes not waited on)."""
    if not NAME.match(name):
        return None
    try:
        fd = os.open(where / name, _READ)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as file:
        try:
            info = os.fstat(file.fileno())
            if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES:
                return None
            data = file.read(MAX_BYTES + 1)
        except OSError:
            return None
    return data if len(data) <= MAX_BYTES else None


def load(model: type[BaseModel], where: Path, name: str):
    """The cache file ``name`` parsed into ``model``, or None if it is missing or invalid."""
    data = read(where, name)
    if data is None:
        return None
    try:
        return model.model_validate_json(data)
    except (ValidationError, ValueError, RecursionError):
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


def remove(where: Path, name: str) -> None:
    """Delete the cache file ``name`` (it proved wrong)."""
    if NAME.match(name):
        try:
            os.unlink(where / name)
        except OSError:
            return
