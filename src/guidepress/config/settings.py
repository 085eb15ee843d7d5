"""One typed, frozen ``Settings`` per command: its options over ``guidepress.toml`` over defaults.

Settings are resolved once, at the start of a command; the library receives
typed values (``Paper``, a checked theme, absolute folders) and never converts
them again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from guidepress.config.workspace import CONFIG_FILE, DEFAULT_OUTPUT, Workspace, load_workspace
from guidepress.content.folders import DEFAULT_GUIDE
from guidepress.errors import ContentError, OptionError
from guidepress.look.paper import Paper
from guidepress.look.resources import Resources

_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


@dataclass(frozen=True)
class Settings:
    """What one command runs with."""

    workspace: Workspace
    guide_dir: Path
    out_dir: Path
    paper: Paper
    language: str | None
    resources: Resources


def resolve_settings(*, config: Path | None = None, guide: Path | None = None,
                     out: Path | None = None, paper: Paper | str | None = None,
                     lang: str | None = None, theme: str | None = None, templates=(),
                     styles=(), keep_html: bool = False, pdf_variant: str | None = None) -> Settings:
    """Combine a command's options with the workspace's ``guidepress.toml`` and the defaults."""
    workspace = load_workspace(config)
    defaults = workspace.config.defaults
    language = lang or defaults.language or None
    if language and not _LANGUAGE_TAG.match(language):
        raise OptionError("lang", f'"{language}" is not a language tag; write it like "es" or "pt-BR"')
    theme_name = theme or defaults.theme
    if "/" in theme_name or "\\" in theme_name or theme_name.startswith("."):
        raise OptionError("theme", f'"{theme_name}" is a path; give a theme name and put your '
                          "own theme in <styles>/themes/<name>.css")
    try:
        resources = _resources(workspace, templates, styles, theme_name, keep_html,
                               pdf_variant or defaults.pdf_variant)
    except OptionError as exc:
        if theme:  # the option was wrong: a usage error
            raise
        raise ContentError(f"{workspace.root / CONFIG_FILE}, defaults.theme: {exc}") from None
    return Settings(
        workspace=workspace,
        guide_dir=Path(guide or workspace.path(defaults.guide) or DEFAULT_GUIDE),
        out_dir=Path(out or workspace.path(defaults.output) or DEFAULT_OUTPUT),
        paper=paper if isinstance(paper, Paper) else Paper((paper or defaults.paper).lower()),
        language=language,
        resources=resources,
    )


def _resources(workspace: Workspace, templates, styles, theme: str, keep_html: bool,
               pdf_variant: str) -> Resources:
    clinic = workspace.config.clinic
    return Resources(
        template_dirs=(*map(Path, templates or ()), *workspace.folder("templates")),
        style_dirs=(*map(Path, styles or ()), *workspace.folder("styles")),
        theme=theme,
        clinic=clinic,
        colours=tuple(workspace.config.colors.css().items()),
        logo=workspace.path(clinic.logo),
        workspace=workspace.root,
        keep_html=keep_html,
        pdf_variant=pdf_variant,
        print_profile=_print_profile(workspace),
    )


def _print_profile(workspace: Workspace) -> Path | None:
    """The workspace's ``print_profile``, checked: a file whose header says CMYK."""
    from guidepress.look.variants import icc_colour_space

    path = workspace.path(workspace.config.defaults.print_profile)
    if path is None:
        return None
    where = f"{workspace.root / CONFIG_FILE}, defaults.print_profile"
    if not path.is_file():
        raise ContentError(f"{where}: {path} does not exist; give the print shop's ICC profile "
                           "(a .icc file), relative to guidepress.toml")
    space = icc_colour_space(path)
    if space != "CMYK":
        found = f"a profile for {space}, not CMYK" if space else "not an ICC profile"
        raise ContentError(f"{where}: {path} is {found}; ask the print shop for its CMYK profile")
    return path
