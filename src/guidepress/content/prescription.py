"""A patient's prescription: who it is for, which exercises, how much, for how long."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError, model_validator

from guidepress.content.choices import PER_PAGE, TRACKERS
from guidepress.content.doses import Dose, Prescribed, parse_dose
from guidepress.content.exercises import ExerciseLibrary
from guidepress.content.guide import Day, Strict
from guidepress.content.problems import ProblemsError, problems_from
from guidepress.content.yamlfile import load_model
from guidepress.errors import ContentError

MAX_EXERCISES = 12


class ExerciseLine(Strict):
    """One prescribed exercise written as a mapping, with an optional note."""

    dose: str = Field(min_length=1, description='Exercise and dose, e.g. "plank 3x30s 5/week".')
    note: str = Field("", description="The clinician's note for this exercise.")


class PrescriptionFile(Strict):
    """What a prescription file (YAML) or the command line says."""

    patient: str = Field("", description="The patient's name as printed on the sheet.")
    patient_id: str = Field("", description="An id or initials, instead of or beside the name.")
    clinician: str = Field("", description="Who prescribed the exercises.")
    clinic: str = Field("", description="Clinic name printed in the header.")
    date: Day = Field(default_factory=dt.date.today, description="Date of the visit.")
    start: Day | None = Field(None, description="First day of the programme (default: date).")
    weeks: int = Field(4, ge=1, le=12, description="Weeks the tracker covers (1-12).")
    follow_up: Day | None = Field(None, description="Date of the next appointment.")
    notes: str = Field("", description="General notes for the patient.")
    per_page: Literal[PER_PAGE] = Field(
        2, description="Exercise cards per page: 1 or 2, or 6 for a compact list.")
    exercises: list[str | ExerciseLine] = Field(
        min_length=1, description='Doses such as "bridge 2x12", or mappings with dose and note.')

    @model_validator(mode="after")
    def _someone(self) -> "PrescriptionFile":
        if not (self.patient.strip() or self.patient_id.strip()):
            raise ValueError("give the patient's name or an id (patient or patient_id)")
        return self

    @model_validator(mode="after")
    def _dates_in_order(self) -> "PrescriptionFile":
        start = self.start or self.date
        if self.follow_up and self.follow_up < start:
            raise ValueError(f"follow_up ({self.follow_up}) is before the programme starts "
                             f"({start}); check follow_up and start")
        return self


@dataclass
class Prescription:
    """A validated prescription with every exercise resolved from the library."""

    form: PrescriptionFile
    items: list[Prescribed]
    warnings: list[str] = field(default_factory=list)
    sheet_id: str = ""  # a batch row's id, so two patients of one name get distinct sheets

    @property
    def who(self) -> str:
        """The patient as printed: name, id, or both."""
        name, pid = self.form.patient.strip(), self.form.patient_id.strip()
        return f"{name} ({pid})" if name and pid else name or pid

    @property
    def start(self) -> dt.date:
        return self.form.start or self.form.date

    def compact(self) -> tuple:
        """The checked prescription as plain values (about 1 kB), to send to another process."""
        return (self.form.model_dump(), [(p.exercise.id, p.dose.model_dump(), p.note, p.text)
                                         for p in self.items], self.warnings, self.sheet_id)

    @classmethod
    def from_compact(cls, data: tuple, library: ExerciseLibrary) -> Prescription:
        """A prescription from ``compact()``, built without checking it again."""
        form, items, warnings, sheet_id = data
        return cls(PrescriptionFile.model_construct(**form),
                   [Prescribed(library.get(id_), Dose.model_construct(**dose), note, text)
                    for id_, dose, note, text in items], list(warnings), sheet_id)


def resolve(form: PrescriptionFile, library: ExerciseLibrary, where: str) -> Prescription:
    """Resolve every dose against the library; ContentError lists every problem.

    ``where`` names an exercise line in messages, with ``{i}`` for its index
    (``"ana.yaml, exercises[{i}]"``) or ``{n}`` for its number (``"--exercise #{n}"``).
    """
    items, problems, seen = [], [], {}
    for i, line in enumerate(form.exercises):
        text, note = (line, "") if isinstance(line, str) else (line.dose, line.note)
        try:
            item = parse_dose(text, library, note)
        except ContentError as exc:
            problems.append(f"{where.format(i=i, n=i + 1)}: {exc}")
            continue
        if item.exercise.id in seen:
            first = where.format(i=seen[item.exercise.id], n=seen[item.exercise.id] + 1)
            problems.append(f'{where.format(i=i, n=i + 1)}: "{item.exercise.name}" is already '
                            f"prescribed ({first}); list each exercise once")
            continue
        seen[item.exercise.id] = i
        items.append(item)
    if problems:
        raise ContentError("\n".join(problems))
    warnings = []
    if len(items) > MAX_EXERCISES:
        warnings.append(f"{len(items)} exercises prescribed; programmes of {MAX_EXERCISES} or "
                        "fewer are easier for patients to keep up")
    return Prescription(form, items, warnings)


def load_prescription(path: Path, library: ExerciseLibrary) -> Prescription:
    """Read and resolve a prescription YAML file."""
    form = load_model(PrescriptionFile, Path(path), kind="prescription")
    return resolve(form, library, f"{path}, exercises[{{i}}]")


_OPTION = {"patient": "--patient", "patient_id": "--patient-id", "clinician": "--clinician",
           "clinic": "--clinic", "exercises": "--exercise", "weeks": "--weeks", "start": "--start",
           "follow_up": "--follow-up", "notes": "--notes", "date": "--date"}


def prescription_from_options(values: dict, library: ExerciseLibrary) -> Prescription:
    """Build a prescription from command-line options; errors name the option."""
    try:
        form = PrescriptionFile.model_validate(values)
    except ValidationError as exc:
        raise ProblemsError(problems_from(
            exc, PrescriptionFile, missing="is required",
            key_of=lambda loc: _OPTION.get(str(loc[0]), str(loc[0])) if loc else "")) from None
    return resolve(form, library, "--exercise #{n}")
