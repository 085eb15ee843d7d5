"""Seals: a keyed hash saying that a record was written by this user's guidepress.

A batch manifest lists each sheet with its SHA-256 and the hash of the inputs it was
made from. The manifest can be edited along with the sheets, so a re-run does not take
its word: it reads each sheet's own marks (whose it is, its row, its inputs), a few
milliseconds a sheet. A seal spares that read: an HMAC-SHA-256 over the entry, keyed
with 32 random bytes kept in the user's cache folder (``cachefolder``: no one else may
write to it), in a file only the user may read. An entry edited by anyone without the
key no longer matches its seal, and its sheet's marks are read as before. No key (the
cache off, or a key file that is not the user's own private file): no seals, every
sheet's marks read.
"""

from __future__ import annotations

import contextlib
import hmac
import os
import secrets
import stat

from guidepress.cachefolder import folder

KEY_FILE = "seal.key"
KEY_BYTES = 32
_keys: dict[str, bytes | None] = {}  # by key file, read once per process


def _key() -> bytes | None:
    where = folder("keys", "seal key folder")
    if where is None:
        return None
    path = str(where / KEY_FILE)
    if path not in _keys:
        with contextlib.suppress(FileExistsError, OSError):
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(secrets.token_bytes(KEY_BYTES))
        _keys[path] = _read(path)
    return _keys[path]


def _read(path: str) -> bytes | None:
    """The key in ``path`` if it is the user's own regular file that no one else may
    read or write, of the key's length; else None."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        mine = not hasattr(os, "getuid") or info.st_uid == os.getuid()
        if not stat.S_ISREG(info.st_mode) or not mine or info.st_mode & 0o077:
            return None
        data = handle.read(KEY_BYTES + 1)
    return data if len(data) == KEY_BYTES else None


def seal(*fields: str | int | None) -> str | None:
    """The seal of ``fields`` (None without a key)."""
    key = _key()
    if key is None:
        return None
    text = "\x00".join("" if f is None else str(f) for f in fields)
    return hmac.new(key, text.encode("utf-8"), "sha256").hexdigest()


def holds(value: str | None, *fields: str | int | None) -> bool:
    """Whether ``value`` is the seal of ``fields`` under this user's key."""
    made = seal(*fields) if isinstance(value, str) else None
    return made is not None and hmac.compare_digest(made, value)
