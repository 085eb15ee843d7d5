"""The one size cache: what each unit measured, by scope (what a size depends on besides
the unit's markup: product, stylesheets by content, paper, options, versions, the layout
code) and key (a hash of the unit's markup), in four tables: rooms, card rests, card
heads, parts.

Sizes live in the renderer (a batch's sheets share them) and, for products that hold
nothing about a patient, in the user's cache folder (``guidepress.cachefolder``: used only
when no one else may write to it), read as untrusted data: a kept file is read through
the confined reader (a regular file inside the folder, under a size cap: a link out, a
pipe or a device is never opened) into the strict models below, and counts as empty when
a file its layouts read has changed or is not a regular file of at most ``HASHED_CAP``
bytes inside the renderer's roots. A file that fails any of these costs time, never content.
"""

from __future__ import annotations

import json
import re
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError, model_validator

from guidepress.cachefolder import folder as cache_folder, prune
from guidepress.confine import read_bytes
from guidepress.errors import GuidepressError
from guidepress.files import atomic_path
from guidepress.freshness import file_digest, hash_of
from guidepress.versions import load_weasyprint

FOLDER = "sizes"
NAME = re.compile(r"^(?:cards-)?[0-9a-f]{64}\.json$")  # the only names the cache writes
FILES_KEPT = 200   # scopes kept in the cache folder; the oldest go first
LIMIT = 2048       # entries a table keeps in memory; the least recently used go first
TOLERANCE_MM = 0.05  # a size this close to the final layout's is the same size
TABLES = ("rooms", "rests", "heads", "parts")
HASHED_CAP = 50_000_000  # bytes of a file a layout read that are hashed (a font is at most 30 MB)
MAX_MM = 300.0     # taller than the content of any page guidepress prints (A4, Letter)
MAX_FIGURE_MM = 150.0  # the largest figure a card is given (measure.FIGURE_RANGE)
MAX_CARDS = 500    # cards in one product, or kept under one scope

Mm = Annotated[float, Field(ge=0.0, le=MAX_MM, allow_inf_nan=False)]
FigureMm = Annotated[float, Field(ge=0.0, le=MAX_FIGURE_MM, allow_inf_nan=False)]
Hash = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
Digest = tuple[Annotated[str, StringConstraints(max_length=4096)],  # a file the layout read
               Annotated[str, StringConstraints(pattern=r"^(?:[0-9a-f]{64})?$")]]


