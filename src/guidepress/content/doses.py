"""The dose grammar shared by the command line, prescription files and rosters.

    <exercise> [<sets>x<reps> | <sets>x<seconds>s | <sets>x<minutes>min] [<n>/day] [<n>/week]

Examples: ``bridge 2x12``, ``plank 3x30s 5/week``, ``cat-cow 1x10 2/day 7/week``,
``swimming 1x20min 3/week``. The exercise is an id, name or alias from the
library. What the dose leaves out (or all of it, for a bare exercise name)
comes from the library's default dose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydantic import ValidationError

from guidepress.content.exercises import Dose, Exercise, ExerciseLibrary
from guidepress.errors import ContentError

GRAMMAR = ("<exercise> <sets>x<reps> | <sets>x<seconds>s | <sets>x<minutes>min, "
           "then optionally <n>/day and <n>/week")
EXAMPLES = "bridge 2x12, plank 3x30s 5/week, cat-cow 1x10 2/day 7/week"

_AMOUNT = re.compile(r"^(?P<sets>\d+)\s*[x×]\s*(?P<n>\d+)\s*(?P<unit>s|sec|min)?$", re.I)
_FREQ = re.compile(r"^(?P<n>\d+)\s*/\s*(?P<per>day|d|week|wk|w)$", re.I)
_FIELD = {"sets": "sets", "reps": "reps", "hold_seconds": "hold", "minutes": "minutes",
          "per_day": "times a day", "per_week": "days a week"}


@dataclass(frozen=True)
class Prescribed:
    """One exercise as prescribed: the library entry, this patient's dose, a note."""

    exercise: Exercise
    dose: Dose
    note: str = ""
    text: str = ""  # the dose as the clinician wrote it


def parse_dose(text: str, library: ExerciseLibrary, note: str = "") -> Prescribed:
    """Parse one dose such as ``plank 3x30s 5/week`` against the library."""
    words = text.split()
    if not words:
        raise ContentError(f'empty dose; write {GRAMMAR} (e.g. {EXAMPLES})')
    changes: dict[str, int | None] = {}
    while len(words) > 1 and (freq := _FREQ.match(words[-1])):
        key = "per_day" if freq["per"].lower().startswith("d") else "per_week"
        if key in changes:
            raise _bad(text, f"{freq['per']} is given twice")
        changes[key] = int(freq["n"])
        words.pop()
    amount = _take_amount(words)
    if amount:
        changes.update(amount)
    name = " ".join(words)
    if re.search(r"\d", name) and name not in library:
        raise _bad(text, "it does not follow the grammar")
    try:
        exercise = library.resolve(name)
    except ContentError as exc:
        raise ContentError(f'dose "{text}": {exc}') from None
    return Prescribed(exercise, _apply(exercise.dose, changes, text), note, text.strip())


def _take_amount(words: list[str]) -> dict[str, int | None] | None:
    """Pop ``3x30s`` (or ``3 x 30s``) off the end of ``words``."""
    for size in (1, 3, 2):
        if len(words) > size and (m := _AMOUNT.match(" ".join(words[-size:]))):
            del words[-size:]
            unit = (m["unit"] or "").lower()
            measure = {"": "reps", "s": "hold_seconds", "sec": "hold_seconds", "min": "minutes"}[unit]
            out = {"sets": int(m["sets"]), "reps": None, "hold_seconds": None, "minutes": None}
            out[measure] = int(m["n"])
            return out
    return None


def _apply(default: Dose, changes: dict, text: str) -> Dose:
    """The library's default dose with the prescribed parts replaced, validated."""
    try:
        return Dose.model_validate({**default.model_dump(), **changes})
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        field = str(err["loc"][0]) if err["loc"] else ""
        if field in _RANGES:
            reason = f"{_FIELD[field]} must be within {_RANGES[field]}"
        else:
            reason = err["msg"].removeprefix("Value error, ")
        raise _bad(text, reason) from None


_RANGES = {"sets": "1-10", "reps": "1-100", "hold_seconds": "1-300 s", "minutes": "1-120",
           "per_day": "1-5", "per_week": "1-7"}


def _bad(text: str, reason: str) -> ContentError:
    return ContentError(f'dose "{text.strip()}": {reason}. Write {GRAMMAR} (e.g. {EXAMPLES})')
