"""The composer's form: what the page sends, checked by the prescription's own rules.

The page sends the patient's fields and a list of exercises, each an exercise id, a
dose written in the one dose grammar without the exercise (``3x30s 5/week``; empty for
the library's default) and a note. Here that becomes a ``PrescriptionFile`` and a
resolved ``Prescription``, with every problem placed where the page shows it: beside
the field or beside the exercise's dose, in a clinician's words. A prescription file
(YAML, as the command line reads it) goes both ways.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import yaml
from pydantic import ValidationError

from guidepress.content.choices import MAX_WEEKS
from guidepress.content.doses import DoseError, parse_dose, slip
from guidepress.content.exercises import ExerciseLibrary
from guidepress.content.prescription import Prescription, PrescriptionFile, resolve
from guidepress.content.problems import problems_from
from guidepress.errors import ContentError

FIELDS = ("guide", "patient", "patient_id", "clinician", "clinic", "start", "weeks",
          "follow_up", "notes", "per_page")
MAX_TEXT = 2000  # characters in a field of the page (a note, the notes)
MAX_LINES = 100  # exercises on one sheet; a library holds each once
HOW = ("write sets x repetitions (2x12), sets x seconds held (3x30s) or sets x minutes "
       "(1x20min), then if needed times a day (2/day) and days a week (5/week)")


@dataclass
class Checked:
    """The form checked: the prescription if it holds, and every problem by place."""

    rx: Prescription | None = None
    fields: dict[str, str] = field(default_factory=dict)  # field name -> message
    doses: dict[int, str] = field(default_factory=dict)  # exercise index -> message
    notes: dict[int, str] = field(default_factory=dict)  # exercise index -> a gentle warning
    general: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.rx is not None

    def as_json(self) -> dict:
        return {"fields": self.fields, "doses": {str(k): v for k, v in self.doses.items()},
                "notes": {str(k): v for k, v in self.notes.items()}, "general": self.general}


def _text(value, name: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        raise ContentError(f"{name}: expected text")
    if len(str(value)) > MAX_TEXT:
        raise ContentError(f"{name}: at most {MAX_TEXT} characters; shorten it")
    return str(value).strip()


def exercise_lines(form: dict) -> list[dict]:
    """The page's exercises as {id, dose, note}; anything else is a ContentError."""
    lines = form.get("exercises") or []
    if not isinstance(lines, list) or not all(isinstance(x, dict) for x in lines):
        raise ContentError("exercises: expected a list of exercises")
    if len(lines) > MAX_LINES:
        raise ContentError(f"{len(lines)} exercises: a sheet takes at most {MAX_LINES}")
    return [{k: _text(x.get(k), f"exercises[{i}].{k}") for k in ("id", "dose", "note")}
            for i, x in enumerate(lines)]


def check_dose(library: ExerciseLibrary, line: dict) -> tuple[str, str]:
    """One exercise's dose checked with the dose grammar: (problem, warning), each ''
    when there is none; worded for the page, beside the dose it is about."""
    try:
        item = parse_dose(f"{line['id']} {line['dose']}", library, line["note"])
    except DoseError as exc:
        if exc.reason != "it does not follow the grammar":
            return f"{_first_upper(exc.reason)}: {HOW}.", ""
    except ContentError:  # the exercise is known, so the words after it are not a dose
        if line["id"] not in library.ids:
            return f'"{line["id"]}" is not in the exercise library; reload the page', ""
    else:
        found = slip(item)  # the suggestion names the exercise, which the page shows apart
        return "", found.split(": ", 1)[1].replace(f'"{line["id"]} ', '"') if found else ""
    return f'"{line["dose"]}" is not a dose: {HOW}.', ""


