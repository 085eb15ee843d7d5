"""Clinic workspaces: ``guidepress.toml`` found as git finds its folder, validated
like content, giving every command the clinic's details, look and defaults.

Command-line options override the file; the file overrides built-in defaults.
Paths in the file are relative to the folder that holds it.
"""

from __future__ import annotations

import re
import stat
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from guidepress.config import trust
from guidepress.config.models import Clinic, Colours, Config, Defaults
from guidepress.confine import OWN_FOLDER, read_text
from guidepress.content.folders import CONFIG_FILE, find_config
from guidepress.content.images import check_image
from guidepress.content.problems import ProblemsError, problems_from
from guidepress.errors import ContentError

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
        """Every guide known here by id: the built-in ones, then the workspace's own. The
        workspace's default guide, when a folder named as a built-in guide (the editable
        copy ``init`` makes, guide/back-in-action), takes that id: a prescription naming
        back-in-action then gets the clinic's edited copy, as a row naming no guide does."""
        from guidepress.content.folders import builtin_guides

        known = {**builtin_guides(), **{k: self.path(v) for k, v in self.config.guides.items()}}
        name = self.config.defaults.guide
        folder = self.path(name) if name not in known else None  # an id, else a folder
        if folder is not None and folder.name not in self.config.guides and folder.name in known \
                and (folder / "guide.yaml").is_file():
            known[folder.name] = folder
        return known

    def folder(self, name: str) -> tuple[Path, ...]:
        """The workspace's ``templates`` or ``styles`` folder, when it has one."""
        if self.root and (self.root / name).is_dir():
            return (self.root / name,)
        return ()


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
        kind = f"a {logo.suffix} file" if logo.suffix else "a file whose name has no ending"
        raise ContentError(f'{path}, clinic.logo: "{config.clinic.logo}" is {kind}; use an SVG, '
                           "PNG or JPEG file (a name ending in .svg, .png or .jpg)")
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
