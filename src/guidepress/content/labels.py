"""Fixed words printed by the templates, from a message catalog per language, and
dates written the way each language writes them (Babel).

Catalogs live in ``messages/<language>.yaml``. A word missing from a catalog is
printed in English and reported as a warning, never a crash.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from functools import lru_cache

import yaml
from babel.dates import format_date

from guidepress.builtin import MESSAGES
from guidepress.errors import UsageError

FALLBACK = "en"


def base_language(tag: str) -> str:
    """'es-MX' -> 'es'; the catalog a language tag uses."""
    return tag.replace("_", "-").split("-")[0].lower()


def available_languages() -> list[str]:
    """Languages with a message catalog."""
    return sorted(p.stem for p in MESSAGES.glob("*.yaml"))


def language_name(tag: str) -> str:
    """The language's own name for itself: 'en' -> 'English', 'es' -> 'español'."""
    from babel import Locale, UnknownLocaleError

    try:
        return Locale.parse(tag.replace("-", "_")).get_display_name() or tag
    except (ValueError, UnknownLocaleError):
        return tag


@lru_cache(maxsize=None)
def _catalog(language: str) -> dict[str, str]:
    path = MESSAGES / f"{language}.yaml"
    with path.open(encoding="utf-8") as handle:
        return {str(k): str(v) for k, v in (yaml.safe_load(handle) or {}).items()}


class Labels(Mapping):
    """The words of one language; unknown keys fall back to English and are noted."""

    def __init__(self, language: str):
        self.language = base_language(language)
        if self.language not in available_languages():
            raise UsageError(f'no labels for language "{language}"; available: '
                             f"{', '.join(available_languages())}")
        self._own = _catalog(self.language)
        self.missing: list[str] = []

    def __getitem__(self, key: str) -> str:
        if key in self._own:
            return self._own[key]
        english = _catalog(FALLBACK)[key]  # a key unknown in English is a template bug
        if key not in self.missing:
            self.missing.append(key)
        return english

    def __iter__(self) -> Iterator[str]:
        return iter(_catalog(FALLBACK))

    def __len__(self) -> int:
        return len(_catalog(FALLBACK))

    def words(self) -> dict[str, str]:
        """Every label of this language (English where it has none), noting nothing."""
        return {**_catalog(FALLBACK), **self._own}

    def warnings(self) -> list[str]:
        """One line per label that had to be printed in English."""
        return [f'label "{key}" is missing from messages/{self.language}.yaml; printed in English'
                for key in self.missing]


def _locale(language: str) -> str:
    return language.replace("-", "_")


def _whole(date: str) -> str:
    # no-break spaces: a printed date never wraps inside itself ("26 November / 2026"),
    # in a page-margin footer as anywhere else
    return date.replace(" ", "\u00a0")


def long_date(day: dt.date, language: str = "en") -> str:
    """A date written out for readers: '26 November 2026', '26 de noviembre de 2026'."""
    if base_language(language) == "en":
        return _whole(f"{day.day} {format_date(day, 'MMMM y', locale='en')}")
    return _whole(format_date(day, "long", locale=_locale(language)))


def short_date(day: dt.date, language: str = "en") -> str:
    """A compact date for headers: '1 Dec 2026', '1 dic 2026'."""
    return _whole(format_date(day, "d MMM y", locale=_locale(language)).replace(".", ""))


def weekday_name(day: dt.date, language: str = "en") -> str:
    """The full name of the day of the week, e.g. 'Tuesday' (read out for form fields)."""
    return format_date(day, "EEEE", locale=_locale(language))


def day_labels(day: dt.date, language: str = "en") -> tuple[str, str]:
    """The weekday and day-month labels of a tracker cell: ('Tue', '1 Dec')."""
    locale = _locale(language)
    weekday = format_date(day, "EEE", locale=locale).rstrip(".").capitalize()
    return weekday, format_date(day, "d MMM", locale=locale).replace(".", "")
