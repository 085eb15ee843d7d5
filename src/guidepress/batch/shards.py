"""Shards: slicing a roster over machines, and merging their manifests back safely.

Merging checks that the shards belong together (the same roster and options,
every slice present) and refuses a mix unless forced; it never merges a file
outside the folder, two rows onto one file, or a file whose sha256 differs from
the one its shard recorded.
"""

from __future__ import annotations

from pathlib import Path

from guidepress.batch.manifest import (
    MANIFEST,
    REUSE,
    SHARD_MANIFEST,
    Entry,
    read_manifest,
    save_manifest,
)
from guidepress.batch.names import name_key
from guidepress.batch.printfile import RosterMarks
from guidepress.errors import ContentError, UsageError
from guidepress.freshness import file_sha256, sha256_hex
from guidepress.owned import PATIENT_KEY, sheet_marks

# Header fields that must agree between shards, and how a message names them.
AGREE = {"roster_sha256": "roster", "options": "options (--lang, --paper, --theme, --name, guide)",
         "guidepress": "guidepress version"}
MAX_LISTED = 12


MAX_SHARDS = 1000  # N in --shard K/N, and in the shard manifests merge-manifests reads


def parse_shard(text: str) -> tuple[int, int]:
    """'2/4' -> (2, 4): the second of four slices."""
    try:
        k, n = (int(part) for part in text.split("/"))
    except ValueError:
        raise UsageError(f'--shard "{text}": write K/N, e.g. 2/4 for the second of four') from None
    if not 1 <= k <= n:
        raise UsageError(f'--shard "{text}": K must be from 1 to N')
    if n > MAX_SHARDS:
        raise UsageError(f'--shard "{text}": at most {MAX_SHARDS:,} shards (N); a machine each '
                         "is already more than a clinic's roster needs")
    return k, n


def in_shard(row_id: str, shard: tuple[int, int] | None) -> bool:
    """Rows go to shards by a hash of their id: disjoint, covering, and stable
    when rows are added or reordered."""
    if shard is None:
        return True
    k, n = shard
    return int(sha256_hex(row_id), 16) % n == k - 1


def manifest_path(out_dir: Path, shard: tuple[int, int] | None) -> Path:
    return out_dir / (MANIFEST if shard is None else f"manifest-{shard[0]}-of-{shard[1]}.json")


def merge_shards(folder: Path, force: bool = False, then=None,
                 roster: RosterMarks | None = None) -> tuple[list[Entry], list[str], list[str]]:
    """Combine the shard manifests in ``folder`` into manifest.json; returns the
    entries, warnings (what --force let through) and the sheets refused because they
    are not their row's patient's in ``roster`` (recorded as failed, never merged).
    ``then(entries)`` (the print file) runs before manifest.json is written: if it
    fails, nothing is rewritten."""
    parts = {}
    for path in sorted(Path(folder).glob("manifest-*-of-*.json")):
        match = SHARD_MANIFEST.fullmatch(path.name)
        if match and not (len(match[2]) <= 4 and 1 <= int(match[1]) <= int(match[2]) <= MAX_SHARDS):
            # a planted manifest-1-of-99999999.json would have us list a hundred million gaps
            raise ContentError(f"{path}: not a shard of a batch (at most {MAX_SHARDS:,} shards); "
                               "move it away")
        if match:
            header, entries, malformed = read_manifest(path)
            if malformed:
                raise ContentError(f"{path}: {malformed} malformed entries; run that shard again")
            parts[path] = (int(match[1]), int(match[2]), header, entries)
    if not parts:
        raise ContentError(f"{folder}: no shard manifests (manifest-K-of-N.json) found")
    mismatches = _gaps_and_mixes(parts)
    if mismatches and not force:
        raise ContentError(f"{folder}: these shards do not make one whole batch:\n"
                           + "\n".join(f"  {m}" for m in mismatches)
                           + "\nfinish the missing shards, or merge anyway with --force")
    entries = _checked_entries(Path(folder), parts)
    refused = [] if roster is None else _check_patients(Path(folder), parts, roster, force)
    header = next(iter(parts.values()))[2]
    about = {k: header.get(k) for k in ("roster", "roster_sha256", "rows_total", "options")}
    if then is not None:
        then(entries)
    save_manifest(Path(folder) / MANIFEST, entries, **about,
                  merged_from=[p.name for p in parts])
    return entries, mismatches, refused


def _check_patients(folder: Path, parts: dict, roster: RosterMarks, force: bool) -> list[str]:
    """Refuse each sheet whose patient mark is not its row's in the roster the batch used:
    a shard manifest's entry can be copied, file, hashes and inputs, from another roster's
    sheet of the same row id. A refused entry is recorded as failed; returns why, each."""
    name = roster.path.name
    if not force and {h.get("roster_sha256") for _, _, h, _ in parts.values()} != {roster.sha256}:
        raise ContentError(f"--roster {roster.path}: not the roster these shards were made from "
                           "(its sha256 is not the one their manifests record); give the roster "
                           "file the batch was run with")
    refused = []
    for path, (k, n, _, rows) in parts.items():
        for entry in (e for e in rows if e.status != "failed" and e.file):
            key = roster.keys.get(entry.id)
            if key is None:
                why = f"{name} has no row {entry.id!r}"
            elif sheet_marks(folder / entry.file).get(PATIENT_KEY) != key:
                why = (f"{entry.file} is not this row's patient's sheet in {name} (it carries "
                       "another patient's mark)")
            else:
                continue
            refused.append(f"{path.name} row {entry.row} ({entry.id}): {why}, so it was not "
                           "merged; run that shard again to make this row's sheet afresh "
                           f"(guidepress batch {name} --shard {k}/{n}), then merge again")
            entry.status, entry.error, entry.file = "failed", refused[-1], None
    return refused