class Strict(BaseModel):
    """Known keys only, no coercion of text into numbers."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Room(Strict):
    """What precedes the cards leaves ``first`` on their first page; a page holds ``page``."""

    first: Mm
    page: Mm


class Rest(Strict):
    """A card less its head: its height without its figure, the figure's range and
    where its text is cut into two columns."""

    text: Mm
    low: FigureMm
    high: FigureMm
    cut: Annotated[int, Field(ge=0, le=200)]  # units of the card's text in its left column
    widest: FigureMm = 0.0  # the tallest the figure may be alone on its page
    stack: FigureMm = 0.0  # the tallest its frames may be stacked (0: never)
    frames: Annotated[int, Field(ge=1, le=4)] = 1
    caption: FigureMm = 0.0  # the row of frame labels under its frames side by side (none stacked)

    @model_validator(mode="after")
    def _ordered(self):
        if self.low > self.high or (self.widest and self.widest < self.high):
            raise ValueError("a figure's least height is above its largest")
        return self


def _table(value):
    return Annotated[dict[Hash, value], Field(max_length=MAX_CARDS)]


class SizeFile(Strict):
    """The sizes kept under one scope, with the digests of the files its layouts read."""

    key: Hash
    files: Annotated[list[Digest], Field(max_length=2000)]  # fonts, pictures, stylesheets
    rooms: _table(Room)
    rests: _table(Rest)
    heads: _table(Mm)
    parts: _table(Mm)


@cache
def _layout_code() -> str:
    """The layout package's own source, by content: sizes measured and planned by other
    code (an edited checkout between two runs of one version) are a new scope."""
    return hash_of([file_digest(p, None) or "" for p in sorted(Path(__file__).parent.glob("*.py"))])


def scope_key(template: str, stylesheets: list[Path], *options) -> str:
    """A scope's hash: the template, each stylesheet by path and content (an edited
    stylesheet is a new scope), the ``options``, the versions and the layout code."""
    sheets = [f"{p}:{file_digest(p, None) or ''}" for p in stylesheets]
    return hash_of(load_weasyprint().__version__, _layout_code(),
                   [str(p) for p in (template, *sheets, *options)])


@dataclass
class Sizes:
    """The sizes known under one scope."""

    scope: str
    roots: list[Path]  # the folders the layouts may read
    tables: dict[str, OrderedDict] = field(default_factory=lambda: {t: OrderedDict() for t in TABLES})
    last_room: Room | None = None  # the room of the scope's latest layout, for a new frame
    # the latest head laid out of each card (by its rest's key), for that card at a new
    # dose or number: in memory only, and checked after the final layout
    last_heads: dict[str, float] = field(default_factory=dict)
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
        """Keep the tables in the cache folder, with the digests of the ``files`` the layouts
        read (a folder that cannot be written keeps nothing)."""
        folder = cache_folder(FOLDER, "layout cache")
        if folder is None:
            return
        digests = [(f, file_digest(f, self.roots, HASHED_CAP)) for f in sorted({str(f) for f in files})]
        if any(digest is None for _, digest in digests):
            return  # a file that cannot be hashed again: the sizes would never be used
        tables = {t: dict(list(self.tables[t].items())[-MAX_CARDS:]) for t in TABLES}
        try:  # validated as it will be read back: what cannot be read is not written
            value = SizeFile.model_validate_json(json.dumps(
                {"key": self.scope, "files": digests, **tables}, default=lambda v: v.model_dump()))
            with atomic_path(folder / f"{self.scope}.json") as tmp:
                tmp.write_text(value.model_dump_json(), encoding="utf-8")
        except (ValidationError, ValueError, TypeError, OSError, GuidepressError):
            return
        prune(folder, NAME, FILES_KEPT)


def for_scope(renderer, scope: str, kept: bool) -> Sizes:
    """The renderer's sizes under ``scope``, made on first use (with ``kept``, from the
    cache folder when it holds a valid file for the scope whose files are unchanged)."""
    if not hasattr(renderer, "unit_sizes"):
        renderer.unit_sizes = {}
    if scope not in renderer.unit_sizes:
        renderer.unit_sizes[scope] = Sizes(scope, list(renderer.fetcher.roots))
        if kept:
            _recall(renderer.unit_sizes[scope])
    return renderer.unit_sizes[scope]


def read_kept(folder: Path, name: str) -> SizeFile | None:
    """The kept file ``name``, or None if it is not a regular file inside ``folder``
    under the cap, or not a valid ``SizeFile``."""
    try:
        return SizeFile.model_validate_json(read_bytes(folder / name, "cache", [folder]))
    except (GuidepressError, OSError, ValidationError, ValueError, RecursionError):
        return None


def _recall(sizes: Sizes) -> None:
    folder = cache_folder(FOLDER, "layout cache")
    found = read_kept(folder, f"{sizes.scope}.json") if folder else None
    if found is None or found.key != sizes.scope:
        return
    paths = [path for path, _ in found.files]
    if len(set(paths)) != len(paths):
        return  # a layout's files are listed once each: a list of repeats is not ours
    if any(file_digest(path, sizes.roots, HASHED_CAP) != digest for path, digest in found.files):
        return  # a font, picture or stylesheet the layout read has changed, or is not one
    for table in TABLES:
        sizes.tables[table].update(getattr(found, table))
