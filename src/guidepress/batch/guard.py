"""Guards on a batch's output folder: one run per manifest, and no file replaced
that the batch did not write.

The lock is an flock held by the operating system on ``.<manifest>.lock`` for
the run's life (see ``guidepress.locks``): a run that dies, even by kill -9,
releases it, two runs can never both hold it, and the file names the holder for
the message a second run gives. Each manifest has its own lock, so shards write
into one folder side by side.
"""

from __future__ import annotations

from pathlib import Path

from guidepress.errors import UsageError
from guidepress.freshness import file_sha256
from guidepress.locks import FileLock

WAIT = 2.0  # seconds a second run waits for the lock before it says who holds it


class ManifestLock(FileLock):
    """Hold an flock on ``.<manifest>.lock`` while a run writes the manifest."""

    def __init__(self, manifest: Path, wait: float = WAIT):
        self.manifest = Path(manifest)
        super().__init__(self.manifest.with_name(f".{self.manifest.name}.lock"), wait,
                         str(self.manifest), "wait for it to finish, or give this run another "
                         "--out folder", UsageError)


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
