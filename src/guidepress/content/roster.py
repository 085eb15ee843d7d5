"""Read a patient roster (CSV, JSON or YAML) and validate every row up front.

Each row is one prescription plus an ``id``. Problems are collected per row,
with the row number and column, so one bad row never hides another and never
stops the good ones.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import ValidationError

from guidepress.content.prescription import Prescription, PrescriptionFile, resolve
from guidepress.content.problems import problems_from, suggest
from guidepress.errors import ContentError

COLUMNS = ("id", "patient", "patient_id", "clinician", "clinic", "date", "start", "weeks",
           "follow_up", "notes", "per_page", "exercises", "language")


@dataclass
class Row:
    """One roster row: where it stands, its raw values and, once checked, its prescription."""

    number: int
    values: dict
    id: str = ""
    prescription: Prescription | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and self.prescription is not None


def read_roster(path: Path) -> list[Row]:
    """Raw rows of a roster file; row numbers are as a spreadsheet shows them."""
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        raise ContentError(f"{path}: roster file not found") from None
    except UnicodeDecodeError:
        raise ContentError(f"{path}: not UTF-8 text; export the roster as UTF-8 CSV") from None
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _csv_rows(text, path)
    if suffix in (".json", ".yaml", ".yml"):
        return _list_rows(text, path, suffix)
    raise ContentError(f"{path}: unknown roster format; use .csv, .json or .yaml")


def _csv_rows(text: str, path: Path) -> list[Row]:
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    if not reader.fieldnames:
        raise ContentError(f"{path}: the roster is empty; the first line names the columns")
    rows = []
    for record in reader:
        extra = record.pop(None, None)  # cells beyond the header
        values = {(k or "").strip(): (v or "").strip() for k, v in record.items()}
        row = Row(reader.line_num, {k: v for k, v in values.items() if v != ""})
        if extra and any(c.strip() for c in extra):
            row.problems.append("more cells than the header has columns")
        if any(values.values()) or row.problems:
            rows.append(row)
    return rows


def _list_rows(text: str, path: Path, suffix: str) -> list[Row]:
    try:
        data = json.loads(text) if suffix == ".json" else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise ContentError(f"{path}: malformed {suffix[1:].upper()} ({exc})") from None
    if not isinstance(data, list):
        raise ContentError(f"{path}: a roster is a list of patients (one object each)")
    rows = []
    for number, item in enumerate(data, start=1):
        if isinstance(item, dict):
            rows.append(Row(number, {str(k): v for k, v in item.items() if v not in (None, "")}))
        else:
            rows.append(Row(number, {}, problems=["each entry must be an object of column: value"]))
    return rows


def check_rows(rows: list[Row], library_for) -> None:
    """Validate every row in place; ``library_for(language)`` gives the exercise library."""
    seen: dict[str, int] = {}
    for row in rows:
        _check_row(row, library_for)
        if row.id:
            if row.id in seen:
                row.problems.append(f'column "id": "{row.id}" is also used by row {seen[row.id]}; '
                                    "ids must be unique")
            else:
                seen[row.id] = row.number


def _check_row(row: Row, library_for) -> None:
    values = dict(row.values)
    for column in [c for c in values if c not in COLUMNS]:
        hint = suggest(column, COLUMNS)
        row.problems.append(f'column "{column}": unknown column'
                            + (f" (did you mean {hint}?)" if hint else
                               f" (columns: {', '.join(COLUMNS)})"))
        values.pop(column)
    row.id = str(values.pop("id", "")).strip()
    if not row.id:
        row.problems.append('column "id": missing; every row needs a unique id')
    if row.id and not (str(values.get("patient", "")).strip() or values.get("patient_id")):
        values["patient_id"] = row.id  # a row without a name is printed by its id
    language = values.pop("language", None)
    exercises = values.get("exercises")
    if isinstance(exercises, str):
        values["exercises"] = [e.strip() for e in exercises.split(";") if e.strip()]
    try:
        form = PrescriptionFile.model_validate(values)
    except ValidationError as exc:
        row.problems.extend(f"{p.key}: {p.message}" if p.key else p.message for p in problems_from(
            exc, PrescriptionFile, missing="missing", key_of=lambda loc: f'column "{loc[0]}"' if loc else ""))
        return
    if row.problems:
        return
    try:
        library = library_for(language)
        row.prescription = resolve(form, library, 'column "exercises", dose {n}')
    except ContentError as exc:
        row.problems.extend(str(exc).splitlines())
