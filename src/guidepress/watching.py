"""What ``guidepress watch`` renders and which files it watches."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .errors import UsageError
from .guides import DEFAULT_GUIDE, load_guide, library_dir
from .pages import Paper
from .products import Written
from .resources import BUILTIN_STYLES, BUILTIN_TEMPLATES
from .workspace import Settings

PRODUCTS = ("handout", "routine", "poster", "card")


def product_renderer(product: str, s: Settings, *, prescription: Path | None = None,
                     design: str | None = None) -> Callable[[], Written]:
    """A function that renders ``product`` with settings ``s`` into the output folder."""
    if product not in PRODUCTS:
        raise UsageError(f'cannot watch "{product}"; choose {", ".join(PRODUCTS)}')
    if product == "routine" and not prescription:
        raise UsageError("watching a routine sheet needs --prescription FILE")

    def render() -> Written:
        source = load_guide(s.guide_dir, language=s.language)
        paper = Paper(s.paper)
        if product == "handout":
            from .handout import handout_name, write_handout

            return write_handout(source, s.out_dir / handout_name(source), paper=paper,
                                 resources=s.resources)
        if product == "routine":
            from .prescription import load_prescription
            from .routine import write_routine

            rx = load_prescription(prescription, source.library)
            return write_routine(source, rx, s.out_dir / f"{prescription.stem}-routine.pdf",
                                 paper=paper, resources=s.resources)
        if product == "poster":
            from .posters import find_design, poster_name, write_poster

            chosen = find_design(source, design)
            target = s.out_dir / poster_name(source, chosen.id, chosen.size, False)
            return write_poster(source, target, chosen.id, size=chosen.size, resources=s.resources)
        from .cards import card_name, write_card

        return write_card(source, s.out_dir / card_name(source, False), paper=paper,
                          resources=s.resources)

    return render


def watched_paths(s: Settings, prescription: Path | None = None) -> list[Path]:
    """Content, exercises, templates, styles, settings and prescription of a render."""
    guide = Path(s.guide_dir or DEFAULT_GUIDE)
    resources = s.resources
    paths = [guide, library_dir(guide), *resources.template_dirs, BUILTIN_TEMPLATES,
             *resources.style_dirs, BUILTIN_STYLES]
    if s.workspace.root:
        paths.append(s.workspace.root / "guidepress.toml")
    if resources.logo:
        paths.append(resources.logo)
    if prescription:
        paths.append(Path(prescription))
    return paths
