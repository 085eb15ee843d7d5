"""The batch manifest: what was made for every roster row, and from what inputs.

Each entry stores a hash of the row's inputs together with a fingerprint of the
guide, exercise library, templates, styles and guidepress version, so a re-run
renders only what changed. The header says which roster, shard and options the
run had, so shards can be checked before they are merged. What counts as up to
date, and how links out of the guide folder are treated, is guidepress.freshness.
"""

from __future__ import annotations

import functools
import json
import os
import re
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from guidepress.confine import OWN_FOLDER, read_bytes
from guidepress.errors import ContentError
from guidepress.freshness import digest_files, hash_of, still_there
from guidepress.files import stat_regular, trusted_file, trustworthy
from guidepress.owned import RECORD, owned_path
from guidepress.sealing import holds, seal
from guidepress.versions import __version__

MANIFEST = "manifest.json"
REUSE = "reuse"  # the header's record of what a run's sheets were made from (batch/unchanged.py)
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
    seal: str | None = None  # says this user's guidepress wrote or checked it (see sealing)


_TYPES = {f.name: (int,) if f.name == "row" else (str,) if f.name == "id" else
          (int, type(None)) if f.name in ("pages", "bytes") else (str, type(None))
          for f in fields(Entry)}


def is_output_folder(folder: Path) -> bool:
    """True for a folder holding a batch manifest guidepress wrote: its files are
    outputs, not inputs. A file of the same name that is not one (a theme pack's own
    manifest.json) does not make a folder of inputs an output folder."""
    try:
        return any((n == MANIFEST or SHARD_MANIFEST.fullmatch(n)) and _ours(Path(folder) / n)
                   for n in os.listdir(folder))
    except OSError:
        return False


def _ours(path: Path) -> bool:
    """Whether ``path`` is a manifest this user's guidepress wrote: a regular file (a pipe
    or device is not waited on, a link not followed) that ``trustworthy`` vouches for,
    beginning as ``save_manifest`` writes one (a file made to look like one by someone
    else hides nothing from the inputs)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return False
    with os.fdopen(fd, "rb") as file:
        if not stat_regular(file.fileno()) or not trustworthy(file.fileno()):
            return False
        start = file.read(512)
    return _OURS.match(start) is not None and b'"roster_sha256"' in start


_OURS = re.compile(rb'\{\s*"guidepress"\s*:\s*"[^"]*",\s*"roster"\s*:')


def fingerprint(folders: list[Path], skip: list[Path] = ()) -> str:
    """Hash of every file below ``folders`` (names and contents) and the version.

    Output folders inside a guide folder (``skip``, and any folder holding a
    manifest) and temporary files are left out: otherwise every run would
    change the inputs of the next and re-render everything.
    """
    skipped = {Path(p).resolve() for p in skip}
    holds_outputs = functools.lru_cache(maxsize=None)(
        lambda folder: folder.resolve() in skipped or is_output_folder(folder))

    def leave_out(path: Path, is_folder: bool) -> bool:
        if path.resolve() in skipped:
            return True
        if is_folder:
            return is_output_folder(path)
        # a guide folder that is itself the output folder: leave out what a batch writes
        return path.name.endswith((".part", ".lock")) or path.name == RECORD or (
            holds_outputs(path.parent) and (path.suffix == ".pdf" or path.name == MANIFEST
                              or SHARD_MANIFEST.fullmatch(path.name) is not None))

    def below(folder: Path) -> list[tuple[str, str]]:  # names below the folder, not where it is
        cut = len(os.path.realpath(folder)) + 1
        return sorted((key[cut:], digest) for key, digest in digest_files([folder], leave_out).items())

    return hash_of([below(folder) for folder in folders])


def input_hash(values: dict, options: dict, print_fingerprint: str) -> str:
    """Hash of one row's values, the render options and the shared fingerprint."""
    return hash_of(values, options, print_fingerprint)


def row_inputs(values: dict, options, shared: str) -> str:
    """The hash of a roster row's inputs under a batch's ``options`` (``shared``: the
    fingerprint of the folders its sheets are made from)."""
    return input_hash(values, {"paper": options.paper.value, "language": options.language,
                               "theme": options.resources.theme,
                               "html": options.resources.keep_html,
                               "dates": options.date_order}, shared)


def read_manifest(path: Path) -> tuple[dict, list[Entry], int]:
    """A manifest's header, its well-formed entries, and how many entries were not.

    Anything that is not a JSON object with a "rows" list is a ContentError
    naming the file: guidepress did not write it, so it is not ours to replace.
    """
    text = read_bytes(path, "manifest", OWN_FOLDER)  # a pipe or device is never read
    if not trusted_file(path):
        raise ContentError(f"{path}: this manifest belongs to another user, or others may "
                           "write to it, so what it says is not trusted; move it away (or, "
                           "if it is yours, chmod go-w it)")
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


def seal_entry(entry: Entry) -> None:
    """Seal an entry whose sheet this run wrote, or found up to date by its own marks."""
    entry.seal = seal(*_sealed(entry)) if entry.status in ("written", "unchanged") else None


def sealed(entry: Entry) -> bool:
    """Whether the entry is as this user's guidepress sealed it (its sheet's marks then
    need not be read: its SHA-256 and inputs are the ones written)."""
    return holds(entry.seal, *_sealed(entry))


def _sealed(entry: Entry) -> tuple:
    return ("batch sheet", entry.row, entry.id, entry.guide, entry.file, entry.bytes, entry.sha256,
            entry.inputs)


def is_current(entry: Entry | None, inputs: str, out_dir: Path) -> bool:
    """True if ``entry`` was made from the same inputs and its file is still there,
    byte for byte (see freshness.still_there)."""
    if entry is None or entry.status == "failed" or entry.inputs != inputs:
        return False
    return still_there(out_dir, entry.file, entry.bytes, entry.sha256)
