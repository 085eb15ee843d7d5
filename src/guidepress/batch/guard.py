"""Guards on a batch's output folder: one run per manifest, and no file replaced
that the batch did not write.

The lock is an flock held by the operating system on ``.<manifest>.lock`` for
the run's life: a run that dies, even by kill -9, releases it, and two runs can
never both hold it (no stale-file takeover to race). The file names the holder
(process, machine, command, start time) for the message a second run gives.
Each manifest has its own lock, so shards write into one folder side by side.
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

from guidepress.errors import RenderError, UsageError
from guidepress.freshness import file_sha256

WAIT = 2.0  # seconds a second run waits for the lock before it says who holds it


class ManifestLock:
    """Hold an flock on ``.<manifest>.lock`` while a run writes the manifest."""

    def __init__(self, manifest: Path, wait: float = WAIT):
        self.manifest, self.wait = Path(manifest), wait
        self.path = self.manifest.with_name(f".{self.manifest.name}.lock")
        self.fd: int | None = None
        command = " ".join([Path(sys.argv[0]).name, *sys.argv[1:2]]) if sys.argv else "guidepress"
        self.me = {"host": socket.gethostname(), "pid": os.getpid(), "command": command,
                   "started": time.strftime("%Y-%m-%d %H:%M:%S")}

    def __enter__(self) -> "ManifestLock":
        deadline = time.monotonic() + self.wait
        while True:
            fd = self._open()
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                if time.monotonic() >= deadline:
                    raise UsageError(self._held_message(self._holder())) from None
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
        from guidepress.owned import disk_error

        try:
            os.ftruncate(self.fd, 0)
            os.write(self.fd, json.dumps(self.me).encode())
        except OSError as exc:
            self.__exit__()
            raise disk_error(self.path, exc) from exc

    def _open(self) -> int:
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK
                         | os.O_CLOEXEC, 0o644)
        except OSError as exc:
            raise RenderError(f"{self.path}: cannot lock the manifest ({exc.strerror}); if it is "
                              "a link or not a file, delete it") from exc
        info = os.fstat(fd)
        why = ("a pipe or device" if not stat.S_ISREG(info.st_mode) else
               "it has other names: a hard link to another file" if info.st_nlink > 1 else
               "another user's file" if info.st_uid != os.geteuid() else "")
        if why:  # never written through: it may be someone's file under this name
            os.close(fd)
            raise RenderError(f"{self.path}: not a lock file guidepress made ({why}); it was "
                              "left alone: check what it is, then delete it (guidepress makes "
                              "a new one)")
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
        return (f"{self.manifest} is in use by another guidepress run ({who}); wait for it to "
                f"finish, or give this run another --out folder")


def refuse_foreign(target: Path, patient_key: str, recorded_sha256: str | None) -> str | None:
    """Why ``target`` must not be replaced by this row's sheet, or None if it may be.

    It may be if it is not there, if it carries this row's patient key (a sheet
    made for this patient and id, even by a run that was killed before it could
    record it), or if it is byte for byte the file this row's manifest entry records.
    """
    from guidepress.products.routine import sheet_owner

    try:
        target.lstat()
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"{target}: cannot check the existing file ({exc.strerror})"
    if target.is_file() and not target.is_symlink():
        if sheet_owner(target) == patient_key:
            return None
        if recorded_sha256 and file_sha256(target) == recorded_sha256:
            return None
    return (f"{target} already exists and is not a sheet this batch made for this row "
            "(another patient's sheet or someone else's file); it was left alone: move it "
            "away, or choose another --out folder or --name")
