"""The one size cache: what each unit measured, by scope and key.

A scope names what a unit's size depends on besides its own markup: the
product, its stylesheets (by content), the paper and the options the layout
uses, and the versions of guidepress and WeasyPrint. A key is a hash of the
unit's markup (``units``), so a size found is the size a new measurement
would give. The tables:

- ``rooms``: by the hash of what precedes the cards, the room it leaves on the
  cards' first page, a page's room, and the band left before the cards;
- ``rests``: a card less its head (figure and text, with the heading kept with
  it): its height without the figure, the figure's range, where its text is cut;
- ``heads``: a card's head (number, name, dose);
- ``parts``: a part after the cards (tracker, safety box, notes).

Sizes live in the renderer (a batch's sheets share them) and, for products
that hold nothing about a patient, in the cache folder between runs, read as
untrusted data: a file that is not a valid ``SizeFile`` (``cachemodels``), or
whose layout read a file that has since changed, counts as empty. The files a
kept file lists are hashed only if they are regular files of at most
``HASHED_CAP`` bytes inside the renderer's roots (the folders the render may
read); a file listing anything else (a device, a pipe, a file elsewhere) counts
as empty too, so a planted list cannot stall a run or learn what a file holds.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from guidepress.layout import cachefile
from guidepress.layout.cachemodels import MAX_CARDS, Room, SizeFile
from guidepress.freshness import file_digest, file_sha256, hash_of
from guidepress.versions import load_weasyprint

FOLDER = "sizes"
FILES_KEPT = 200   # scopes kept in the cache folder; the oldest go first
LIMIT = 2048       # entries a table keeps in memory; the least recently used go first
TOLERANCE_MM = 0.05  # a size this close to the final layout's is the same size
TABLES = ("rooms", "rests", "heads", "parts")
HASHED_CAP = 50_000_000  # bytes of a file a layout read that are hashed (a font is at most 30 MB)


def stylesheet_digests(paths: list[Path]) -> list[str]:
    """Each stylesheet by path and content: an edited stylesheet is a new scope."""
    return [f"{p}:{_digest(Path(p))}" for p in paths]


def scope_key(*parts) -> str:
    """A scope's hash: ``parts`` (product, stylesheets' digests, options) and the versions."""
    return hash_of(load_weasyprint().__version__, [str(p) for p in parts])


@dataclass
class Sizes:
    """The sizes known under one scope."""

    scope: str
    tables: dict[str, OrderedDict]
    kept: bool  # also kept in the cache folder between runs
    roots: list[Path] = field(default_factory=list)  # the folders the layouts may read
    last_room: Room | None = None  # the room of the scope's latest layout, for a new frame
    hits: int = 0
    misses: int = 0
    replanned: int = 0  # layouts made again: a size the final layout showed was not right

    def get(self, table: str, key: str):
        found = self.tables[table].get(key)
        if found is None:
            self.misses += 1
        else:
            self.hits += 1
            self.tables[table].move_to_end(key)
        return found

    def put(self, table: str, key: str, value) -> None:
        entries = self.tables[table]
        entries[key] = value
        entries.move_to_end(key)
        while len(entries) > LIMIT:
            entries.popitem(last=False)

    def forget(self, table: str, key: str) -> None:
        self.tables[table].pop(key, None)

    def save(self, files: list[Path]) -> None:
        """Keep the tables in the cache folder, with the digests of the ``files`` the layouts read."""
        folder = cachefile.folder(FOLDER) if self.kept else None
        if folder is None:
            return
        digests = _digests(files, self.roots)
        if digests is None:  # a file that cannot be hashed again: the sizes would never be used
            return
        try:  # validated as it will be read back: what cannot be read is not written
            value = SizeFile.model_validate_json(json.dumps({
                "key": self.scope, "files": digests,
                **{t: _plain(dict(list(self.tables[t].items())[-MAX_CARDS:])) for t in TABLES}}))
        except (ValidationError, ValueError, TypeError):
            return
        cachefile.write(folder, f"{self.scope}.json", value)
        cachefile.prune(folder, FILES_KEPT)


def for_scope(renderer, scope: str, kept: bool) -> Sizes:
    """The renderer's sizes under ``scope`` (made on first use; with ``kept``, from
    the cache folder when it holds a valid, unchanged file for the scope; the files it
    lists are hashed only inside the renderer's roots)."""
    memory = getattr(renderer, "unit_sizes", None)
    if memory is None:
        memory = renderer.unit_sizes = {}
    sizes = memory.get(scope)
    if sizes is None:
        sizes = memory[scope] = Sizes(scope, {t: OrderedDict() for t in TABLES}, kept,
                                      list(renderer.fetcher.roots))
        if kept:
            _recall(sizes)
    return sizes


def _recall(sizes: Sizes) -> None:
    folder = cachefile.folder(FOLDER)
    found = cachefile.load(SizeFile, folder, f"{sizes.scope}.json") if folder else None
    if found is None or found.key != sizes.scope:
        return
    paths = [path for path, _ in found.files]
    if len(set(paths)) != len(paths):
        return  # a layout's files are listed once each: a list of repeats is not ours
    if any(_confined_digest(path, sizes.roots) != digest for path, digest in found.files):
        return  # a font, picture or stylesheet the layout read has changed, or is not one
    for table in TABLES:
        sizes.tables[table].update(getattr(found, table))


def _plain(table: dict) -> dict:
    return {k: v.model_dump() if hasattr(v, "model_dump") else v for k, v in table.items()}


def _digest(path: Path) -> str:
    try:
        return file_sha256(path)
    except OSError:
        return ""


def _confined_digest(path: str, roots: list[Path]) -> str | None:
    """The SHA-256 of a regular file of at most ``HASHED_CAP`` bytes inside ``roots``; None
    for anything else (never read: a device would never end, a pipe would block)."""
    return file_digest(path, roots, HASHED_CAP) if roots else None


def _digests(files: list[Path], roots: list[Path]) -> list[tuple[str, str]] | None:
    """Each file by path and digest, or None if one of them cannot be hashed."""
    found = [(f, _confined_digest(f, roots)) for f in sorted({str(f) for f in files})]
    return None if any(digest is None for _, digest in found) else found

