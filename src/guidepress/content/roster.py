"""Read a patient roster (CSV, JSON or YAML) and validate every row up front.

Each row is one prescription plus an ``id``. Problems are collected per row,
with the row number and column, so one bad row never hides another and never
stops the good ones.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from guidepress.content.prescription import Prescription, PrescriptionFile, resolve, visible
from guidepress.content.problems import problems_from, suggest
from guidepress.content.rosterfile import read_rows, row_id
from guidepress.errors import ContentError, GuidepressError

# a row is a prescription (its fields, guide included) with an id and a language
COLUMNS = ("id", *PrescriptionFile.model_fields, "language")
SHOWN = 20  # problems listed for one row; the rest are counted


@dataclass
class Row:
    """One roster row: where it stands, its raw values and, once checked, its prescription."""

    number: int
    values: dict
    id: str = ""
    prescription: Prescription | None = None
    problems: list[str] = field(default_factory=list)
    checked: bool = False  # validated and every exercise resolved
    compact: tuple | None = None  # the prescription as plain values, with check_rows(compact=True)

    @property
    def ok(self) -> bool:
        return not self.problems and self.checked


def read_roster(path: Path) -> list[Row]:
    """Raw rows of a roster file; row numbers are as a spreadsheet shows them."""
    return [Row(number, values, problems=[problem] if problem else [])
            for number, values, problem in read_rows(path)]


def check_rows(rows: list[Row], library_for, keep: bool = True, compact: bool = False,
               date_order: str = "", strict: bool = False) -> None:
    """Validate every row in place; ``library_for(language, guide)`` gives the exercise
    library of a row's guide (its id, or "" for the batch's own).

    Ids are compared in Unicode NFC, so "José" typed two ways is one id. With
    ``keep=False`` a good row keeps only its values, not the resolved prescription
    (a large roster then needs a fraction of the memory); with ``compact`` it keeps
    the prescription as plain values (``Prescription.compact``), which a batch
    sends to its workers so that they need not check the row again. Short dates are
    read in ``date_order`` (content/dates.py); with ``strict`` a dose that looks like a
    slip makes its row bad.
    """
    seen: dict[str, int] = {}
    for row in rows:
        _check_row(row, library_for, keep, compact, date_order, strict)
        if len(row.problems) > SHOWN:  # a cell of 10,000 doses would print 10,000 lines
            row.problems[SHOWN:] = [f"and {len(row.problems) - SHOWN:,} more problems in this row"]
        if row.id:
            if row.id in seen:
                row.problems.append(f'column "id": "{row.id}" is also used by row {seen[row.id]}; '
                                    "ids must be unique")
            else:
                seen[row.id] = row.number


def _check_row(row: Row, library_for, keep: bool, compact: bool, date_order: str,
               strict: bool) -> None:
    values = dict(row.values)
    for column in [c for c in values if c not in COLUMNS]:
        hint = suggest(column, COLUMNS)
        row.problems.append(f'column "{column}": unknown column'
                            + (f" (did you mean {hint}?)" if hint else
                               f" (columns: {', '.join(COLUMNS)})"))
        values.pop(column)
    row.problems.extend(_control_characters(values))
    raw_id = values.pop("id", "")
    row.id = row_id(raw_id)
    if not row.id:
        row.problems.append('column "id": missing; every row needs a unique id' if raw_id == "" else
                            'column "id": must be text or a number')
    named = any(visible(str(values.get(key) or "")) for key in ("patient", "patient_id"))
    if row.id and not named:
        values["patient_id"] = row.id  # a row without a name is printed by its id
    language = values.pop("language", None)
    if not (language is None or isinstance(language, str)):
        row.problems.append('column "language": must be a language tag such as "es"')
    exercises = values.get("exercises")
    if isinstance(exercises, str):
        values["exercises"] = [e.strip() for e in exercises.split(";") if e.strip()]
    # a row bad in other columns still has its guide and exercises checked, so that
    # one read of the report shows every problem of the row
    form = _validate(row, values, date_order) or _exercises_alone(values)
    if form is None or not isinstance(language, (str, type(None))):
        return
    # an unknown guide or language fails this row, not the batch: the guide is tried
    # first in its own language (loaded once), so the right column is named
    for column, asked in [("guide", None)] + ([("language", language)] if language else []):
        try:
            library = library_for(asked, form.guide)
        except GuidepressError as exc:
            message = str(exc)
            row.problems.append(message if message.startswith('column "') else
                                f'column "{column}": {message}')
            return
    try:
        prescription = resolve(form, library, 'column "exercises", dose {n}', strict)
    except ContentError as exc:
        row.problems.extend(str(exc).splitlines())
        return
    if row.problems:
        return
    row.checked, row.prescription = True, prescription if keep else None
    row.compact = prescription.compact() if compact else None


def _validate(row: Row, values: dict, date_order: str) -> PrescriptionFile | None:
    try:
        return PrescriptionFile.model_validate(values, context={"date_order": date_order})
    except ValidationError as exc:
        row.problems.extend(f"{p.key}: {p.message}" if p.key else p.message for p in problems_from(
            exc, PrescriptionFile, missing="missing", key_of=lambda loc: f'column "{loc[0]}"' if loc else ""))
        return None


def _exercises_alone(values: dict) -> PrescriptionFile | None:
    """The row's guide and exercises as a form of their own, for checking them when
    another column is bad; None when they are bad too (that is already reported)."""
    try:
        return PrescriptionFile.model_validate({"patient_id": "-", "guide": values.get("guide", ""),
                                                "exercises": values.get("exercises")})
    except ValidationError:
        return None


def _control_characters(values: dict) -> list[str]:
    """A problem per column holding a control character (a NUL, an escape...): such
    text is a broken export, and printing it would silently drop or garble it."""
    problems = []
    for column, value in values.items():
        texts = [value] if isinstance(value, str) else value if isinstance(value, list) else []
        texts = [t for item in texts for t in (item.values() if isinstance(item, dict) else [item])]
        bad = {c for t in texts if isinstance(t, str) for c in t
               if unicodedata.category(c) == "Cc" and c not in "\t\n\r"}
        if bad:
            shown = ", ".join(f"U+{ord(c):04X}" for c in sorted(bad))
            problems.append(f'column "{column}": contains a control character ({shown}); '
                            "check how the roster was exported")
    return problems
