"""The one writer of every file guidepress makes: atomic, recorded, never over another's.

A file at a target is guidepress's to replace when nothing is there, when the
folder's record (``.guidepress-written.json``) or one of its manifests (each the
user's own, or root's, and writable by no one else) lists the file's name with
the SHA-256 it has now, or, for a PDF, when its metadata says guidepress made it
(one made elsewhere or before the record existed). A patient's sheet is replaced
only by that patient's sheet, which the caller checks (``approved``). Anything else is someone's file: refused unless the
command was given ``--force`` (``replacing(True)``). A write is renamed into place only when
complete; a full disk leaves no partial file and says so.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import stat
from collections.abc import Iterator
from contextvars import ContextVar
from pathlib import Path

from guidepress.errors import RenderError
from guidepress.files import (atomic_path, disk_error, is_disk_full, stat_regular,  # noqa: F401
                             trusted_file, trustworthy)
from guidepress.locks import FileLock
from guidepress.freshness import file_sha256, sha256_hex
from guidepress.versions import __version__

RECORD = ".guidepress-written.json"
MAX_RECORD = 16 * 1024 * 1024  # bytes; a record of many thousands of files fits easily
RECORD_WAIT = 30.0  # seconds a write waits for another run to update the folder's record
PATIENT_KEY = "/guidepresspatient"  # PDF metadata: whose sheet a file is
ROW_KEY = "/guidepressrow"  # PDF metadata: a batch sheet's row (see row_mark)
INPUTS_KEY = "/guidepressinputs"  # PDF metadata: the hash of the row's inputs it was made from
MERGED_KEY = "/guidepressmerged"  # PDF metadata: a print file guidepress merged
READ_PDF_BYTES = 64 * 1024 * 1024  # a PDF at a target up to this size is read whole to
# ask whose it is (a sheet is well under a megabyte); a larger one is mapped, and one over
MAX_PDF_BYTES = 256 * 1024 * 1024  # this is not read at all: not one guidepress wrote
_FORCE: ContextVar[bool] = ContextVar("guidepress_replace_foreign", default=False)
_APPROVED: ContextVar[frozenset] = ContextVar("guidepress_approved", default=frozenset())
_INSTEAD: ContextVar[str] = ContextVar("guidepress_instead", default="choose another -o")


@contextlib.contextmanager
def replacing(force: bool, instead: str = "choose another -o") -> Iterator[None]:
    """Within this block, files guidepress did not write may be replaced if ``force``;
    ``instead`` says how to write elsewhere with the command at hand (its option)."""
    token, said = _FORCE.set(bool(force)), _INSTEAD.set(instead)
    try:
        yield
    finally:
        _FORCE.reset(token)
        _INSTEAD.reset(said)


@contextlib.contextmanager
def approved(targets) -> Iterator[None]:
    """Within this block, ``targets`` may be replaced: the caller checked them itself
    (a patient's sheet re-issued for the same patient)."""
    token = _APPROVED.set(_APPROVED.get() | {os.path.abspath(t) for t in targets})
    try:
        yield
    finally:
        _APPROVED.reset(token)


def recorded(folder: Path) -> dict[str, str]:
    """File name -> SHA-256 of every file the folder's record says guidepress wrote."""
    data = _read_json(Path(folder) / RECORD, trusted=True)
    files = data.get("files") if isinstance(data, dict) else None
    if not isinstance(files, dict):
        return {}
    return {k: v for k, v in files.items() if isinstance(k, str) and isinstance(v, str)}


def is_ours(target: Path) -> bool:
    """True if ``target`` is absent or is a file guidepress wrote (see the module's rules)."""
    target = Path(target)
    try:
        target.lstat()
    except FileNotFoundError:
        return True
    except OSError:
        return False
    if target.is_symlink() or not target.is_file():
        return False
    if target.suffix.lower() == ".pdf":
        made = _pdf_made(target)
        if made == "sheet":  # a patient's sheet: only its own patient's (see ``approved``)
            return False
        if made == "ours":
            return True
    if target.suffix.lower() == ".json" and _json_marked(target):
        return True
    # the record first (one small file); the manifests only for a name it lacks
    mine = recorded(target.parent).get(target.name)
    listed = {mine} if mine else _in_manifests(target.parent, target.name)
    if not listed:  # named nowhere: no need to read the file (it may be huge)
        return False
    try:
        return file_sha256(target) in listed
    except OSError:
        return False


def claim(target: Path) -> None:
    """Refuse to replace ``target`` unless it is ours or the command was given --force."""
    if Path(target).name == RECORD:
        raise RenderError(f"{target}: this name is guidepress's record of the files it wrote; "
                          "choose another")
    if _FORCE.get() or os.path.abspath(target) in _APPROVED.get():
        return
    if not is_ours(target):
        raise RenderError(_refusal(Path(target)))


def _refusal(target: Path) -> str:
    """Why ``target`` is not replaced, and what to do instead."""
    instead = _INSTEAD.get()
    if target.suffix.lower() == ".pdf" and _pdf_made(target) == "sheet":
        return (f"{target} is a patient's routine sheet (guidepress made it), which only that "
                f"patient's sheet replaces; {instead}, or use --force to replace it")
    return f"{target} exists and was not written by guidepress; use --force to replace it, or {instead}"


@contextlib.contextmanager
def owned_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; once written, record it and rename it
    into place."""
    target = Path(target)
    claim(target)
    try:
        with atomic_path(target) as tmp:
            yield tmp
            # recorded before the rename: a record of a file never renamed names nothing
            note_written(target, file_sha256(tmp))
    except OSError as exc:
        raise disk_error(target, exc) from exc


def write_bytes(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` through ``owned_path``."""
    with owned_path(target) as tmp:
        tmp.write_bytes(data)


def note_written(target: Path, digest: str) -> None:
    """Add ``target``'s name and SHA-256 to its folder's record, under a lock."""
    folder = Path(target).parent
    path = folder / RECORD
    with _locked(path):
        data = _read_json(path)
        if data is not None and not (isinstance(data, dict) and "guidepress" in data):
            raise RenderError(f"{path} exists and was not written by guidepress; move it away")
        files = recorded(folder)
        files[Path(target).name] = digest
        payload = {"guidepress": __version__, "files": dict(sorted(files.items()))}
        with atomic_path(path) as tmp:  # a file a line, by separators: indent is slow
            tmp.write_text(json.dumps(payload, separators=(",\n ", ": ")), encoding="utf-8")


def _locked(path: Path) -> FileLock:
    """An flock on a private lock file beside the record while the record changes: never
    on the record itself, which anyone who may read it could lock (and hang every write).
    A link, pipe or folder in the record's place is refused before anything waits."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        mode = stat.S_IFREG
    if stat.S_ISLNK(mode):
        raise RenderError(f"{path} is a symbolic link; guidepress never writes its record "
                          "through a link, which could lead to a file elsewhere: remove "
                          "the link (guidepress starts a new record) and run the "
                          "command again")
    if not stat.S_ISREG(mode):
        raise RenderError(f"{path} is not a file guidepress wrote; move it away")
    return FileLock(path.with_name(f".{path.name}.lock"), RECORD_WAIT,
                    f"{path.parent}'s record of the files guidepress wrote",
                    "wait for it to finish, or write to another folder")


def _in_manifests(folder: Path, name: str) -> set[str]:
    """The SHA-256s the folder's batch and build manifests give for the file ``name``."""
    found = set()
    for manifest in (*folder.glob("manifest*.json"), folder / "build-manifest.json"):
        data = _read_json(manifest, trusted=True)
        items = (data.get("rows") or data.get("products")) if isinstance(data, dict) else None
        for item in items if isinstance(items, list) else ():
            if isinstance(item, dict) and item.get("file") == name and isinstance(item.get("sha256"), str):
                found.add(item["sha256"])
    return found


def _read_json(path: Path, trusted: bool = False):
    """A small JSON file's content, read without following a link; None if absent or bad,
    and, for evidence of what guidepress wrote (``trusted``), if another user could
    have written it (see ``trustworthy``)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        if not stat_regular(handle.fileno()) or (trusted and not trustworthy(fd)):
            return None
        raw = handle.read(MAX_RECORD + 1)
    if len(raw) > MAX_RECORD:
        return None
    try:
        return json.loads(raw)
    except (ValueError, RecursionError):
        return None


def _json_marked(path: Path) -> bool:
    """True for a manifest or record guidepress wrote (made before records were kept),
    and the user's own: one someone else planted, or may write, vouches for nothing."""
    if not trusted_file(path):
        return False
    data = _read_json(path)
    return isinstance(data, dict) and "guidepress" in data and any(
        isinstance(data.get(k), (list, dict)) for k in ("rows", "products", "files"))


_LAST_MADE: dict = {}  # the last file judged (by its identity) and what it was, for its refusal


def _pdf_made(path: Path) -> str | None:
    """"sheet" for a patient's sheet, "ours" for any other PDF whose metadata says
    guidepress made it, else None."""
    try:
        found = os.stat(path)
        key = (os.path.abspath(path), found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns)
    except OSError:
        key = None
    if key is not None and key in _LAST_MADE:
        return _LAST_MADE[key]
    info = pdf_info(path, (PATIENT_KEY, "/Creator", MERGED_KEY)) or {"/Creator": ""}
    ours = info.get("/Creator", "").startswith("guidepress ") or MERGED_KEY in info
    made = "sheet" if PATIENT_KEY in info else "ours" if ours else None
    _LAST_MADE.clear()
    if key is not None:
        _LAST_MADE[key] = made
    return made


def sheet_marks(path: Path) -> dict[str, str]:
    """A sheet's marks (whose it is, its row, its inputs' hash) by metadata key."""
    info = pdf_info(path, (PATIENT_KEY, ROW_KEY, INPUTS_KEY)) or {}
    return {key: value for key, value in info.items() if value}


def row_mark(sheet_id: str) -> str:
    """What a batch sheet carries of its row's id (a fingerprint: ids may be any text)."""
    return sha256_hex(f"row|{sheet_id}")[:16]


def pdf_info(path: Path, keys) -> dict[str, str] | None:
    """The PDF's metadata under ``keys`` (those it has), None if it is not a PDF qpdf
    reads (in milliseconds, ten times faster than pypdf: a quiet re-run reads them all),
    is over ``MAX_PDF_BYTES``, or holds more in its object streams than qpdf can read in
    bounded memory (``guidepress.objstreams``, counted before qpdf opens it): not ours."""
    import mmap

    import pikepdf

    from guidepress.objstreams import crowded

    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        try:
            # a device or pipe would block or never end
            if not stat_regular(fd) or handle.read(5) != b"%PDF-":
                return None
            handle.seek(0)
            # the very bytes counted go to qpdf, not a file put in its place since; a
            # large file is mapped rather than read (any size, outside the memory cap)
            size = os.fstat(fd).st_size
            if size > MAX_PDF_BYTES:  # a sparse 4 GB file took minutes and 4 GB to map
                return None
            small = size <= READ_PDF_BYTES
            with (contextlib.nullcontext(handle.read()) if small else
                  mmap.mmap(fd, 0, access=mmap.ACCESS_READ)) as data:
                if crowded(data):  # reading its metadata would take gigabytes
                    return None
                handle.seek(0)
                with pikepdf.open(io.BytesIO(data) if small else handle) as pdf:
                    # the trailer's /Info as it is: pikepdf's docinfo makes one where there
                    # is none, and qpdf then loads every object in the file
                    info = pdf.trailer.get("/Info")
                    if not isinstance(info, pikepdf.Dictionary):
                        return {}
                    return {key: str(info[key]) for key in keys if key in info}
        except Exception:  # noqa: BLE001 - a file qpdf cannot read (within the memory cap,
            # guidepress.memory: MemoryError) is not one guidepress wrote
            return None
