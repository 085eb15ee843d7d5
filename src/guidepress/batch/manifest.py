"""The batch manifest: what was made for every roster row, and from what inputs.

Each entry stores a hash of the row's inputs together with a fingerprint of the
guide, exercise library, templates, styles and guidepress version, so a re-run
renders only what changed. The header says which roster, shard and options the
run had, so shards can be checked before they are merged.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from guidepress.confine import OWN_FOLDER, file_digest, inside, read_bytes, real_roots
from guidepress.errors import ContentError
from guidepress.owned import RECORD, owned_path, sha256_of
from guidepress.versions import __version__

MANIFEST = "manifest.json"
SHARD_MANIFEST = re.compile(r"manifest-(\d+)-of-(\d+)\.json")
STATUSES = ("written", "unchanged", "failed")


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
    guide: str | None = None  # the id of the guide the row's sheet belongs to


_TYPES = {f.name: (int,) if f.name == "row" else (str,) if f.name == "id" else
          (int, type(None)) if f.name in ("pages", "bytes") else (str, type(None))
          for f in fields(Entry)}


file_sha256 = sha256_of  # the name batch modules use


def is_output_folder(folder: Path) -> bool:
    """True for a folder holding a batch manifest: its files are outputs, not inputs."""
    try:
        return any(n == MANIFEST or SHARD_MANIFEST.fullmatch(n) for n in os.listdir(folder))
    except OSError:
        return False


def fingerprint(folders: list[Path], skip: list[Path] = ()) -> str:
    """Hash of every file below ``folders`` (names and contents) and the version.

    Output folders inside a guide folder (``skip``, and any folder holding a
    manifest) and temporary files are left out: otherwise every run would
    change the inputs of the next and re-render everything.
    """
    skipped = {Path(p).resolve() for p in skip}
    digest = hashlib.sha256(f"guidepress {__version__}".encode())
    for folder in folders:
        real_root = real_roots([folder])
        for root, dirs, files in os.walk(folder):  # links to folders are not followed
            here = Path(root)
            dirs[:] = sorted(d for d in dirs if d != "__pycache__"
                             and (here / d).resolve() not in skipped
                             and not is_output_folder(here / d))
            # a guide folder that is itself the output folder: leave out what a batch writes
            outputs_here = here.resolve() in skipped or is_output_folder(here)
            for name in sorted(files):
                path = here / name
                if name.endswith((".part", ".lock")) or name == RECORD or path.resolve() in skipped or (
                        outputs_here and (name.endswith(".pdf") or name == MANIFEST
                                          or SHARD_MANIFEST.fullmatch(name))):
                    continue
                digest.update(str(path.relative_to(folder)).encode())
                if inside(path, real_root) is None:  # a link out of the folder: note where, never read it
                    digest.update(f"link to {os.path.realpath(path)}".encode())
                else:  # a pipe or device is noted, never read (it would block the run)
                    sha = file_digest(path, real_root)
                    digest.update(bytes.fromhex(sha) if sha else b"not a file")
    return digest.hexdigest()


def input_hash(values: dict, options: dict, print_fingerprint: str) -> str:
    """Hash of one row's values, the render options and the shared fingerprint."""
    blob = json.dumps([values, options, print_fingerprint], sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


def read_manifest(path: Path) -> tuple[dict, list[Entry], int]:
    """A manifest's header, its well-formed entries, and how many entries were not.

    Anything that is not a JSON object with a "rows" list is a ContentError
    naming the file: guidepress did not write it, so it is not ours to replace.
    """
    text = read_bytes(path, "manifest", OWN_FOLDER)  # a pipe or device is never read
    try:
        data = json.loads(text.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise ContentError(f"{path}: not a guidepress manifest ({_reason(exc)}); move it "
                           "away, or delete it to start afresh") from None
    if not isinstance(data, dict) or not isinstance(data.get("rows"), list):
        raise ContentError(f'{path}: not a guidepress manifest (a JSON object with "rows"); '
                           "move it away, or delete it to start afresh")
    entries = [e for e in map(_entry, data["rows"]) if e is not None]
    return data, entries, len(data["rows"]) - len(entries)


def _reason(exc: Exception) -> str:
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__


def _entry(item) -> Entry | None:
    """An Entry if ``item`` is one as guidepress writes it, else None."""
    if not isinstance(item, dict) or set(item) - set(_TYPES) or "row" not in item or "id" not in item:
        return None
    if any(isinstance(v, bool) or not isinstance(v, _TYPES[k]) for k, v in item.items()):
        return None
    if item.get("status", "failed") not in STATUSES:
        return None
    return Entry(**item)


def load_manifest(path: Path) -> tuple[dict[str, Entry], int]:
    """Finished entries of an earlier run by row id (failed rows are always retried),
    and how many entries were unreadable; no manifest means a full run."""
    if not Path(path).exists():
        return {}, 0
    _, entries, bad = read_manifest(path)
    return {e.id: e for e in entries if e.status != "failed"}, bad


def save_manifest(path: Path, entries: list[Entry], **about) -> None:
    """Write the manifest atomically, rows in roster order."""
    rows = sorted(entries, key=lambda e: e.row)
    payload = {"guidepress": __version__, **about, "rows": [asdict(e) for e in rows]}
    with owned_path(Path(path)) as tmp:
        tmp.write_text(json.dumps(payload, indent=1, ensure_ascii=False), encoding="utf-8")


def is_current(entry: Entry | None, inputs: str, out_dir: Path) -> bool:
    """True if ``entry`` was made from the same inputs and its file is still there,
    byte for byte: the SHA-256 recorded, not merely the size (a file padded to it)."""
    if entry is None or entry.status == "failed" or entry.inputs != inputs or not entry.file:
        return False
    try:
        path = out_dir / entry.file
        return os.stat(path).st_size == entry.bytes and sha256_of(path) == entry.sha256
    except OSError:
        return False
