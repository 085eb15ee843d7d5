"""Dates as clinicians write them: ISO (2026-12-07) always, and the workspace's short
form (07/12/2026 in a dd/mm/yyyy clinic, 12/07/2026 in an mm/dd/yyyy one).

A short date is read only when the workspace says which order it uses, either with
``date_format`` or through its ``locale`` (Babel knows each locale's short form):
07/12/2026 is the 7th of December in London and the 12th of July in Boston, and a
guess would print the wrong day on a patient's sheet.
"""

from __future__ import annotations

import datetime as dt
import re

from pydantic import ValidationInfo

FORMATS = {"dd/mm/yyyy": "DMY", "mm/dd/yyyy": "MDY", "yyyy-mm-dd": "YMD"}
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_SHORT = re.compile(r"^(\d{1,4})[./-](\d{1,2})[./-](\d{1,4})$")
_EXAMPLE = dt.date(2026, 12, 7)


def order_of(date_format: str = "", locale: str = "") -> str:
    """The day, month and year order ("DMY", "MDY" or "YMD") a workspace writes short
    dates in; "" when it says neither, so only ISO dates are read."""
    if date_format:
        return FORMATS[date_format.lower()]
    if not locale:
        return ""
    from babel import Locale
    from babel.dates import get_date_format

    pattern = get_date_format("short", locale=Locale.parse(locale.replace("-", "_"))).pattern
    order = ""
    for letter in pattern:
        if letter in "dMy" and letter.upper() not in order:
            order += letter.upper()
    return order if sorted(order) == ["D", "M", "Y"] else ""


def written(day: dt.date, order: str) -> str:
    """``day`` in the workspace's short form, e.g. 07/12/2026."""
    parts = {"D": f"{day.day:02d}", "M": f"{day.month:02d}", "Y": f"{day.year:04d}"}
    return "-".join(parts[c] for c in order) if order == "YMD" else "/".join(parts[c] for c in order)


def form_name(order: str) -> str:
    """The short form as a clinician reads it, e.g. dd/mm/yyyy."""
    return next(name for name, value in FORMATS.items() if value == order)


def parse_day(text: str, order: str = "") -> dt.date:
    """A date from ISO text, or from the short form of ``order``; ValueError names the
    forms that are accepted, with an example of each."""
    text = text.strip()
    iso = _ISO.match(text)
    short = None if iso else _SHORT.match(text)
    try:
        if iso:
            return dt.date(int(iso[1]), int(iso[2]), int(iso[3]))
        if short and order and all(len(p) <= (4 if c == "Y" else 2) for p, c in zip(short.groups(), order)):
            parts = dict(zip(order, map(int, short.groups())))
            if parts["Y"] >= 1000:  # two-digit years are refused: 26 is not a year a sheet means
                return dt.date(parts["Y"], parts["M"], parts["D"])
    except ValueError:
        pass  # a day or month out of range: the message below says what is read
    raise ValueError(_accepted(text, order))


def _accepted(text: str, order: str) -> str:
    iso = _EXAMPLE.isoformat()
    if order and order != "YMD":
        return (f'"{text}" is not a date; write it as {written(_EXAMPLE, order)} '
                f"({form_name(order)}, four-digit year) or {iso} (YYYY-MM-DD)")
    return (f'"{text}" is not a date guidepress can read; write it as {iso} (YYYY-MM-DD). '
            'To write dates as 07/12/2026, set date_format = "dd/mm/yyyy" (or "mm/dd/yyyy") '
            "under [defaults] in guidepress.toml")


def day_as_written(value, info: ValidationInfo):
    """Pydantic before-validator: text read with the order in the validation context
    (``{"date_order": "DMY"}``); dates and other values pass on unchanged."""
    if isinstance(value, str):
        return parse_day(value, (info.context or {}).get("date_order", ""))
    return value
