"""A batch run again with nothing changed, answered from its manifest alone.

When the roster file is byte for byte the one of the last run, the options are
the same, the guide, exercises, templates and styles hash the same, and every
row of the last run was made from its row's values as they are now, and its sheet
is still there and carries them, the answer is known without loading the guide or
checking a single row: every row is unchanged.
Anything else (a failed row, an interrupted run, --force, --merge) takes the
ordinary path, which checks every row.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from guidepress.batch.guard import ManifestLock
from guidepress.batch.manifest import (
    REUSE,
    Entry,
    fingerprint,
    is_current,
    read_manifest,
    row_inputs,
    save_manifest,
    seal_entry,
    sealed,
)
from guidepress.batch.shards import manifest_path
from guidepress.builtin import BUILTIN_STYLES, BUILTIN_TEMPLATES
from guidepress.content.folders import DEFAULT_GUIDE, library_folders
from guidepress.errors import GuidepressError
from guidepress.freshness import file_digest, file_sha256, hash_of

KEY = REUSE  # the manifest header's record of what the run was made from


def input_folders(options) -> list[Path]:
    """The folders whose files a batch's sheets are made from (hashed into the manifest)."""
    resources, guide = options.resources, Path(options.guide_dir or DEFAULT_GUIDE)
    named = [folder for known in options.guides.values()  # rows may name these
             for folder in (Path(known), *library_folders(Path(known)).paths)]
    folders = [*resources.template_dirs, BUILTIN_TEMPLATES, *resources.style_dirs,
               BUILTIN_STYLES, guide, *library_folders(guide).paths, *named]
    return list(dict.fromkeys(Path(f) for f in folders))


def shared_inputs(options, skip: list[Path]) -> str:
    """What every sheet of a batch is made from besides its row: the files below the
    input folders, and the look the settings give (the clinic's details, such as its
    emergency number, its colours, the logo's and the print profile's contents, the
    PDF variant): a change to any of them makes every sheet again."""
    resources = options.resources
    clinic = resources.clinic
    look = {"clinic": clinic.model_dump(mode="json") if hasattr(clinic, "model_dump") else repr(clinic),
            "colours": [list(pair) for pair in resources.colours], "variant": resources.pdf_variant,
            "files": [file_digest(path, None) for path in (resources.logo, resources.print_profile)
                      if path is not None]}
    return hash_of(fingerprint(input_folders(options), skip=skip), look)


def record(options, shared: str, rows: int, notes: list[str]) -> dict:
    """What the header keeps so that the next run can tell that nothing changed."""
    return {KEY: {"settings": _settings(options), "fingerprint": shared, "rows": rows,
                  "notes": notes}}


def nothing_to_do(roster: Path, options) -> tuple[list[Entry], list[str], Path] | None:
    """Every entry (marked unchanged), the notes and the manifest, when nothing changed;
    None when the run must check its rows."""
    if options.force or options.merge:
        return None
    out_dir = Path(options.out_dir)
    manifest = manifest_path(out_dir, options.shard)
    try:
        header, entries, malformed = read_manifest(manifest)
        kept = header.get(KEY)
        if (malformed or not isinstance(kept, dict) or kept.get("rows") != len(entries)
                or kept.get("settings") != _settings(options)
                or header.get("roster_sha256") != file_sha256(roster)):
            return None
        if not all(e.status != "failed" and is_current(e, e.inputs, out_dir) for e in entries):
            return None
        shared = shared_inputs(options, [out_dir])
        if kept.get("fingerprint") != shared or not _made_from(roster, entries, options, shared):
            return None
        unchanged = [replace(e, status="unchanged") for e in entries]
        for entry in unchanged:
            seal_entry(entry)
        with ManifestLock(manifest):
            about = {k: v for k, v in header.items() if k not in ("rows", "guidepress")}
            save_manifest(manifest, unchanged, **about)
    except (GuidepressError, OSError, TypeError, ValueError):
        return None  # anything unexpected: the ordinary path will say what is wrong
    return unchanged, list(kept.get("notes") or []), manifest


def _made_from(roster: Path, entries: list[Entry], options, shared: str) -> bool:
    """True if every entry records its row's current inputs and its sheet carries them:
    a manifest can be edited along with the sheets it records (an older sheet of the
    same patient copied in, its hash and size and inputs written over). An entry that
    holds its seal (``sealing``) was written or checked so by this user's guidepress."""
    from guidepress.batch.printfile import entry_marks
    from guidepress.batch.shards import in_shard
    from guidepress.content.rosterfile import read_rows, row_id
    from guidepress.owned import sheet_marks

    rows = {}
    for _, values, _ in read_rows(roster):  # as read, before any check: as _plan hashes them
        key = row_id(values.get("id", ""))
        if in_shard(key, options.shard):
            rows[key] = values
    if len(rows) != len(entries) or len({e.id for e in entries}) != len(entries):
        return False  # each row of the roster once: a copied entry hides a missing sheet
    for entry in entries:
        if entry.id not in rows or entry.inputs != row_inputs(rows[entry.id], options, shared):
            return False
        if sealed(entry):  # as this user's guidepress wrote or checked it
            continue
        marks = sheet_marks(Path(options.out_dir) / entry.file)
        if any(marks.get(key) != value for key, value in entry_marks(entry).items()):
            return False
    return True


def _settings(options) -> str:
    """Everything a sheet depends on besides its row and the hashed folders."""
    return repr((options.paper.value, options.language, options.name, options.shard,
                 str(Path(options.guide_dir or DEFAULT_GUIDE).resolve()), options.resources,
                 options.date_order, sorted((k, str(v)) for k, v in options.guides.items())))
