"""Doses: the ``Dose`` model and the grammar shared by the command line, prescriptions and rosters.

    <exercise> [<sets>x<reps> | <sets>x<seconds>s | <sets>x<minutes>min] [<n>/day] [<n>/week]

Examples: ``bridge 2x12``, ``plank 3x30s 5/week``, ``cat-cow 1x10 2/day 7/week``,
``swimming 1x20min 3/week``. The exercise is an id, name or alias from the
library. What the dose leaves out (or all of it, for a bare exercise name)
comes from the library's default dose.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from guidepress.content.labels import FALLBACK, Labels
from guidepress.content.problems import explain
from guidepress.errors import ContentError

if TYPE_CHECKING:  # type names only: the library itself imports this module for Dose
    from guidepress.content.exercises import Exercise, ExerciseLibrary

GRAMMAR = ("<exercise> <sets>x<reps> | <sets>x<seconds>s | <sets>x<minutes>min, "
           "then optionally <n>/day and <n>/week")
EXAMPLES = "bridge 2x12, plank 3x30s 5/week, cat-cow 1x10 2/day 7/week"

_AMOUNT = re.compile(r"^(?P<sets>\d+)\s*[x×]\s*(?P<n>\d+)\s*(?P<unit>s|sec|min)?$", re.I)
_FREQ = re.compile(r"^(?P<n>\d+)\s*/\s*(?P<per>day|d|week|wk|w)$", re.I)
_FIELD = {"sets": "sets", "reps": "reps", "hold_seconds": "hold", "minutes": "minutes",
          "per_day": "times a day", "per_week": "days a week"}


class Dose(BaseModel):
    """How much and how often: sets of repetitions, of holds, or of minutes."""

    model_config = ConfigDict(defer_build=True, extra="forbid")

    sets: int = Field(1, ge=1, le=10, description="Number of sets (1-10).")
    reps: int | None = Field(None, ge=1, le=100, description="Repetitions per set (1-100).")
    hold_seconds: int | None = Field(
        None, ge=1, le=300, description="Seconds to hold the position in each set (1-300).")
    minutes: int | None = Field(
        None, ge=1, le=120, description="Minutes of continuous activity, e.g. swimming (1-120).")
    each_side: bool = Field(False, description="Do the dose on the left and on the right.")
    per_day: int = Field(1, ge=1, le=5, description="Sessions a day (1-5).")
    per_week: int = Field(7, ge=1, le=7, description="Days a week (1-7).")

    @model_validator(mode="after")
    def _one_measure(self) -> Dose:
        given = [k for k in ("reps", "hold_seconds", "minutes") if getattr(self, k) is not None]
        if len(given) != 1:
            found = f" (found {' and '.join(given)})" if given else ""
            raise ValueError(f"give exactly one of reps, hold_seconds or minutes{found}")
        return self

    def summary(self, words: Mapping[str, str] | None = None) -> str:
        """Short plain text, e.g. '2 sets of 10, each side, twice a day, 5 days a week',
        in the language of ``words`` (the template's ``labels``; English by default)."""
        w = words if words is not None else _english()
        if self.reps is not None:
            amount = (w["dose_sets_reps"].format(sets=self.sets, reps=self.reps) if self.sets > 1
                      else w["dose_reps"].format(reps=self.reps))
        elif self.hold_seconds is not None:
            amount = w["dose_sets_hold" if self.sets > 1 else "dose_hold"].format(
                sets=self.sets, seconds=self.hold_seconds)
        else:
            time = (w["dose_minutes"].format(minutes=self.minutes) if self.minutes != 1
                    else w["dose_one_minute"])
            amount = w["dose_sets_minutes"].format(sets=self.sets, time=time) if self.sets > 1 else time
        side = f", {w['dose_each_side']}" if self.each_side else ""
        return f"{amount}{side}, {self._frequency(w)}"

    def _frequency(self, w: Mapping[str, str]) -> str:
        day = {1: w["dose_once_a_day"], 2: w["dose_twice_a_day"]}.get(
            self.per_day) or w["dose_times_a_day"].format(n=self.per_day)
        # the days always said, so that each line of a sheet reads alike ("twice a day, every day")
        week = (w["dose_every_day"] if self.per_week == 7 else w["dose_once_a_week"] if self.per_week == 1
                else w["dose_days_a_week"].format(n=self.per_week))
        return week if self.per_day == 1 else f"{day}, {week}"


@lru_cache(maxsize=1)
def _english() -> Labels:
    return Labels(FALLBACK)



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


def written(dose: Dose) -> str:
    """The dose in the grammar, without the exercise: ``3x30s 5/week`` (what ``parse_dose``
    reads back to the same amounts; each side stays the library's)."""
    unit = {"reps": "", "hold_seconds": "s", "minutes": "min"}[measure_of(dose)]
    words = [f"{dose.sets}x{getattr(dose, measure_of(dose))}{unit}"]
    if dose.per_day != 1:
        words.append(f"{dose.per_day}/day")
    if dose.per_week != 7:
        words.append(f"{dose.per_week}/week")
    return " ".join(words)


_MEASURES = {"reps": ("", "done in repetitions"), "hold_seconds": ("s", "held for a time"),
             "minutes": ("min", "done for minutes")}


def measure_of(dose: Dose) -> str:
    """Which of reps, hold_seconds or minutes the dose counts in."""
    return next(k for k in _MEASURES if getattr(dose, k) is not None)


def slip(item: Prescribed) -> str | None:
    """What looks like a slip in a prescribed dose: an amount in another measure than
    the exercise's own ("wall-sit 3x30" for a held exercise), with the likely meaning."""
    own, given = measure_of(item.exercise.dose), measure_of(item.dose)
    if own == given:
        return None
    unit, how = _MEASURES[own]
    amount = getattr(item.dose, given)
    meant = _AMOUNT_IN_TEXT.sub(lambda m: f"{m['sets']}x{m['n']}{unit}", item.text, count=1)
    read_as = {"reps": f"{amount} repetitions", "hold_seconds": f"a {amount}-second hold",
               "minutes": f"{amount} minutes"}[given]
    return (f'dose "{item.text}": {item.exercise.name} is {how}, but this reads as {read_as}; '
            f'did you mean "{meant}"?')


_AMOUNT_IN_TEXT = re.compile(r"(?P<sets>\d+)\s*[x×]\s*(?P<n>\d+)\s*(?:s|sec|min)?(?=\s|$)", re.I)


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
            reason = explain(err, Dose)
        raise _bad(text, reason) from None


_RANGES = {"sets": "1-10", "reps": "1-100", "hold_seconds": "1-300 s", "minutes": "1-120",
           "per_day": "1-5", "per_week": "1-7"}


class DoseError(ContentError):
    """A dose that breaks the grammar or a limit; ``reason`` says what, without the
    dose or the grammar around it (the composer shows it beside the dose field)."""

    def __init__(self, text: str, reason: str):
        self.reason = reason
        super().__init__(f'dose "{text.strip()}": {reason}. Write {GRAMMAR} (e.g. {EXAMPLES})')


def _bad(text: str, reason: str) -> ContentError:
    return DoseError(text, reason)
