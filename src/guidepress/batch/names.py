"""Sheet file names for a roster: safe, and unique over the whole roster.

Names are given over every good row of the roster, before it is split into
shards, so each shard names a row's sheet the same way and two shards never
write one file. Names are compared in NFC and case-folded, as macOS and Windows
(and a shared volume mounted from either) compare them.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

from guidepress.files import fill_name, safe_stem

if TYPE_CHECKING:
    from guidepress.content.roster import Row

FIELDS = ("id", "patient", "patient_id", "clinician", "clinic", "date")


def name_key(name: str) -> str:
    """How a file system that folds case and normalisation compares ``name``."""
    return unicodedata.normalize("NFC", name).casefold()


def file_names(rows: list[Row], template: str) -> tuple[dict[str, str], dict[int, str]]:
    """A safe, unique file name per row id, in roster order; a note per renamed row.

    A name already taken gets the next free ``-2``, ``-3``...; the next number to
    try is remembered per stem, so 16,000 rows with one name stay linear.
    """
    names: dict[str, str] = {}
    notes: dict[int, str] = {}
    taken: dict[str, int] = {}  # name key -> row number
    next_n: dict[str, int] = {}  # stem key -> next suffix to try
    for row in rows:
        stem = _stem(row, template)
        name = f"{stem}.pdf"
        if name_key(name) in taken:
            first = taken[name_key(name)]
            n = next_n.get(name_key(stem), 2)
            while name_key(f"{stem}-{n}.pdf") in taken:
                n += 1
            next_n[name_key(stem)] = n + 1
            name = f"{stem}-{n}.pdf"
            notes[row.number] = f"row {row.number}: {stem}.pdf is taken by row {first}; named {name}"
        taken[name_key(name)] = row.number
        names[row.id] = name
    return names, notes


def _stem(row: Row, template: str) -> str:
    fields = dict.fromkeys(FIELDS, "")
    fields.update({k: str(v) for k, v in row.values.items()})
    fields["id"] = row.id
    fields["patient"] = fields["patient"] or fields["patient_id"] or row.id
    return safe_stem(fill_name(template, fields), fallback=safe_stem(row.id, "sheet"))
