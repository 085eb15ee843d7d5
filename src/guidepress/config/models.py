"""The schema of ``guidepress.toml``: the clinic's details, brand colours, defaults and
guides, each section a model that forbids unknown keys and says what to write."""

from __future__ import annotations

import re
import string
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from guidepress.content.colours import is_colour

DEFAULT_OUTPUT = "output"  # the output folder when neither an option nor the settings name one


class _Section(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="forbid", str_strip_whitespace=True)


class Clinic(_Section):
    """Who the material comes from: printed on every product."""

    name: str = Field("", description="Clinic name.")
    short_name: str = Field("", description=(
        "A short form of the clinic's name for the running heads, e.g. \"St Bart's Physio\" "
        "(never cut short there: a name too long for two lines, over 64 characters or 32 in large "
        "print, gives way to the guide's title)."))
    address: str = Field("", description='Postal address: one line, or several as a list '
                         '(address = ["12 River Road", "Springfield SP1 2AB"]) or with line breaks.')
    phone: str = Field("", description="Phone number patients can call.")
    emergency_number: str = Field(
        "", description="Emergency number (e.g. 999, 911 or 112), printed with the clinic's phone "
        "in the safety box and on the back of the pocket card.")
    website: str = Field("", description="Web address.")
    logo: str = Field("", description="Logo file (SVG or PNG), relative to guidepress.toml.")
    disclaimer: str | dict[str, str] = Field("", description=(
        "Short disclaimer printed in every page's footer: one text, or one per language "
        '([clinic.disclaimer] en = "...", es = "..."), printed in the document\'s language.'))

    @field_validator("disclaimer")
    @classmethod
    def _disclaimer_languages(cls, value):
        if isinstance(value, dict):
            bad = [k for k in value if not re.match(r"^[a-zA-Z]{2,3}([-_][A-Za-z0-9]{2,8})*$", k)]
            if bad or not value:
                raise ValueError("give the disclaimer as one text, or as one text per language "
                                 'tag: [clinic.disclaimer] en = "...", es = "..."')
        return value
    exercise_link: str = Field(
        "", description='Web address of each exercise\'s video or page, with {id} for the exercise id, '
        'e.g. "https://videos.example-clinic.org/{id}"; printed as a QR code on every card.')

    _link = field_validator("exercise_link")(lambda cls, v: _link_pattern(v))

    @field_validator("address", mode="before")
    @classmethod
    def _address_lines(cls, value):
        """A list of lines, or text with line breaks, kept as lines joined by newlines."""
        lines = value if isinstance(value, list) else str(value).splitlines() if isinstance(value, str) else None
        if lines is None or not all(isinstance(line, str) for line in lines):
            raise ValueError('write the address as text, or as a list of lines: '
                             'address = ["12 River Road", "Springfield SP1 2AB"]')
        return "\n".join(line.strip() for line in lines if line.strip())


def _link_pattern(value: str) -> str:
    """An http(s) address whose only placeholder is {id}, written just so: it is filled
    by replacing that text, so {id:>9} or {{id}} would print as written."""
    if not value:
        return value
    try:
        fields = {name for _, name, _, _ in string.Formatter().parse(value) if name is not None}
    except ValueError:
        fields = {"?"}
    exact = "{" not in value.replace("{id}", "") and "}" not in value.replace("{id}", "")
    if fields - {"id"} or not exact or not value.startswith(("https://", "http://")):
        raise ValueError(f'"{value}" must be a web address (https://...) with {{id}} as its only '
                         "placeholder, e.g. https://videos.example-clinic.org/{id}")
    return value


def _colour(value: str) -> str:
    if not is_colour(value):
        raise ValueError(f'"{value}" is not a colour; write it as #1d5b86 or rgb(29, 91, 134)')
    return value