def _gaps_and_mixes(parts: dict) -> list[str]:
    """Missing slices and disagreeing headers, as messages."""
    problems = []
    counts = sorted({n for _, n, _, _ in parts.values()})
    if len(counts) > 1:
        problems.append("the manifests split the roster in different ways ("
                        + ", ".join(f"{n} shards" for n in counts) + ")")
    present = {(k, n) for k, n, _, _ in parts.values()}
    for n in counts:
        for k in range(1, n + 1):
            if (k, n) not in present:
                problems.append(f"shard {k} of {n} is missing (manifest-{k}-of-{n}.json): "
                                f"run the batch with --shard {k}/{n}")
    headers = [h for _, _, h, _ in parts.values()]
    for field, label in AGREE.items():
        if len({repr(h.get(field)) for h in headers}) > 1:
            problems.append(f"the shards differ in their {label}")
    if len({repr(_made_with(h)) for h in headers}) > 1:
        problems.append("the shards were made from different templates, guides or settings "
                        "(such as the clinic's emergency number, colours or logo): run every "
                        "shard again with the same workspace")
    totals = {h.get("rows_total") for h in headers}
    recorded = sum(len(e) for _, _, _, e in parts.values())
    if len(totals) == 1 and isinstance(total := totals.pop(), int) and recorded < total:
        problems.append(f"{total - recorded} of the roster's {total} rows are in none of "
                        "these manifests")
    return problems


def _made_with(header: dict):
    """What a shard's sheets were made from besides their rows (``unchanged.shared_inputs``)."""
    kept = header.get(REUSE)
    return kept.get("fingerprint") if isinstance(kept, dict) else None


def _checked_entries(folder: Path, parts: dict) -> list[Entry]:
    """Every entry, after refusing collisions and sheets that are not what was recorded."""
    problems, by_row, by_id, by_file, by_inode = [], {}, {}, {}, {}
    entries = []
    for path, (k, n, _, rows) in parts.items():
        for entry in rows:
            where = f"{path.name} row {entry.row} ({entry.id})"
            # a roster's duplicate ids share a shard; the same id in two shards is two rosters
            for seen, key in ((by_row, entry.row), (by_id, entry.id)):
                if key in seen and (seen is by_row or seen[key][0] != path):
                    problems.append(f"{where}: also in {seen[key][1]}; were the shards made "
                                    "from different rosters?")
                seen.setdefault(key, (path, where))
            if entry.status != "failed" and entry.file:
                if name_key(entry.file) in by_file:
                    problems.append(f"{where}: {entry.file} is also the sheet of "
                                    f"{by_file[name_key(entry.file)]}; one overwrote the other, "
                                    "so run both shards again")
                by_file[name_key(entry.file)] = where
                found = _sheet_problems(folder, entry, where, f"{k}/{n}")
                problems.extend(found or _same_file(folder / entry.file, where, by_inode))
            entries.append(entry)
    if problems:
        listed = problems[:MAX_LISTED] + ([f"... and {len(problems) - MAX_LISTED} more"]
                                          if len(problems) > MAX_LISTED else [])
        raise ContentError(f"{folder}: cannot merge these manifests:\n"
                           + "\n".join(f"  {p}" for p in listed))
    return entries


def _same_file(path: Path, where: str, seen: dict) -> list[str]:
    """Two entries whose names lead to one file (a hard link) would print one sheet twice."""
    try:
        info = path.stat()
    except OSError as exc:
        return [f"{where}: cannot read {path.name} ({exc.strerror})"]
    key = (info.st_dev, info.st_ino)
    if key in seen:
        return [f"{where}: {path.name} is the same file as the sheet of {seen[key]}; refused"]
    seen[key] = where
    return []


def _sheet_problems(folder: Path, entry: Entry, where: str, shard: str) -> list[str]:
    """Why this entry's sheet may not be merged: outside the folder, missing or changed."""
    name = entry.file
    path = folder / name
    if Path(name).name != name or name in (".", "..") or "\\" in name or \
            path.resolve().parent != folder.resolve():
        return [f"{where}: the file {name!r} is not inside {folder}; refused"]
    if path.is_symlink():  # a link's name is not its file: two names, one sheet
        return [f"{where}: {name} is a link, not a sheet a shard wrote; refused"]
    if not path.is_file():
        return [f"{where}: the sheet {name} is missing; run shard {shard} again"]
    if entry.bytes is not None and path.stat().st_size != entry.bytes:
        return [f"{where}: {name} is not the file shard {shard} wrote (its size differs "
                "from the manifest's); run that shard again"]
    if entry.sha256 != file_sha256(path):
        return [f"{where}: {name} is not the file shard {shard} wrote (its sha256 differs "
                "from the manifest's); run that shard again"]
    return []
