"""A lock held by the operating system (flock) on a private lock file.

The lock is taken on a file of its own, readable and writable by its owner alone:
an flock needs only an open file, so a lock on a file others may read (a manifest,
the record of written files) could be held by any other user of the machine,
and every run that waited for it would hang. A run waits a while, never forever,
then says who holds it: the lock file names the holder (process, machine,
command, start time). A run that dies, even by kill -9, releases it, and two runs
can never both hold it (no stale-file takeover to race). The file is removed on
release, so a folder keeps no lock files but a killed run's, which lock nothing.
"""

from __future__ import annotations

import fcntl
import json
import os
import socket
import stat
import sys
import time
from pathlib import Path

from guidepress.errors import GuidepressError, RenderError
from guidepress.files import disk_error


class FileLock:
    """Hold an flock on ``path`` (a private lock file) for the block's life; after
    ``wait`` seconds of another holder, raise ``error`` saying that ``what`` "is in
    use by another guidepress run (who)", then ``advice``."""

    def __init__(self, path: Path, wait: float, what: str, advice: str,
                 error: type[GuidepressError] = RenderError):
        self.path, self.wait = Path(path), wait
        self.what, self.advice, self.error = what, advice, error
        self.fd: int | None = None
        command = " ".join([Path(sys.argv[0]).name, *sys.argv[1:2]]) if sys.argv else "guidepress"
        self.me = {"host": socket.gethostname(), "pid": os.getpid(), "command": command,
                   "started": time.strftime("%Y-%m-%d %H:%M:%S")}

    def __enter__(self) -> "FileLock":
        deadline = time.monotonic() + self.wait
        while True:
            fd = self._open()
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                if time.monotonic() >= deadline:
                    raise self.error(self._held_message(self._holder())) from None
                time.sleep(0.05)
                continue
            if not self._still_named(fd):  # its holder removed it as we opened it: again
                os.close(fd)
                continue
            self.fd = fd
            self._write_holder()
            return self

    def __exit__(self, *exc) -> None:
        if self.fd is not None:
            # removed while still held, so a run that opened it meanwhile sees it gone
            # (``_still_named``) and opens the new one: never two holders. Only if the
            # name is still the file we locked: never another file put in its place
            if self._still_named(self.fd):
                self.path.unlink(missing_ok=True)
            os.close(self.fd)
            self.fd = None

    def _write_holder(self) -> None:
        """Say who holds the lock in its file; a full disk is a message, and leaves no lock."""
        try:
            os.ftruncate(self.fd, 0)
            os.write(self.fd, json.dumps(self.me).encode())
        except OSError as exc:
            self.__exit__()
            raise disk_error(self.path, exc) from exc

    def _open(self) -> int:
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK
                         | os.O_CLOEXEC, 0o600)
        except OSError as exc:
            raise RenderError(f"{self.path}: cannot lock it ({exc.strerror}); if it is a link "
                              "or not a file, delete it") from exc
        info = os.fstat(fd)
        why = ("a pipe or device" if not stat.S_ISREG(info.st_mode) else
               "it has other names: a hard link to another file" if info.st_nlink > 1 else
               "another user's file" if info.st_uid != os.geteuid() else "")
        if why:  # never written through: it may be someone's file under this name
            os.close(fd)
            raise RenderError(f"{self.path}: not a lock file guidepress made ({why}); it was "
                              "left alone: check what it is, then delete it (guidepress makes "
                              "a new one)")
        if info.st_mode & 0o077:  # one made before locks were private: nobody else may open it
            os.fchmod(fd, 0o600)
        return fd

    def _still_named(self, fd: int) -> bool:
        try:
            now = os.lstat(self.path)
        except FileNotFoundError:
            return False
        held = os.fstat(fd)
        return (now.st_dev, now.st_ino) == (held.st_dev, held.st_ino)

    def _holder(self) -> dict | None:
        try:
            fd = os.open(self.path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
            with os.fdopen(fd, "rb") as handle:
                data = json.loads(handle.read(4096)) if stat.S_ISREG(os.fstat(fd).st_mode) else None
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def _held_message(self, holder: dict | None) -> str:
        who = (f"process {holder.get('pid')} on {holder.get('host')}, started "
               f"{holder.get('started')}, running \"{holder.get('command')}\""
               if holder else "its details are unreadable")
        return f"{self.what} is in use by another guidepress run ({who}); {self.advice}"
