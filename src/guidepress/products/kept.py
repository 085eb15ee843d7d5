"""How a handout's exercise pages were planned, kept between runs.

A handout (and the library's contact sheet) is laid out once in one flow to
measure its cards, then again with its pages filled (``cardflow``). The plan
that first layout leads to depends only on what was laid out: the filled
template, the stylesheets, the files the layout read (fonts, images, imported
stylesheets), and the versions of guidepress and WeasyPrint. So the plan is
kept under a hash of the template, stylesheets and versions, with the size and
modification time of every file read; a later run with the same inputs, whose
files are unchanged, lays the document out once. A kept file that cannot be
read or parsed counts as not kept. The sizes of single cards are kept here too,
under their own key (``cardsizes``).

Nothing about patients is kept: routine sheets do not use this. The folder is
``$GUIDEPRESS_CACHE_DIR``, else ``$XDG_CACHE_HOME/guidepress``, else
``~/.cache/guidepress``; ``GUIDEPRESS_CACHE_DIR=off`` keeps nothing.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from guidepress.errors import GuidepressError
from guidepress.files import atomic_path
from guidepress.versions import __version__, load_weasyprint

FOLDER = "plans"
LIMIT = 200  # plans kept; the oldest go first
PLANNER = 2  # raised when pages are planned differently: plans kept before are not used


def cache_folder() -> Path | None:
    """Where plans are kept, or None when keeping is switched off."""
    chosen = os.environ.get("GUIDEPRESS_CACHE_DIR", "").strip()
    if chosen.lower() in ("off", "0", "no", "false"):
        return None
    if chosen:
        return Path(chosen) / FOLDER
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    if not base:
        try:
            base = Path.home() / ".cache"
        except (RuntimeError, KeyError):  # no home folder (a bare service account): keep nothing
            return None
    return Path(base) / "guidepress" / FOLDER


def plan_key(html: str, stylesheets: list[Path], *options) -> str:
    """A hash of the filled template, the stylesheets (by path, size and
    modification time), the options and the versions of guidepress, its planner
    and WeasyPrint."""
    head = [__version__, PLANNER, load_weasyprint().__version__, [str(o) for o in options],
            [_stamp(Path(p)) for p in stylesheets]]
    digest = hashlib.sha256(json.dumps(head).encode())
    digest.update(html.encode("utf-8"))
    return digest.hexdigest()


def _stamp(path: Path) -> list:
    """What tells a changed file: its path, size and modification time."""
    try:
        stat = path.stat()
    except OSError:
        return [str(path), -1, -1]
    return [str(path), stat.st_size, stat.st_mtime_ns]


def recall(key: str) -> dict | None:
    """The plan kept under ``key`` if every file it read is unchanged, else None."""
    folder = cache_folder()
    if folder is None:
        return None
    try:
        kept = json.loads((folder / f"{key}.json").read_text(encoding="utf-8"))
        if kept["key"] != key or any(_stamp(Path(f[0])) != f for f in kept["files"]):
            return None
    except (OSError, ValueError, TypeError, KeyError, IndexError):
        return None
    return kept


def remember(key: str, plan: dict, files: list[Path]) -> None:
    """Keep ``plan`` under ``key`` with the stamps of the ``files`` the layout read;
    a folder that cannot be written keeps nothing."""
    folder = cache_folder()
    if folder is None:
        return
    try:
        with atomic_path(folder / f"{key}.json") as tmp:
            payload = {"key": key, "files": [_stamp(Path(f)) for f in files], **plan}
            tmp.write_text(json.dumps(payload), encoding="utf-8")
        kept = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime_ns)
        for old in kept[:-LIMIT]:
            old.unlink(missing_ok=True)
    except (OSError, GuidepressError):  # a cache that cannot be written is only slower
        return


def forget(key: str) -> None:
    """Drop what is kept under ``key`` (it proved wrong)."""
    folder = cache_folder()
    if folder is not None:
        try:
            (folder / f"{key}.json").unlink(missing_ok=True)
        except OSError:
            return
