"""The batch manifest: what was made for every roster row, and from what inputs.

Each entry stores a hash of the row's inputs together with a fingerprint of the
guide, exercise library, templates, styles and guidepress version, so a re-run
renders only what changed.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from guidepress.confine import inside, real_roots
from guidepress.errors import ContentError
from guidepress.files import atomic_path
from guidepress.versions import __version__

MANIFEST = "manifest.json"


@dataclass
class Entry:
    """One row's record in the manifest."""

    row: int
    id: str
    file: str | None = None
    pages: int | None = None
    bytes: int | None = None
    sha256: str | None = None
    status: str = "failed"  # written, unchanged or failed
    error: str | None = None
    inputs: str | None = None  # hash of the row's inputs and the fingerprint


def fingerprint(folders: list[Path]) -> str:
    """Hash of every file below ``folders`` (names and contents) and the version."""
    digest = hashlib.sha256(f"guidepress {__version__}".encode())
    for folder in folders:
        root = real_roots([folder])
        for path in sorted(p for p in Path(folder).rglob("*") if p.is_file()):
            if "__pycache__" in path.parts:
                continue
            digest.update(str(path.relative_to(folder)).encode())
            if inside(path, root) is None:  # a link out of the folder: note where, never read it
                digest.update(f"link to {os.path.realpath(path)}".encode())
            else:
                digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def input_hash(values: dict, options: dict, print_fingerprint: str) -> str:
    """Hash of one row's values, the render options and the shared fingerprint."""
    blob = json.dumps([values, options, print_fingerprint], sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


def read_entries(path: Path) -> list[Entry]:
    """Every entry of a manifest file."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    return [Entry(**e) for e in data.get("rows", [])]


def load_manifest(path: Path) -> dict[str, Entry]:
    """Finished entries of an earlier run by row id (failed rows are always retried);
    an unreadable manifest means a full run."""
    try:
        return {e.id: e for e in read_entries(path) if e.status != "failed"}
    except (OSError, ValueError, TypeError, KeyError):
        return {}


def save_manifest(path: Path, entries: list[Entry], **about) -> None:
    """Write the manifest atomically, rows in roster order."""
    rows = sorted(entries, key=lambda e: e.row)
    payload = {"guidepress": __version__, **about, "rows": [asdict(e) for e in rows]}
    with atomic_path(Path(path)) as tmp:
        tmp.write_text(json.dumps(payload, indent=1, ensure_ascii=False), encoding="utf-8")


def is_current(entry: Entry | None, inputs: str, out_dir: Path) -> bool:
    """True if ``entry`` was made from the same inputs and its file is still there."""
    if entry is None or entry.status == "failed" or entry.inputs != inputs or not entry.file:
        return False
    try:
        return os.stat(out_dir / entry.file).st_size == entry.bytes
    except OSError:
        return False


def merge_manifests(paths: list[Path], target: Path) -> list[Entry]:
    """Combine shard manifests into one; a row in two shards is an error."""
    merged: dict[int, Entry] = {}
    for path in paths:
        try:
            entries = read_entries(path)
        except (OSError, ValueError, TypeError, KeyError) as exc:
            raise ContentError(f"{path}: cannot read this manifest ({exc})") from None
        for entry in entries:
            if entry.row in merged:
                raise ContentError(f"{path}: row {entry.row} is also in another manifest; "
                                   "were the shards made from different rosters?")
            merged[entry.row] = entry
    entries = list(merged.values())
    save_manifest(target, entries, merged_from=[Path(p).name for p in paths])
    return entries
