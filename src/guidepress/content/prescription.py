"""A patient's prescription: who it is for, which exercises, how much, for how long."""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field, ValidationError, create_model, model_validator

from guidepress.content.dates import day_as_written
from guidepress.content.doses import Dose, Prescribed, parse_dose, slip
from guidepress.content.exercises import ExerciseLibrary
from guidepress.content.guide import Day, Strict
from guidepress.content.problems import ProblemsError, problems_from
from guidepress.content.rules import PerPage, Weeks
from guidepress.content.yamlfile import load_model
from guidepress.errors import ContentError

MAX_EXERCISES = 12
# Completion drops as programmes grow: 3-5 exercises are kept up better than 8-12.
# The composer says so gently above this many.
FEW_EXERCISES = 5

# Printed text is bounded well below a guide's text: a roster cell of thousands of
# characters in a name or a note would take minutes to lay out, and none needs it.
MAX_NAME = 300  # characters in a patient's name or id, a clinician's or a clinic's name
MAX_NOTES = 2_000  # characters in the notes, and in one exercise's note
# characters that print as nothing (besides spaces and format characters such as U+200B)
_BLANKS = "\u115f\u1160\u2800\u3164\uffa0"


def visible(text: str) -> bool:
    """Whether ``text`` has a character that prints: zero-width spaces, joiners and
    other blanks alone make a name that shows nothing."""
    return any(not (c.isspace() or c in _BLANKS or unicodedata.category(c) in ("Cf", "Zs"))
               for c in text or "")


def _bounded(limit: int, what: str):
    def check(text: str) -> str:
        if len(text) > limit:
            raise ValueError(f"{len(text):,} characters; {what} may have at most {limit:,}: "
                             "shorten it")
        return text if visible(text) else ""  # blanks alone print nothing: it is empty
    return AfterValidator(check)


Name = Annotated[str, _bounded(MAX_NAME, "a name or id")]
Notes = Annotated[str, _bounded(MAX_NOTES, "a note")]

# A date as the clinic writes it: ISO, or the workspace's short form (content/dates.py).
Written = Annotated[Day, BeforeValidator(day_as_written)]


class ExerciseLine(Strict):
    """One prescribed exercise written as a mapping, with an optional note."""

    dose: str = Field(min_length=1, description='Exercise and dose, e.g. "plank 3x30s 5/week".')
    note: Notes = Field("", description="The clinician's note for this exercise.")


class PrescriptionFile(Strict):
    """What a prescription file (YAML) or the command line says."""

    guide: str = Field("", pattern=r"^([a-z0-9]+(-[a-z0-9]+)*)?$", description=(
        "The guide this sheet belongs to, by id (a built-in guide or one listed under [guides] "
        "in guidepress.toml): its safety box, labels and exercise library are used. "
        "Default: the command's guide."))
    patient: Name = Field("", description="The patient's name as printed on the sheet.")
    patient_id: Name = Field("", description="An id or initials, instead of or beside the name.")
    clinician: Name = Field("", description="Who prescribed the exercises.")
    clinic: Name = Field("", description="Clinic name printed in the header.")
    date: Written = Field(default_factory=dt.date.today, description="Date of the visit.")
    start: Written | None = Field(None, description="First day of the programme (default: date).")
    weeks: Weeks = 4
    follow_up: Written | None = Field(None, description="Date of the next appointment.")
    notes: Notes = Field("", description="General notes for the patient.")
    per_page: PerPage = 2
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


# A clinic's programme template ("Lumbar week 1"): what a prescription says of the
# exercises and the programme, under a name, with no patient. Its fields and their
# rules are the prescription's own.
PROGRAMME_FIELDS = ("guide", "weeks", "per_page", "notes", "exercises")
ProgrammeFile = create_model(
    "ProgrammeFile", __base__=Strict, __doc__="A programme template: exercises without a patient.",
    name=(str, Field(min_length=1, max_length=80, description='Its name, e.g. "Lumbar week 1".')),
    **{k: (PrescriptionFile.model_fields[k].annotation, PrescriptionFile.model_fields[k])
       for k in PROGRAMME_FIELDS})


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


def resolve(form: PrescriptionFile, library: ExerciseLibrary, where: str,
            strict: bool = False) -> Prescription:
    """Resolve every dose against the library; ContentError lists every problem.

    ``where`` names an exercise line in messages, with ``{i}`` for its index
    (``"ana.yaml, exercises[{i}]"``) or ``{n}`` for its number (``"--exercise #{n}"``).
    A dose that looks like a slip (a held exercise written in repetitions) is a
    warning, or with ``strict`` a problem.
    """
    items, problems, seen, slips = [], [], {}, []
    for i, line in enumerate(form.exercises):
        text, note = (line, "") if isinstance(line, str) else (line.dose, line.note)
        try:
            item = parse_dose(text, library, note)
        except ContentError as exc:
            problems.append(f"{where.format(i=i, n=i + 1)}: {exc}")
            continue
        if found := slip(item):
            (problems if strict else slips).append(f"{where.format(i=i, n=i + 1)}: {found}")
        if item.exercise.id in seen:
            first = where.format(i=seen[item.exercise.id], n=seen[item.exercise.id] + 1)
            problems.append(f'{where.format(i=i, n=i + 1)}: "{item.exercise.name}" is already '
                            f"prescribed ({first}); list each exercise once")
            continue
        seen[item.exercise.id] = i
        items.append(item)
    if problems:
        raise ContentError("\n".join(problems))
    warnings = slips
    if len(items) > MAX_EXERCISES:
        warnings.append(f"{len(items)} exercises prescribed; programmes of {MAX_EXERCISES} or "
                        "fewer are easier for patients to keep up")
    return Prescription(form, items, warnings)


def read_prescription(path: Path, date_order: str = "", text: str | None = None) -> PrescriptionFile:
    """A prescription YAML file, validated but not yet resolved against a library (its
    ``guide`` says which one); short dates are read in ``date_order`` (content/dates.py).
    ``text`` is the file's content when it was uploaded rather than read from ``path``."""
    return load_model(PrescriptionFile, Path(path), context={"date_order": date_order},
                      kind="prescription", text=text)


def load_prescription(path: Path, library: ExerciseLibrary, *, date_order: str = "",
                      strict: bool = False) -> Prescription:
    """Read and resolve a prescription YAML file; doses that look like slips are refused
    with ``strict``."""
    return resolve(read_prescription(path, date_order), library, f"{path}, exercises[{{i}}]", strict)


_OPTION = {"patient": "--patient", "patient_id": "--patient-id", "clinician": "--clinician",
           "clinic": "--clinic", "exercises": "--exercise", "weeks": "--weeks", "start": "--start",
           "follow_up": "--follow-up", "notes": "--notes", "date": "--date"}


def form_from_options(values: dict, date_order: str = "") -> PrescriptionFile:
    """A prescription from command-line options, validated; errors name the option."""
    try:
        return PrescriptionFile.model_validate(values, context={"date_order": date_order})
    except ValidationError as exc:
        raise ProblemsError(problems_from(
            exc, PrescriptionFile, missing="is required",
            key_of=lambda loc: _OPTION.get(str(loc[0]), str(loc[0])) if loc else "")) from None


def prescription_from_options(values: dict, library: ExerciseLibrary, *, date_order: str = "",
                              strict: bool = False) -> Prescription:
    """Build and resolve a prescription from command-line options."""
    return resolve(form_from_options(values, date_order), library, "--exercise #{n}", strict)
