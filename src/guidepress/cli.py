"""The ``guidepress`` command: the Typer app and every command registered on it.

Each command is a function in ``guidepress.commands`` that parses its options,
calls one library function and reports the result; the list below is the whole CLI.
"""

from __future__ import annotations

from typing import Annotated

import typer
from typer.core import TyperCommand, TyperGroup

from guidepress.commands import batch, check, render, routine, serve, workspace
from guidepress.commands.options import PROGRAM, err, out, renders_once
from guidepress.errors import ExitCode, UsageError
from guidepress.memory import cap_memory


class _FlagsTakeNoValue:
    """Help that shows no value after an on/off flag: Typer 0.29 prints one
    ("--html <bool>", "--help <bool>"), as if the flag wanted "true" after it."""

    def get_params(self, ctx):
        params = super().get_params(ctx)
        for param in params:
            if getattr(param, "is_flag", False) and param.metavar is None:
                param.metavar = ""
        return params


class _Group(_FlagsTakeNoValue, TyperGroup):
    pass


class _Command(_FlagsTakeNoValue, TyperCommand):
    pass


app = typer.Typer(
    name="guidepress",
    cls=_Group,
    help="Turn structured guide content into printable PDFs for clinics.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
)


def _version(value: bool) -> None:
    if value:
        from guidepress.versions import report

        for name, version in report():
            out.print(f"{name}: {version}", soft_wrap=True, markup=False)  # "[serve]" is text
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
app.command(cls=_Command)(renders_once(render.build))
app.command(cls=_Command)(renders_once(render.handout))
app.command(cls=_Command)(renders_once(render.poster))
app.command(cls=_Command)(renders_once(render.card))
app.command(cls=_Command)(workspace.schema)
app.command(cls=_Command)(renders_once(routine.routine))
app.command(cls=_Command)(renders_once(render.exercises))
app.command(cls=_Command)(workspace.languages)
app.command(cls=_Command)(workspace.init)
app.command(cls=_Command)(workspace.themes)
app.command(cls=_Command)(workspace.watch)
app.command(cls=_Command)(batch.batch)
app.command("merge-manifests", cls=_Command)(batch.merge_manifests_command)
app.command(cls=_Command)(check.check)
app.command(cls=_Command)(serve.serve)


def main() -> None:
    """The ``guidepress`` program: the app, in a process that ends after one command."""
    PROGRAM["exits_after_command"] = True
    try:  # here, not in the callback: the tests run the app in their own process
        cap_memory()
    except UsageError as exc:
        err.print(f"error: {exc}", markup=False, soft_wrap=True)
        raise SystemExit(ExitCode.USAGE) from None
    app(prog_name="guidepress")
