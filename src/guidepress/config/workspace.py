"""Clinic workspaces: ``guidepress.toml`` found as git finds its folder, validated
like content, giving every command the clinic's details, look and defaults.

Command-line options override the file; the file overrides built-in defaults.
Paths in the file are relative to the folder that holds it.
"""

from __future__ import annotations

import os
import re
import stat
import string
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from guidepress.config import trust
from guidepress.confine import OWN_FOLDER, read_text
from guidepress.content.colours import is_colour
from guidepress.content.images import check_image
from guidepress.content.problems import ProblemsError, problems_from
from guidepress.errors import ContentError

CONFIG_FILE = "guidepress.toml"
DEFAULT_OUTPUT = "output"  # the output folder when neither an option nor the settings name one


class _Section(BaseModel):
    model_config = ConfigDict(defer_build=True, extra="forbid", str_strip_whitespace=True)


class Clinic(_Section):
    """Who the material comes from: printed on every product."""

    name: str = Field("", description="Clinic name.")
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
    """An http(s) address whose only placeholder is {id}."""
    if not value:
        return value
    try:
        fields = {name for _, name, _, _ in string.Formatter().parse(value) if name is not None}
    except ValueError:
        fields = {"?"}
    if fields - {"id"} or not value.startswith(("https://", "http://")):
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


def _default_config() -> Config:
    """The settings of no workspace: the defaults as they are. Nothing to validate, so the
    models' schemas are not built (see content.guide.Strict) by commands run outside one."""
    return Config.model_construct(clinic=Clinic.model_construct(),
                                  colors=Colours.model_construct(),
                                  defaults=Defaults.model_construct(), guides={})


@dataclass(frozen=True)
class Workspace:
    """A loaded workspace (or none: ``root`` is None and everything is default)."""

    config: Config = field(default_factory=_default_config)
    root: Path | None = None

    def path(self, value: str) -> Path | None:
        """A path from the config, made absolute against the workspace folder."""
        if not value:
            return None
        return (self.root / value) if self.root else Path(value)

    def guides(self) -> dict[str, Path]:
        """Every guide known here by id: the built-in ones, then the workspace's own."""
        from guidepress.content.folders import builtin_guides

        return {**builtin_guides(), **{k: self.path(v) for k, v in self.config.guides.items()}}

    def folder(self, name: str) -> tuple[Path, ...]:
        """The workspace's ``templates`` or ``styles`` folder, when it has one."""
        if self.root and (self.root / name).is_dir():
            return (self.root / name,)
        return ()


def find_config(start: Path | None = None) -> Path | None:
    """The nearest ``guidepress.toml`` in ``start`` or a parent, as git finds its folder.

    The search stops at the user's home folder and at a repository root (a folder
    holding ``.git``), so a settings file planted higher up (``/tmp``, a shared
    parent folder) never steers someone else's run. It also stops, finding nothing,
    at a folder anyone may write to (``/tmp`` itself) and at a settings file another
    user owns: either could have been planted there to block or steer this run. Such a
    file is used only when named with ``--config``, and then refused with the reason.
    """
    here = (start or Path.cwd()).resolve()
    home = Path.home().resolve()
    me = os.geteuid() if hasattr(os, "geteuid") else None
    for folder in (here, *here.parents):
        try:
            if folder != here and folder.stat().st_mode & stat.S_IWOTH:
                return None
            found = folder / CONFIG_FILE
            if found.is_file():
                return found if me is None or found.stat().st_uid in (me, 0) else None
        except OSError:
            return None
        if folder == home or (folder / ".git").exists():
            return None
    return None


def check_trusted(path: Path) -> None:
    """Refuse a settings file that is not a file, or that anyone but its owner could
    have written: it supplies templates and says where files are written (see trust)."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise ContentError(f"{path}: config file not found") from None
    except OSError as exc:
        raise ContentError(f"{path}: cannot read the config file ({exc.strerror})") from None
    if not stat.S_ISREG(info.st_mode):
        raise ContentError(f"{path}: not a regular file; give the path of a guidepress.toml")
    trust.check(path, "settings file")  # strict even when shared: it holds the switch


def load_workspace(config_file: Path | None = None, start: Path | None = None) -> Workspace:
    """Load ``config_file``, or the one found from ``start``; no file, no workspace."""
    path = Path(config_file) if config_file else find_config(start)
    if path is None:
        return Workspace()
    check_trusted(path)
    text = read_text(path, "settings", OWN_FOLDER, encoding="utf-8-sig")
    try:
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, ValueError) as exc:  # ValueError: a 5,000-digit number
        raise ContentError(f"{path}: not valid TOML ({exc})") from None
    try:
        config = Config.model_validate(data)
    except ValidationError as exc:
        raise ProblemsError(problems_from(exc, Config, file=path,
                                          line_of=lambda loc: _toml_line(text, loc))) from None
    workspace = Workspace(config, path.parent.resolve())
    trust.check(workspace.root, "workspace folder", shared=config.shared_workspace, sticky_ok=True)
    logo = workspace.path(config.clinic.logo)
    if logo and not logo.exists():
        raise ContentError(f'{path}, clinic.logo: logo file "{config.clinic.logo}" not found '
                           f"(looked for {logo})")
    if logo and logo.suffix.lower() not in (".svg", ".png", ".jpg", ".jpeg"):
        raise ContentError(f"{path}, clinic.logo: use an SVG or PNG file, not {logo.suffix}")
    if logo:  # a real, self-contained picture inside the workspace folder
        check_image(logo, f"{path}, clinic.logo", [workspace.root])
    return workspace


def _toml_line(text: str, loc: tuple) -> int | None:
    """The line of a key in a TOML file: the key under its [table] header."""
    table, key = ".".join(map(str, loc[:-1])), str(loc[-1])
    current = ""
    for number, line in enumerate(text.splitlines(), start=1):
        header = re.match(r"^\s*\[([^\]]+)\]", line)
        if header:
            current = header[1].strip()
        elif current == table and re.match(rf"^\s*{re.escape(key)}\s*=", line):
            return number
    return None