class Colours(_Section):
    """Brand colours; they become the stylesheets' CSS variables."""

    accent: str | None = Field(None, description="Headings and highlights (--color-accent).")
    accent_soft: str | None = Field(None, description="Tinted boxes (--color-accent-soft).")
    text: str | None = Field(None, description="Body text (--color-text).")
    alert: str | None = Field(None, description="Safety warnings (--color-alert).")

    _check = field_validator("accent", "accent_soft", "text", "alert")(
        lambda cls, v: v if v is None else _colour(v))

    def css(self) -> dict[str, str]:
        """CSS variable name -> value for the colours that are set."""
        # read field by field: model_dump would build the serialiser just for four strings
        return {f"--color-{k.replace('_', '-')}": v for k in type(self).model_fields
                if (v := getattr(self, k))}


class Defaults(_Section):
    """Defaults for every command; a command-line option wins over each."""

    guide: str = Field("", description="Guide folder, relative to guidepress.toml, or the id of "
                       "a guide listed under [guides] or built in.")
    output: str = Field(DEFAULT_OUTPUT, description="Output folder, relative to guidepress.toml.")
    paper: Literal["a4", "letter"] = Field("a4", description="Paper size.")
    theme: str = Field("default", description="Theme: default, large-print, ink-saver, high-contrast.")
    language: str = Field("", description="Language of guide and labels, e.g. es.")
    pdf_variant: str = Field("pdf/ua-1", description="PDF variant: pdf/ua-1 (screen readers), "
                             "pdf/a-2a or pdf/a-3a (archives, also PDF/UA-1), pdf/x-4 (print "
                             "shops)...")
    print_profile: str = Field("", description="The print shop's CMYK ICC profile for "
                               "pdf/x-4, relative to guidepress.toml.")
    date_format: Literal["", "dd/mm/yyyy", "mm/dd/yyyy", "yyyy-mm-dd"] = Field(
        "", description='How the clinic writes short dates in prescriptions, rosters and options: '
        '"dd/mm/yyyy" (07/12/2026 is 7 December) or "mm/dd/yyyy"; ISO dates (2026-12-07) are '
        "always read. Default: from locale, else ISO only.")
    locale: str = Field("", description='The clinic\'s locale, e.g. "en_GB" or "en_US": gives the '
                        "short date form when date_format is not set.")

    @field_validator("locale")
    @classmethod
    def _locale(cls, value: str) -> str:
        if value:
            from babel import Locale, UnknownLocaleError

            try:
                Locale.parse(value.replace("-", "_"))
            except (ValueError, UnknownLocaleError):
                raise ValueError(f'"{value}" is not a locale; write it like "en_GB" or "es_ES"') from None
        return value

    def date_order(self) -> str:
        """The short-date order for content/dates.py: "DMY", "MDY", "YMD" or "" (ISO only)."""
        from guidepress.content.dates import order_of

        return order_of(self.date_format, self.locale)

    @field_validator("pdf_variant")
    @classmethod
    def _variant(cls, value: str) -> str:
        from guidepress.errors import UsageError
        from guidepress.look.variants import check_variant

        try:
            return check_variant(value)
        except UsageError as exc:
            raise ValueError(str(exc)) from None


class Config(_Section):
    """The whole ``guidepress.toml``."""

    clinic: Clinic = Field(default_factory=Clinic)
    colors: Colours = Field(default_factory=Colours)
    defaults: Defaults = Field(default_factory=Defaults)
    shared_workspace: bool = Field(
        False, description="The workspace is shared on purpose: its files and folders may belong "
        "to colleagues and be writable by the group (never by everyone). Honoured only in a "
        "guidepress.toml owned by you or root that nobody else can write.")
    guides: dict[str, str] = Field(default_factory=dict, description=(
        'Guides this clinic prints, by id, each a folder relative to guidepress.toml: '
        'knee = "guides/knee". A prescription (guide: knee) or a roster\'s guide column names one.'))

    @field_validator("guides")
    @classmethod
    def _guide_ids(cls, value: dict[str, str]) -> dict[str, str]:
        for key in value:
            if not re.match(r"^[a-z0-9]+(?:-[a-z0-9]+)*$", key):
                raise ValueError(f'"{key}" is not a guide id; use lowercase letters, digits and '
                                 'hyphens, e.g. knee or knee-pain')
        return value
