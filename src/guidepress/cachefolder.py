"""The user's cache folder: where it is, and whether it may hold anything.

``$GUIDEPRESS_CACHE_DIR``, else ``$XDG_CACHE_HOME/guidepress``, else
``~/.cache/guidepress`` (``GUIDEPRESS_CACHE_DIR=off`` keeps nothing). A folder in it is
used only if it and the cache folder are the user's (or root's) and no one else may
write to them (they are made 0700), nor to a folder above them (else another user could
put a link in their place), and it is not itself a link; else nothing is kept for the
run, with one warning. Nothing is made inside a folder that is refused. Clean-up
deletes only files under the names the caller writes.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import sys
from pathlib import Path

_warned: set[str] = set()  # what made the cache folder unusable, said once per run


def _base() -> Path | None:
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


def _untrusted(path: Path, follow: bool) -> str | None:
    """Why the folder ``path`` may not hold the cache (None if it may): a link (unless
    ``follow``), not a folder, another user's (not root's), or writable by group or others."""
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


def _through(base: Path) -> str | None:
    """Why a folder on the way to ``base`` lets another user swap what lies below it (a
    link in place of the cache folder), or None: each folder above it, as given and as its
    links lead, is the user's or root's and writable by no one else, but for a sticky one
    of root's (as /tmp). Checked before anything is made inside another user's folder."""
    given = Path(os.path.abspath(base))
    for path in sorted({*given.parents, *Path(os.path.realpath(given)).parents}):
        try:
            info = os.stat(path)
        except OSError:  # not there yet: guidepress makes it, as the user
            continue
        if hasattr(os, "getuid") and info.st_uid not in (os.getuid(), 0):
            return f"{path}, a folder above the cache folder, belongs to another user"
        if info.st_mode & 0o022 and not (info.st_mode & stat.S_ISVTX and info.st_uid == 0):
            return f"{path}, a folder above the cache folder, is writable by group or others"
    return None


def folder(name: str, what: str) -> Path | None:
    """The cache folder's subfolder ``name``, made if need be; None when the cache is off
    or a folder on the way is not to be trusted (said once per run, as the ``what``)."""
    base = _base()
    if base is None:
        return None
    path = base / name
    try:
        problem = _through(base)
        if problem is None:
            base.mkdir(mode=0o700, parents=True, exist_ok=True)
            problem = _untrusted(base, follow=True)
        if problem is None:  # nothing is made inside a folder that is not to be trusted
            with contextlib.suppress(FileExistsError):
                os.mkdir(path, 0o700)
            problem = _untrusted(path, follow=False)
    except OSError:  # a cache that cannot be made is only slower
        return None
    if problem and problem not in _warned:
        _warned.add(problem)
        print(f"warning: {what} not used: {problem}; set GUIDEPRESS_CACHE_DIR to a "
              "folder of your own, or to off", file=sys.stderr)
    return None if problem else path


def prune(where: Path, names: re.Pattern, kept: int) -> None:
    """Delete the oldest files in ``where`` whose names match ``names`` beyond ``kept``;
    links, folders and files under other names are left alone."""
    try:
        with os.scandir(where) as entries:
            ours = [(e.stat(follow_symlinks=False).st_mtime_ns, e.name) for e in entries
                    if names.match(e.name) and e.is_file(follow_symlinks=False)]
        for _, name in sorted(ours)[:-kept]:
            os.unlink(where / name)
    except OSError:
        return
