"""What a batch checks of its rows' sheets beyond the manifest: the print file merged
from them, each sheet matched to its row by the marks it carries (whose it is, its
row, the hash of the inputs it was made from), and a note
for rows that name no guide where a workspace has several."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from guidepress.batch.manifest import Entry

if TYPE_CHECKING:
    from guidepress.content.roster import Row
    from guidepress.render.product import Written


def row_key(row: Row) -> str:
    """The patient fingerprint a row's sheet carries in its metadata (see patient_key)."""
    from guidepress.products.routine import sheet_key

    form = row.compact[0]
    return sheet_key(form["patient"], form["patient_id"], row.id)


@dataclass(frozen=True)
class RosterMarks:
    """The roster a batch was run with, as merge-manifests checks shards against it: its
    SHA-256 and, by row id, the patient mark (``row_key``) each row's sheet carries."""

    path: Path
    sha256: str
    keys: dict[str, str]


def roster_marks(roster: Path) -> RosterMarks:
    """Each row's patient mark, from the roster's plain values as the batch reads them
    (a row without a name is printed by its id); rows the batch would refuse have none."""
    from guidepress.content.rosterfile import read_rows, row_id
    from guidepress.freshness import file_sha256
    from guidepress.products.routine import sheet_key

    keys: dict[str, str] = {}
    for _, values, problem in read_rows(roster):
        sheet_id = row_id(values.get("id", ""))
        patient, patient_id = values.get("patient") or "", values.get("patient_id") or ""
        if problem or not sheet_id or not isinstance(patient, str) \
                or not isinstance(patient_id, str):
            continue
        if not (patient.strip() or patient_id):
            patient_id = sheet_id
        keys.setdefault(sheet_id, sheet_key(patient, patient_id, sheet_id))  # the first of an id
    return RosterMarks(Path(roster), file_sha256(roster), keys)


def merge_rows(entries: list[Entry], good: list[Row], out_dir: Path, target: Path) -> Written:
    """The batch's print file: each good row's sheet in roster order, under its patient's
    outline entry, checked to be byte for byte the recorded sheet and to carry its row's mark."""
    from guidepress.pdf.merge import merge_sheets

    by_id = {e.id: e for e in entries if e.status != "failed" and e.file}
    from guidepress.owned import PATIENT_KEY

    sheets, expected, marks = [], {}, {}
    for row in good:  # roster order
        entry = by_id.get(row.id)
        if entry:
            who = str(row.values.get("patient") or row.values.get("patient_id") or row.id)
            sheets.append((f"{who} ({row.id})", row.id, out_dir / entry.file))
            expected[out_dir / entry.file] = entry.sha256
            # the entry's inputs are the row's current ones: _plan counted it unchanged so
            marks[out_dir / entry.file] = {PATIENT_KEY: row_key(row), **entry_marks(entry)}
    return merge_sheets(sheets, target, expected=expected, marks=marks)


def entry_marks(entry: Entry) -> dict[str, str]:
    """The marks the sheet of a manifest's entry carries: its row's and its inputs' hash."""
    from guidepress.owned import INPUTS_KEY, ROW_KEY, row_mark

    return {ROW_KEY: row_mark(entry.id), INPUTS_KEY: entry.inputs or "(none recorded)"}


def unnamed_guides(rows: list, known: dict, guides) -> list[str]:
    """A note when a workspace has guides of its own and rows name none: each such
    sheet prints the batch's own guide's safety box, which may be the wrong one."""
    from guidepress.content.folders import builtin_guides

    unnamed = [r.number for r in rows if r.ok and not r.values.get("guide")]
    if not unnamed or len(known) <= len(builtin_guides()):
        return []
    shown = ", ".join(map(str, unnamed[:10])) + (" ..." if len(unnamed) > 10 else "")
    return [f'{len(unnamed)} row(s) name no guide (rows {shown}) and print the "'
            f'{guides.get(None).guide.title}" guide\'s safety box; this workspace has several '
            f"guides ({', '.join(sorted(known))}): fill the guide column"]
