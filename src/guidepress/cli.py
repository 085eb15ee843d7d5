"""The ``guidepress`` command: the Typer app and every command registered on it.

Each command is a function in ``guidepress.commands`` that parses its options,
calls one library function and reports the result; the list below is the whole CLI.
"""

from __future__ import annotations

from typing import Annotated

import typer

from guidepress.commands import batch, check, render, workspace
from guidepress.commands.options import PROGRAM, out, renders_once

app = typer.Typer(
    name="guidepress",
    help="Turn structured guide content into printable PDFs for clinics.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
)


def _version(value: bool) -> None:
    if value:
        from guidepress.versions import report

        for name, version in report():
            out.print(f"{name}: {version}", soft_wrap=True)
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[bool, typer.Option(
        "--version", callback=_version, is_eager=True,
        help="Show the versions of guidepress, WeasyPrint, pypdf, pikepdf, pdfium and Pango, "
        "and exit.")] = False,
) -> None:
    """Turn structured guide content into printable PDFs for clinics.

    Run "guidepress build" to render the built-in guide into ./output.
    """


# Commands that render once run without garbage collection (see renders_once).
app.command()(renders_once(render.build))
app.command()(renders_once(render.handout))
app.command()(renders_once(render.poster))
app.command()(renders_once(render.card))
app.command()(workspace.schema)
app.command()(renders_once(render.routine))
app.command()(renders_once(render.exercises))
app.command()(workspace.languages)
app.command()(workspace.init)
app.command()(workspace.themes)
app.command()(workspace.watch)
app.command()(batch.batch)
app.command("merge-manifests")(batch.merge_manifests_command)
app.command()(check.check)


def main() -> None:
    """The ``guidepress`` program: the app, in a process that ends after one command."""
    PROGRAM["exits_after_command"] = True
    app(prog_name="guidepress")
