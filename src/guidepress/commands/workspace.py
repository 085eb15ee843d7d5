"""Commands for a clinic workspace and what it can use: ``init``, ``themes``, ``watch``,
``languages`` and ``schema``."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Annotated, Optional

import typer

from guidepress.commands.options import (
    ConfigOpt,
    GuideOpt,
    HtmlOpt,
    LangOpt,
    PaperOpt,
    StylesOpt,
    TemplatesOpt,
    ThemeOpt,
    VariantOpt,
    choices,
    err,
    out,
    report,
    reports_errors,
    settings_from,
)
from guidepress.errors import GuidepressError
from guidepress.products import WATCHABLE

Watchable = choices("Watchable", WATCHABLE)


@reports_errors
def init(
    folder: Annotated[Path, typer.Argument(help="New (or empty) folder for the workspace.",
                                           file_okay=False)],
) -> None:
    """Create a clinic workspace: settings, an editable copy of the guide and
    exercises, template and style folders, and example roster and prescription."""
    from guidepress.config.scaffold import init_workspace

    made = init_workspace(folder)
    for path in made:
        out.print(f"created {path}", soft_wrap=True)
    out.print(f"next: edit {folder / 'guidepress.toml'}, then run guidepress build in {folder}",
              soft_wrap=True)


@reports_errors
def themes(styles: StylesOpt = None, config: ConfigOpt = None) -> None:
    """List the themes: the built-in ones and any in your styles folders."""
    from guidepress.look.themes import available_themes

    for theme in available_themes(settings_from(config, styles=styles).resources.style_dirs).values():
        out.print(f"{theme.name}: {theme.description}", soft_wrap=True)


def _interval(value: float) -> float:
    """Seconds between checks: a finite number from 0.05 (not a busy loop) to an hour."""
    if not (math.isfinite(value) and 0.05 <= value <= 3600):
        raise typer.BadParameter(f"{value} is not a number of seconds from 0.05 to 3600")
    return value


@reports_errors
def watch(
    product: Annotated[Watchable, typer.Argument(
        help="What to re-render.")] = "handout",
    prescription: Annotated[Optional[Path], typer.Option(
        "--prescription", help="Prescription file, for routine.", dir_okay=False)] = None,
    design: Annotated[Optional[str], typer.Option(
        "--design", help="Poster design, for poster.", metavar="<name>")] = None,
    interval: Annotated[float, typer.Option(
        help="Seconds between checks for changes (0.05 to 3600).", metavar="<seconds>",
        callback=_interval)] = 0.5,
    guide: GuideOpt = None,
    paper: PaperOpt = None,
    templates: TemplatesOpt = None,
    styles: StylesOpt = None,
    lang: LangOpt = None,
    theme: ThemeOpt = None,
    config: ConfigOpt = None,
    html: HtmlOpt = False,
    pdf_variant: VariantOpt = None,
) -> None:
    """Render a product again whenever its content, templates, styles or settings change.

    Stop with Ctrl-C. Mistakes are printed and the watch goes on.
    """
    from guidepress.watch import product_renderer
    from guidepress.watch import watch as watch_loop

    def render() -> None:
        try:
            s = settings_from(config, guide, None, paper, lang, theme, templates, styles, html, pdf_variant)
            report([product_renderer(product.value, s, prescription=prescription, design=design)()])
        except GuidepressError as exc:
            err.print(f"[bold red]error:[/] {exc}", soft_wrap=True, emoji=False)

    def inputs() -> list[Path]:
        from guidepress.watch import watched_paths

        try:
            s = settings_from(config, guide, None, paper, lang, theme, templates, styles, html, pdf_variant)
        except GuidepressError:
            return [p for p in (config, Path.cwd() / "guidepress.toml") if p]
        return watched_paths(s, prescription)

    def changed(files: list[Path]) -> None:
        shown = ", ".join(p.name for p in files[:3]) + (" ..." if len(files) > 3 else "")
        out.print(f"changed: {shown}", soft_wrap=True)

    out.print("watching for changes; Ctrl-C to stop", soft_wrap=True)
    try:
        watch_loop(inputs, render, changed, interval=interval)
    except KeyboardInterrupt:
        out.print("stopped")


def schema() -> None:
    """Print the JSON Schema of guide.yaml, for editor autocompletion and checks."""
    from guidepress.content.guide import Guide

    print(json.dumps(Guide.model_json_schema(), indent=2, ensure_ascii=False))


@reports_errors
def languages(guide: GuideOpt = None, config: ConfigOpt = None) -> None:
    """List the languages the guide, its exercise texts and the printed labels are in."""
    from guidepress.content.exercises import library_languages
    from guidepress.content.folders import library_folders
    from guidepress.content.labels import available_languages, language_name
    from guidepress.content.loader import DEFAULT_GUIDE, guide_languages

    folder = settings_from(config, guide).guide_dir or DEFAULT_GUIDE
    libraries = library_folders(folder)
    exercises = [("exercises", library_languages(libraries.shared))]
    if libraries.has_own:
        exercises.append(("exercises (the guide's own)", library_languages(libraries.own)))
    for what, found in ((f"guide ({folder.resolve().name})", guide_languages(folder)), *exercises,
                        ("labels", available_languages())):
        names = ", ".join(f"{tag} ({language_name(tag)})" for tag in found)
        out.print(f"{what}: {names}", soft_wrap=True)
