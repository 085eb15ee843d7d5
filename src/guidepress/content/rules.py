"""The routine sheet's layout rules, declared once: cards a page, the tracker, its weeks.

A prescription file, a roster row, the command line and a library call all
reach ``render_routine``; each value is checked by the types here, with one
message, wherever it came from. The choices themselves live in choices.py so
that the command line can offer them without importing pydantic.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BeforeValidator, Field, ValidationError

from guidepress.content.choices import MAX_WEEKS, PER_PAGE, TRACKERS
from guidepress.content.guide import Strict
from guidepress.errors import OptionError


def _per_page(value):
    """1, 2 or 6 cards a page; a roster's text "2" is the number 2."""
    if isinstance(value, str) and value.strip().isdecimal():
        value = int(value)  # CSV and YAML give text; the rule is about a number
    if isinstance(value, bool) or value not in PER_PAGE:
        raise ValueError(f"cards per page must be 1 or 2, or 6 for a compact list, not {value}: "
                         "more cards a page would set the steps under 12 pt")
    return value


def _tracker(value):
    """One of the trackers the sheet can print."""
    if value not in TRACKERS:
        raise ValueError(f"the tracker must be one of {', '.join(TRACKERS)}, not {value}")
    return value


PerPage = Annotated[int, BeforeValidator(_per_page), Field(
    json_schema_extra={"enum": list(PER_PAGE)},
    description="Exercise cards per page: 1 or 2, or 6 for a compact list.")]
Tracker = Annotated[str, BeforeValidator(_tracker), Field(
    json_schema_extra={"enum": list(TRACKERS)},
    description="A tick a session each day (daily), or a row an exercise (per-exercise).")]
Weeks = Annotated[int, Field(ge=1, le=MAX_WEEKS, description=f"Weeks the tracker covers (1-{MAX_WEEKS}).")]


class SheetLayout(Strict):
    """How a routine sheet is laid out, checked by the rules above."""

    per_page: PerPage = 2
    tracker: Tracker = "daily"


def sheet_layout(per_page, tracker) -> SheetLayout:
    """The layout, or an OptionError naming the option (--per-page, --tracker) and the rule."""
    try:
        return SheetLayout(per_page=per_page, tracker=tracker)
    except ValidationError as exc:
        error = exc.errors()[0]
        option = str(error["loc"][0]).replace("_", "-")
        raise OptionError(option, error["msg"].removeprefix("Value error, ")) from None
