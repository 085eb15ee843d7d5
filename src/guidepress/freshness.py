"""One notion of "up to date": content hashes of what a product is made from and of what was made.

A batch (batch/manifest.py) and a build (products/build.py) decide the
same way whether a file they wrote earlier can stay: the hash of its inputs
(every input file's contents, the options and the guidepress version) is the
one recorded when it was written, and the file is still there byte for byte
(its recorded SHA-256, not merely its size). Nothing goes by modification time.

The symbolic-link policy, one for every caller: a file below a folder being
hashed is read only if its real path lies inside that folder. A link out of the
folder is noted by where it leads, never read, so re-pointing the link changes
the hash but editing what it points at does not. Links to folders are not
walked. A pipe, socket or device is noted, never read (it would block the run).
A file named on its own (a stylesheet, a logo) is read wherever it lies: its
caller has already confined it.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Callable, Iterable
from pathlib import Path

from guidepress.confine import inside, open_unlimited, real_roots
from guidepress.errors import GuidepressError
from guidepress.versions import __version__

Digests = dict[str, str]


def sha256_hex(data: bytes | str) -> str:
    """The SHA-256 of ``data`` (text as UTF-8), in hex."""
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


def hash_of(*parts) -> str:
    """One hash of ``parts`` (anything JSON can write, the rest as text) and the version."""
    return sha256_hex(json.dumps([__version__, *parts], sort_keys=True, default=str))


def file_sha256(path: Path | str) -> str:
    """The SHA-256 of a file guidepress wrote, read in chunks; OSError if it cannot be read."""
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def file_digest(path: Path | str, roots, cap: int | None = None) -> str | None:
    """The SHA-256 of a regular file inside ``roots``, read in chunks (by default no cap:
    it is never kept); None for anything else, such as a pipe or a link out, which is
    never read, or a file of more than ``cap`` bytes (even one growing as it is read)."""
    try:
        with os.fdopen(open_unlimited(path, roots), "rb") as handle:
            if cap is None:
                return hashlib.file_digest(handle, "sha256").hexdigest()
            return _capped_digest(handle, cap)
    except (GuidepressError, OSError):
        return None


def _capped_digest(handle, cap: int) -> str | None:
    if os.fstat(handle.fileno()).st_size > cap:
        return None
    digest, left = hashlib.sha256(), cap + 1
    while chunk := handle.read(min(left, 1 << 20)):
        digest.update(chunk)
        left -= len(chunk)
        if left <= 0:
            return None
    return digest.hexdigest()


def digest_files(roots: Iterable[Path],
                 leave_out: Callable[[Path, bool], bool] = lambda path, folder: False) -> Digests:
    """What each file at or below ``roots`` holds, keyed by its path below the real root:
    its SHA-256, or a note of what it is when the module's link policy forbids reading it.
    ``leave_out(path, is_folder)`` drops files and folders (outputs, temporary files)."""
    found: Digests = {}
    for root in map(Path, roots):
        if root.is_file():  # named on its own: its caller confined it
            found[str(root.resolve())] = file_digest(root, [root]) or "not a file"
            continue
        real_root = real_roots([root])
        for here, dirs, files in os.walk(root):  # links to folders are not followed
            below = os.path.normpath(os.path.join(real_root[0], os.path.relpath(here, root)))
            here = Path(here)
            dirs[:] = sorted(d for d in dirs if d != "__pycache__" and not leave_out(here / d, True))
            for name in sorted(files):
                path = here / name
                if not leave_out(path, False):
                    found[os.path.join(below, name)] = _noted(path, real_root)
    return found


def _noted(path: Path, real_root: list[Path]) -> str:
    """The digest of a file inside the folder; where a link out leads; or what it is."""
    if inside(path, real_root) is None:  # a link out of the folder: noted, never read
        return f"link to {os.path.realpath(path)}"
    return file_digest(path, real_root) or "not a file"  # a pipe or device is never read


def inputs_hash(digests: Digests, roots: Iterable[Path] | None, *parts) -> str:
    """One hash of the files in ``digests`` at or below ``roots`` (all of them for None),
    ``parts`` and the version."""
    prefixes = None if roots is None else {str(Path(r).resolve()) for r in roots}
    chosen = sorted((path, digest) for path, digest in digests.items()
                    if prefixes is None or path in prefixes
                    or any(path.startswith(p + os.sep) for p in prefixes))
    return hash_of(*parts, chosen)


MAX_HASHED = 50 * 1024 * 1024  # bytes: no file guidepress writes is larger (a sheet is under 1 MB)


def still_there(folder: Path, file: str | None, size: int | None, sha256: str | None) -> bool:
    """True if ``file`` in ``folder`` is as it was written: a plain name in the folder
    (a manifest can be edited: no path, no ``..``, no link), a regular file (never a
    pipe or device, which could block or never end), its size, then its SHA-256 (a
    file padded to the size is not ours)."""
    if not plain_name(file):
        return False
    try:
        fd = os.open(Path(folder) / file,
                     os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return False
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size != size or info.st_size > MAX_HASHED:
            return False
        try:
            return hashlib.file_digest(handle, "sha256").hexdigest() == sha256
        except OSError:
            return False


def plain_name(file) -> bool:
    """True for the name of a file directly in a folder: no folder, no ``..``, nothing absolute."""
    return (isinstance(file, str) and file not in ("", ".", "..") and "\0" not in file
            and os.path.basename(file) == file and "/" not in file and "\\" not in file)
