"""How a handout's exercise pages were planned, kept between runs.

A handout (and the library's contact sheet) is laid out once in one flow to
measure its cards, then again with its pages filled (``cardflow``). The plan
that first layout leads to depends only on what was laid out: the filled
template, the stylesheets, the files the layout read (fonts, images, imported
stylesheets), and the versions of guidepress and WeasyPrint. So the plan is
kept under a hash of the template, stylesheets and versions, with the size and
modification time of every file read; a later run with the same inputs, whose
files are unchanged, lays the document out once. A kept file that cannot be
read, or does not hold what a plan may (``cachemodels``), counts as not kept. The sizes of single cards are kept here too,
under their own key (``cardsizes``).

Nothing about patients is kept: routine sheets do not use this. The folder is
``$GUIDEPRESS_CACHE_DIR``, else ``$XDG_CACHE_HOME/guidepress``, else
``~/.cache/guidepress``; ``GUIDEPRESS_CACHE_DIR=off`` keeps nothing. It is read
as untrusted data (``cachefile``).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from pydantic import ValidationError

from guidepress.products import cachefile
from guidepress.products.cachemodels import Kept, Plan
from guidepress.versions import __version__, load_weasyprint

FOLDER = "plans"
LIMIT = 200  # plans kept; the oldest go first
PLANNER = 2  # raised when pages are planned differently: plans kept before are not used


def cache_folder() -> Path | None:
    """Where plans are kept, or None when keeping is switched off or the cache
    folder is not to be trusted (see ``cachefile``)."""
    return cachefile.folder(FOLDER)


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


def recall(key: str, model: type[Kept] = Plan) -> Kept | None:
    """The entry kept under ``key``, parsed into ``model``, if every file it read is
    unchanged; else None (missing, not valid, or stale)."""
    folder = cache_folder()
    if folder is None:
        return None
    kept = cachefile.load(model, folder, f"{key}.json")
    if kept is None or kept.key != key or any(_stamp(Path(f[0])) != list(f) for f in kept.files):
        return None
    return kept


def remember(key: str, plan: dict, files: list[Path], model: type[Kept] = Plan) -> None:
    """Keep ``plan`` under ``key`` with the stamps of the ``files`` the layout read,
    if it is valid as ``model``; a folder that cannot be written keeps nothing."""
    folder = cache_folder()
    if folder is None:
        return
    try:  # validated as it will be read back: what cannot be read is not written
        value = model.model_validate_json(json.dumps(
            {"key": key, "files": [_stamp(Path(f)) for f in files], **plan}))
    except (ValidationError, ValueError, TypeError):  # not what a cache file may hold
        return
    cachefile.write(folder, f"{key}.json", value)
    cachefile.prune(folder, LIMIT)


def forget(key: str) -> None:
    """Drop what is kept under ``key`` (it proved wrong)."""
    folder = cache_folder()
    if folder is not None:
        cachefile.remove(folder, f"{key}.json")
