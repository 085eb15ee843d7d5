"""Guards on a batch's output folder: one run per manifest, and no file replaced
that the batch did not write.

The lock is a file created exclusively beside the manifest, naming the host and
process that hold it; exclusive creation works on a volume shared by several
machines, where shards (each with its own manifest, so its own lock) write into
one folder side by side.
"""

from __future__ import annotations

import json
import os
import socket
import time
from pathlib import Path

from guidepress.batch.manifest import file_sha256
from guidepress.errors import RenderError, UsageError
from guidepress.files import HOST, process_alive


class ManifestLock:
    """Hold ``.<manifest>.lock`` while a run writes the manifest."""

    def __init__(self, manifest: Path):
        self.manifest = Path(manifest)
        self.path = self.manifest.with_name(f".{self.manifest.name}.lock")
        self.me = {"host": socket.gethostname(), "hostid": HOST, "pid": os.getpid(),
                   "started": time.strftime("%Y-%m-%d %H:%M:%S")}

    def __enter__(self) -> "ManifestLock":
        for attempt in (1, 2):
            try:
                fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                holder = self._holder()
                if attempt == 1 and self._stale(holder):
                    self.path.unlink(missing_ok=True)  # its run died on this machine
                    continue
                raise UsageError(self._held_message(holder)) from None
            except OSError as exc:
                raise RenderError(f"{self.path}: cannot lock the manifest ({exc.strerror})") from exc
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(self.me, handle)
            return self
        raise UsageError(self._held_message(self._holder()))

    def __exit__(self, *exc) -> None:
        if self._holder() == self.me:
            self.path.unlink(missing_ok=True)

    def _holder(self) -> dict | None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    @staticmethod
    def _stale(holder: dict | None) -> bool:
        pid = holder.get("pid") if holder else None
        return (holder is not None and holder.get("hostid") == HOST and isinstance(pid, int)
                and not process_alive(pid))

    def _held_message(self, holder: dict | None) -> str:
        who = (f"process {holder.get('pid')} on {holder.get('host')}, started {holder.get('started')}"
               if holder else "its details are unreadable")
        return (f"{self.manifest} is in use by another guidepress run ({who}); wait for it to "
                f"finish, or give this run another --out folder. If that run is gone, delete "
                f"{self.path}.")


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
