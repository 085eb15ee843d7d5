"""One typed, frozen ``Settings`` per command: its options over ``guidepress.toml`` over defaults.

Settings are resolved once, at the start of a command; the library receives
typed values (``Paper``, a checked theme, absolute folders) and never converts
them again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from guidepress.config import trust
from guidepress.config.models import DEFAULT_OUTPUT
from guidepress.config.workspace import CONFIG_FILE, Workspace, load_workspace
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
    date_order: str = ""  # how short dates are written here: "DMY", "MDY" or "" (ISO only)
    # every guide known by id (built in, then the workspace's [guides]), for prescriptions
    # and roster rows that name theirs; guide_given: --guide was on the command line
    guides: dict[str, Path] = field(default_factory=dict, hash=False)
    guide_given: bool = False

    def guide_for(self, name: str, where: str) -> Path:
        """The folder of the guide a prescription names (``name``), else this command's
        guide; a prescription that names another guide than --guide is refused."""
        if not name:
            return self.guide_dir
        from guidepress.content.folders import guide_named

        folder = guide_named(name, self.guides, where)
        if self.guide_given and folder.resolve() != self.guide_dir.resolve():
            raise ContentError(f'{where}: this prescription is for the guide "{name}", but --guide '
                               f"gives {self.guide_dir}; leave out --guide, or change the guide")
        return folder


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
    known = workspace.guides()
    return Settings(
        workspace=workspace,
        guide_dir=_guide_dir(guide, workspace, known),
        out_dir=Path(out or workspace.path(defaults.output) or DEFAULT_OUTPUT),
        paper=paper if isinstance(paper, Paper) else Paper((paper or defaults.paper).lower()),
        language=language,
        resources=resources,
        date_order=defaults.date_order(),
        guides=known,
        guide_given=guide is not None,
    )


def _guide_dir(option: Path | None, workspace: Workspace, known: dict[str, Path]) -> Path:
    """--guide, else the workspace's default guide, else the built-in one; each may be a
    folder or the id of a known guide (``known``)."""
    if option is not None:
        return known.get(str(option), Path(option)) if not Path(option).is_dir() else Path(option)
    name = workspace.config.defaults.guide
    return known.get(name) or workspace.path(name) or DEFAULT_GUIDE


def _resources(workspace: Workspace, templates, styles, theme: str, keep_html: bool,
               pdf_variant: str) -> Resources:
    clinic = workspace.config.clinic
    template_dirs = (*map(Path, templates or ()), *workspace.folder("templates"))
    style_dirs = (*map(Path, styles or ()), *workspace.folder("styles"))
    _check_trust(workspace, template_dirs, style_dirs)
    return Resources(
        template_dirs=template_dirs,
        style_dirs=style_dirs,
        theme=theme,
        clinic=clinic,
        colours=tuple(workspace.config.colors.css().items()),
        logo=workspace.path(clinic.logo),
        workspace=workspace.root,
        keep_html=keep_html,
        pdf_variant=pdf_variant,
        print_profile=_print_profile(workspace),
    )


def _check_trust(workspace: Workspace, template_dirs, style_dirs) -> None:
    """Templates, stylesheets and the logo run as the user: each must be theirs alone
    (or the workspace's, when it is shared on purpose); see ``config.trust``."""
    shared = workspace.config.shared_workspace
    for folder, what in [*((f, "template folder") for f in template_dirs),
                         *((f, "style folder") for f in style_dirs)]:
        if Path(folder).is_dir():  # a missing folder is reported where it is used
            trust.check_tree(folder, what, shared=shared)
    logo = workspace.path(workspace.config.clinic.logo)
    if logo:
        trust.check(logo, "logo", shared=shared)


def _print_profile(workspace: Workspace) -> Path | None:
    """The workspace's ``print_profile``, checked: a file whose header says CMYK, trusted
    as the logo is (it shapes every colour printed)."""
    from guidepress.look.variants import icc_colour_space

    path = workspace.path(workspace.config.defaults.print_profile)
    if path is None:
        return None
    where = f"{workspace.root / CONFIG_FILE}, defaults.print_profile"
    if not path.exists():
        raise ContentError(f"{where}: {path} does not exist; give the print shop's ICC profile "
                           "(a .icc file), relative to guidepress.toml")
    if not path.is_file():  # a pipe, device or folder: reading it could hang or never end
        raise ContentError(f"{where}: {path} is not a regular file (a pipe, device or folder); "
                           "give the print shop's ICC profile (a .icc file)")
    trust.check(path, "colour profile", shared=workspace.config.shared_workspace)
    space = icc_colour_space(path)
    if space != "CMYK":
        found = f"a profile for {space}, not CMYK" if space else "not an ICC profile"
        raise ContentError(f"{where}: {path} is {found}; ask the print shop for its CMYK profile")
    return path
