"""Trust, checked once: what shapes the output must be only the user's to change.

Settings (``guidepress.toml``), template and style folders, the logo, the print
shop's colour profile (``print_profile``) and the cache folder run as the user who renders, so each must be owned by that user
(or root) and writable by nobody else, else it is refused with the command that
fixes it. A clinic that shares a workspace on purpose says so with
``shared_workspace = true`` in a ``guidepress.toml`` that is itself trusted
(owned by the user or root, writable by its owner only): then files and folders
of the workspace may be owned by colleagues and writable by the group, never by
every user of the machine.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from guidepress.errors import ContentError
from guidepress.files import private_group as _private_group

MAX_ENTRIES = 10_000  # files checked below one folder; a template folder has tens


def _me() -> int | None:
    return os.geteuid() if hasattr(os, "geteuid") else None


def _owner(uid: int) -> str:
    try:
        import pwd

        return pwd.getpwuid(uid).pw_name
    except (ImportError, KeyError):
        return f"user {uid}"


def problem(path: Path, what: str, *, shared: bool = False, info: os.stat_result | None = None,
            sticky_ok: bool = False) -> str | None:
    """Why ``path`` may not shape the output, with the fix; None if it may."""
    info = info or os.stat(path)
    me = _me()
    if me is None:  # no owners to compare (Windows): the folder's permissions are the OS's
        return None
    who = _owner(me)
    sticky = sticky_ok and stat.S_ISDIR(info.st_mode) and info.st_mode & stat.S_ISVTX
    if info.st_mode & stat.S_IWOTH and not sticky:
        return (f"{path}: this {what} can be changed by any user of this machine; guidepress "
                f"refuses it: chmod o-w '{path}'")
    if shared:
        return None
    if info.st_uid not in (me, 0):
        return (f"{path}: this {what} belongs to another user ({_owner(info.st_uid)}); guidepress "
                f"uses only {what}s you own: chown {who} '{path}', or copy it into a folder of "
                "your own (a workspace shared on purpose: see shared_workspace in the README)")
    if info.st_mode & stat.S_IWGRP and not sticky and not _private_group(info.st_gid, info.st_uid):
        return (f"{path}: this {what} can be changed by other members of its group; guidepress "
                f"refuses it: chmod g-w '{path}' (a workspace shared on purpose: see "
                "shared_workspace in the README)")
    return None


def check(path: Path, what: str, *, shared: bool = False, sticky_ok: bool = False) -> None:
    """Raise a ContentError if ``path`` may not shape the output (see ``problem``)."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise ContentError(f"{path}: {what} not found") from None
    except OSError as exc:
        raise ContentError(f"{path}: cannot check this {what} ({exc.strerror})") from None
    why = problem(path, what, shared=shared, info=info, sticky_ok=sticky_ok)
    if why:
        raise ContentError(why)


def check_tree(folder: Path, what: str, *, shared: bool = False) -> None:
    """Check ``folder``, its parent and every file and folder below it."""
    folder = Path(folder)
    check(folder.resolve().parent, "folder", shared=shared, sticky_ok=True)
    check(folder, what, shared=shared)
    seen = 0
    for root, dirs, files in os.walk(folder):  # links are the confined reader's to refuse
        for name in (*dirs, *files):
            seen += 1
            if seen > MAX_ENTRIES:
                raise ContentError(f"{folder}: more than {MAX_ENTRIES} files in this {what}; "
                                   "give a folder holding only templates or stylesheets")
            path = Path(root) / name
            try:
                info = os.lstat(path)
            except OSError:
                continue
            if stat.S_ISLNK(info.st_mode):
                continue
            why = problem(path, "file" if stat.S_ISREG(info.st_mode) else "folder",
                          shared=shared, info=info)
            if why:
                raise ContentError(f"{why} (in the {what} {folder})")


def check_parent(path: Path, *, shared: bool = False) -> None:
    """The folder holding ``path`` (a cache folder, say) is not another user's to change;
    a sticky world-writable folder such as /tmp is fine (nobody can rename our entries).
    Both the folder that holds the name as given and, if ``path`` is a link, the one that
    holds where it leads: whoever may write either may swap what ``path`` is."""
    path = Path(os.path.abspath(path))
    for parent in dict.fromkeys((path.parent.resolve(), path.resolve().parent)):
        check(parent, "folder", shared=shared, sticky_ok=True)