def check(form: dict, library: ExerciseLibrary, date_order: str = "") -> Checked:
    """The page's form checked as a prescription, every problem placed."""
    out = Checked()
    lines = exercise_lines(form)
    for i, line in enumerate(lines):
        out.doses[i], out.notes[i] = check_dose(library, line)
    out.doses = {i: m for i, m in out.doses.items() if m}
    out.notes = {i: m for i, m in out.notes.items() if m}
    values = {k: _text(form.get(k), k) for k in FIELDS}
    values = {k: v for k, v in values.items() if v}
    values["exercises"] = [{"dose": f"{x['id']} {x['dose']}".strip(), "note": x["note"]}
                           for x in lines]
    try:
        parsed = PrescriptionFile.model_validate(values, context={"date_order": date_order})
    except ValidationError as exc:
        for problem in problems_from(exc, PrescriptionFile, missing="is required",
                                     key_of=lambda loc: str(loc[0]) if loc else ""):
            key, message = _placed(problem.key, problem.message)
            if key:
                out.fields.setdefault(key, message)
            else:
                out.general.append(message)
        return out
    if not out.doses:
        try:
            out.rx = resolve(parsed, library, "exercise {n}")
        except ContentError as exc:  # an exercise listed twice: the prescription's own rule
            out.general.extend(str(exc).splitlines())
    return out


def _placed(key: str, message: str) -> tuple[str, str]:
    """Where the page shows a problem of the prescription model, and in which words:
    the model's messages name its keys (follow_up), the page its labels."""
    if key == "exercises":
        return "", "Add at least one exercise from the library."
    if key == "weeks":
        return key, f"Weeks: a whole number from 1 to {MAX_WEEKS}."
    if not key and "follow_up" in message:  # the dates out of order
        return "follow_up", _first_upper(message.replace("follow_up", "the follow-up")
                                         .replace("; check the follow-up and start", ""))
    if not key and "patient_id" in message:  # no one named
        return "patient", "Give the patient's name, or an id or initials."
    return key, _first_upper(message)


def _first_upper(text: str) -> str:
    return text[:1].upper() + text[1:]


def to_yaml(rx: Prescription, lines: list[dict]) -> str:
    """The prescription as a file the command line reads (``guidepress routine <file>``)."""
    form = rx.form
    data = {k: getattr(form, k) for k in ("guide", "patient", "patient_id", "clinician", "clinic")
            if getattr(form, k)}
    data["date"] = form.date.isoformat()
    if form.start:
        data["start"] = form.start.isoformat()
    data["weeks"] = form.weeks
    if form.follow_up:
        data["follow_up"] = form.follow_up.isoformat()
    if form.notes:
        data["notes"] = form.notes
    data["per_page"] = form.per_page
    data["exercises"] = file_lines(lines)
    head = (f"# {rx.who}'s exercises, written by guidepress serve on {dt.date.today().isoformat()}.\n"
            "# Print it again with: guidepress routine <this file>\n")
    return head + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)


def file_lines(lines: list[dict]) -> list:
    """The page's exercises as a file writes them: "bridge 2x12", or with its note."""
    return [{"dose": f"{x['id']} {x['dose']}".strip(), "note": x["note"]} if x["note"]
            else f"{x['id']} {x['dose']}".strip() for x in lines]


def from_yaml(text: str, name: str, library: ExerciseLibrary, date_order: str = "") -> dict:
    """A saved prescription (uploaded) as the page's form; its problems as a ContentError."""
    from pathlib import Path

    from guidepress.content.prescription import read_prescription

    form = read_prescription(Path(name), date_order, text=text)
    values = form.model_dump(include=set(FIELDS))
    return {**{k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in values.items()
               if v is not None}, "exercises": lines_of(form.exercises, library, name)}


def lines_of(exercises: list, library: ExerciseLibrary, name: str) -> list[dict]:
    """A file's exercise lines as the page's {id, dose, note}: the exercise is the longest
    run of first words the library knows, the dose what follows."""
    lines, problems = [], []
    for i, line in enumerate(exercises):
        dose, note = (line, "") if isinstance(line, str) else (line.dose, line.note)
        try:
            parse_dose(dose, library)
        except ContentError as exc:
            problems.append(f"{name}, exercises[{i}]: {exc}")
            continue
        words = dose.split()
        k = next(k for k in range(len(words), 0, -1) if " ".join(words[:k]) in library)
        lines.append({"id": library.resolve(" ".join(words[:k])).id,
                      "dose": " ".join(words[k:]), "note": note})
    if problems:
        raise ContentError("\n".join(problems))
    return lines
