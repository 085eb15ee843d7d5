"""The ``guidepress`` command: options in, one library call, messages and exit codes out."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console

from .errors import GuidepressError

app = typer.Typer(
    name="guidepress",
    help="Turn structured guide content into printable PDFs for clinics.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
)
out = Console(highlight=False)
err = Console(stderr=True, highlight=False)

GuideOpt = Annotated[Optional[Path], typer.Option(
    "--guide", "-g", help="Guide folder (holding guide.yaml). Default: the built-in guide.",
    file_okay=False)]
PaperOpt = Annotated[str, typer.Option(
    "--paper", "-p", help="Paper size: a4 or letter.", case_sensitive=False)]
TemplatesOpt = Annotated[Optional[list[Path]], typer.Option(
    "--templates", help="Folder of your own templates, searched before the built-ins (repeatable).",
    file_okay=False)]
StylesOpt = Annotated[Optional[list[Path]], typer.Option(
    "--styles", help="Folder of your own stylesheets, searched before the built-ins (repeatable).",
    file_okay=False)]


def reports_errors(command):
    """Turn a GuidepressError into a clear message and exit code 1, without a traceback."""

    @functools.wraps(command)
    def run(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except GuidepressError as exc:
            err.print(f"[bold red]error:[/] {exc}", markup=True, soft_wrap=True, emoji=False)
            raise typer.Exit(1) from None

    return run


def _paper(value: str):
    from .errors import UsageError
    from .pages import Paper

    try:
        return Paper(value.lower())
    except ValueError:
        raise UsageError(f'unknown paper size "{value}"; choose a4 or letter') from None


def _resources(templates, styles):
    from .resources import Resources

    return Resources(tuple(templates or ()), tuple(styles or ()))


def _report(written) -> None:
    for item in written:
        for warning in item.warnings:
            err.print(f"[yellow]warning:[/] {warning}", soft_wrap=True)
        out.print(f"wrote {item.path} ({item.pages} page{'s' if item.pages != 1 else ''})",
                  soft_wrap=True)


def _version(value: bool) -> None:
    if value:
        from .versions import report

        for name, version in report():
            out.print(f"{name}: {version}", soft_wrap=True)
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[bool, typer.Option(
        "--version", callback=_version, is_eager=True,
        help="Show the versions of guidepress, WeasyPrint, pypdf and Pango, and exit.")] = False,
) -> None:
    """Turn structured guide content into printable PDFs for clinics.

    Run "guidepress build" to render the built-in guide into ./output.
    """


@app.command()
@reports_errors
def build(
    guide: GuideOpt = None,
    out_dir: Annotated[Path, typer.Option(
        "--out", "-o", help="Folder the PDFs are written to.", file_okay=False)] = Path("output"),
    paper: PaperOpt = "a4",
    templates: TemplatesOpt = None,
    styles: StylesOpt = None,
) -> None:
    """Render every product of a guide (now: the handout) into the output folder."""
    from .build import build as build_all

    _report(build_all(guide, out_dir, paper=_paper(paper), resources=_resources(templates, styles)))


@app.command()
@reports_errors
def handout(
    guide: GuideOpt = None,
    output: Annotated[Optional[Path], typer.Option(
        "--output", "-o", help="PDF file to write. Default: output/<guide>-handout.pdf.",
        dir_okay=False)] = None,
    paper: PaperOpt = "a4",
    templates: TemplatesOpt = None,
    styles: StylesOpt = None,
) -> None:
    """Render the guide as a patient handout."""
    from .build import DEFAULT_OUTPUT
    from .guides import load_guide
    from .handout import handout_name, write_handout

    source = load_guide(guide)
    target = output or DEFAULT_OUTPUT / handout_name(source)
    _report([write_handout(source, target, paper=_paper(paper),
                           resources=_resources(templates, styles))])


@app.command()
def schema() -> None:
    """Print the JSON Schema of guide.yaml, for editor autocompletion and checks."""
    from .model import Guide

    print(json.dumps(Guide.model_json_schema(), indent=2, ensure_ascii=False))
