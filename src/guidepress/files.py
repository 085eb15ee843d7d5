"""Files guidepress writes: safe names made from patient names and ids, atomic writes.

Accents and non-Latin letters are kept (``Ana García`` -> ``Ana-García``); path
separators, control and reserved characters, leading dots and names Windows
reserves (``CON``, ``NUL``, ``COM1``...) are not; length is capped in bytes.
Temporary files name the host and process writing them, so a clean-up removes
only those left by a process that is gone, never a running one's or a user's.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import socket
import stat
import string
import tempfile
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from guidepress.errors import RenderError, UsageError
from guidepress.freshness import sha256_hex

MAX_BYTES = 120
# Windows's reserved device names, with or without an extension: the digits include the
# superscripts ¹ ² ³, which Windows also reads as COM and LPT ports
_RESERVED = {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "CLOCK$",
             *(f"{port}{n}" for port in ("COM", "LPT") for n in (*"0123456789", *"¹²³"))}
_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}  # a full disk or quota
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')


def safe_stem(text: str, fallback: str = "sheet") -> str:
    """A file-name stem that is safe on every common file system."""
    text = unicodedata.normalize("NFC", text)
    text = "".join(" " if unicodedata.category(c) in ("Zs", "Cc", "Cf") else c for c in text)
    text = _UNSAFE.sub("-", text)
    text = re.sub(r"\s+", "-", text.strip())
    text = re.sub(r"-{2,}", "-", text).strip("-. ")
    text = _truncate(text, MAX_BYTES).rstrip("-. ")
    if not text:
        return fallback
    if text.split(".")[0].upper() in _RESERVED:
        text = f"_{text}"
    return text


def fill_name(template: str, fields: dict[str, str]) -> str:
    """Fill a file-name template such as ``{id}-{patient}`` with plain fields only.

    No attributes (``{id.__class__}``), indexes, conversions or format specs
    (``{id:>99999999999}``): a name template can only place field values.
    """
    def refuse(why: str) -> UsageError:
        return UsageError(f'--name "{template}": {why}; use plain fields such as '
                          f"{', '.join('{' + f + '}' for f in fields)}")

    try:
        parts = list(string.Formatter().parse(template))
    except ValueError as exc:
        raise refuse(f"{exc} (write {{{{ and }}}} for a literal brace)") from None
    out = []
    for literal, name, spec, conversion in parts:
        out.append(literal)
        if name is None:
            continue
        if name not in fields:
            raise refuse(f"{{{name}{'!' + conversion if conversion else ''}"
                         f"{':' + spec if spec else ''}}} is not a field")
        if spec or conversion:
            raise refuse(f"{{{name}}} cannot have a format or conversion")
        out.append(fields[name])
    return "".join(out)


def _truncate(text: str, limit: int) -> str:
    """Cut ``text`` to at most ``limit`` UTF-8 bytes without splitting a character."""
    encoded = text.encode("utf-8")
    if len(encoded) <= limit:
        return text
    return encoded[:limit].decode("utf-8", errors="ignore")


def _read_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _read_umask()
HOST = sha256_hex(socket.gethostname())[:8]
_PART = re.compile(r"^\..*\.gp(?P<host>[0-9a-f]{8})-(?P<pid>\d+)-[a-z0-9_]+\.part$")


def process_alive(pid: int) -> bool:
    """True if a process with this id runs on this machine (or may: no permission to ask)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, ValueError):
        return pid > 0
    return True


def remove_stale_parts(folder: Path) -> int:
    """Remove temporary files that a process of this machine left when it died; count them."""
    removed = 0
    for path in Path(folder).iterdir():
        match = _PART.match(path.name)
        if match and match["host"] == HOST and not process_alive(int(match["pid"])):
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def check_replaceable(target: Path) -> None:
    """Refuse to replace anything but a regular file (a device, a pipe, a folder)."""
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise RenderError(f"{target}: cannot write here ({exc.strerror})") from None
    if not stat.S_ISREG(mode):
        kind = "a folder" if stat.S_ISDIR(mode) else "a device or other special file"
        raise RenderError(f"{target} is {kind}, not a file guidepress may replace; "
                          "choose a file name in an ordinary folder")


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; rename it into place on success."""
    target = Path(target)
    check_replaceable(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RenderError(f"{target.parent}: cannot create the output folder ({exc.strerror})") from None
    # The writer's host and process id in the name let a later clean-up tell a
    # dead process's leftovers from a running one's (see remove_stale_parts).
    prefix = f".{_truncate(target.name, 100)}.gp{HOST}-{os.getpid()}-"
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=prefix, suffix=".part", dir=target.parent)
    except OSError as exc:  # the cause keeps the errno (a full disk, a read-only folder)
        raise RenderError(f"{target.parent}: cannot write here ({exc.strerror})") from exc
    os.close(fd)
    tmp = Path(tmp_name)
    os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes 0600; give the file normal permissions
    try:
        yield tmp
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def private_group(gid: int, uid: int) -> bool:
    """True for the owner's own group: named as the owner, with no other members (the
    usual scheme where the umask is 002), whose write bit lets nobody else in."""
    try:
        import grp
        import pwd

        group, user = grp.getgrgid(gid), pwd.getpwuid(uid)
    except (ImportError, KeyError):
        return False
    return group.gr_name == user.pw_name and set(group.gr_mem) <= {user.pw_name}


def trustworthy(fd: int) -> bool:
    """True if the open file ``fd`` is the user's own (or root's) and nobody else may
    write it (config/trust.py's rule, the owner's private group allowed): a record or
    manifest planted by someone else vouches for nothing."""
    info = os.fstat(fd)
    if not hasattr(os, "geteuid"):  # no owners to compare (Windows)
        return True
    group_writes = info.st_mode & stat.S_IWGRP and not private_group(info.st_gid, info.st_uid)
    return info.st_uid in (os.geteuid(), 0) and not info.st_mode & stat.S_IWOTH \
        and not group_writes


def trusted_file(path: Path) -> bool:
    """``trustworthy`` for a file by its path (a link is not followed: not trusted)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return False
    try:
        return trustworthy(fd)
    finally:
        os.close(fd)


def stat_regular(fd: int) -> bool:
    """True if the open file ``fd`` is a regular file (not a pipe, device or folder)."""
    return stat.S_ISREG(os.fstat(fd).st_mode)


def is_disk_full(exc: BaseException) -> bool:
    """Whether ``exc`` (or the error behind one of ours) is a full disk or quota."""
    cause = exc if isinstance(exc, OSError) else exc.__cause__
    return isinstance(cause, OSError) and cause.errno in _FULL


def disk_error(target: Path, exc: OSError) -> RenderError:
    """A clear message for a write that failed (a full disk above all)."""
    if exc.errno in _FULL:
        return RenderError(f"{target}: not written, the disk is full; nothing was left "
                           "half-written: free some space and run the command again")
    return RenderError(f"{target}: cannot write this file ({exc.strerror or exc})")
