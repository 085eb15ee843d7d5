"""Options shared by several commands, declared once, and how results and errors are reported."""

from __future__ import annotations

import functools
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.markup import escape

try:  # Typer 0.29 and later carry their own copy of Click and no longer install it
    from typer._click.globals import get_current_context
except ImportError:
    from click import get_current_context

from guidepress.errors import ExitCode, GuidepressError, OptionError
from guidepress.memory import out_of_memory
from guidepress.look.paper import Paper

out = Console(highlight=False)
err = Console(stderr=True, highlight=False)

GuideOpt = Annotated[Optional[Path], typer.Option(
    "--guide", "-g", help="Guide folder (holding guide.yaml), or the id of a guide listed under "
    "\\[guides] in guidepress.toml. Default: the workspace's guide, else the built-in guide.",
    file_okay=False, metavar="<dir or id>")]
PaperOpt = Annotated[Optional[Paper], typer.Option(
    "--paper", "-p", help="Paper size. [default: a4, or the workspace's]", case_sensitive=False)]
ConfigOpt = Annotated[Optional[Path], typer.Option(
    "--config", help="Workspace settings file. Default: guidepress.toml in this folder or the "
    "nearest parent.", dir_okay=False)]


def choices(name: str, values) -> type[Enum]:
    """An Enum of ``values`` (as strings), so Click lists and checks the choices."""
    return Enum(name, {str(v): str(v) for v in values}, type=str)


def _theme_name(value: str | None) -> str | None:
    if value and ("/" in value or "\\" in value or value.startswith(".")):
        raise typer.BadParameter(f'"{value}" is a path; give a theme name (list them: guidepress '
                                 "themes) and keep your own theme in <styles>/themes/<name>.css")
    return value


ThemeOpt = Annotated[Optional[str], typer.Option(
    "--theme", callback=_theme_name, help="default, large-print, ink-saver, high-contrast or your "
    "own (list them: guidepress themes).", metavar="<name>")]
HtmlOpt = Annotated[bool, typer.Option(
    "--html", help="Also write the HTML each PDF was made from, beside it (for template authors).")]
TemplatesOpt = Annotated[Optional[list[Path]], typer.Option(
    "--templates", help="Folder of your own templates, searched before the built-ins (repeatable).",
    file_okay=False, metavar="<dir>")]
StylesOpt = Annotated[Optional[list[Path]], typer.Option(
    "--styles", help="Folder of your own stylesheets, searched before the built-ins (repeatable).",
    file_okay=False, metavar="<dir>")]
EditionOpt = Annotated[Optional[str], typer.Option(
    "--edition", help='Edition of the guide: "article" (the full text) or another the guide has, '
    'such as "plain" (plain language). Default: article for the handout; plain, where the guide '
    "has it, for posters and the card.", metavar="<name>")]
LangOpt = Annotated[Optional[str], typer.Option(
    "--lang", help='Language of the guide, exercises and labels, e.g. "es" (list them: '
    "guidepress languages). Default: the language of guide.yaml.", metavar="<code>")]
PartialOpt = Annotated[bool, typer.Option(
    "--allow-partial", help="Print a translation that leaves parts out (the safety box, sections, "
    "the FAQ): they print in the guide's own language, marked as not yet translated.")]


def _variant_choices() -> type[Enum]:
    from guidepress.look.variants import VARIANTS

    return choices("PdfVariant", VARIANTS)


VariantOpt = Annotated[Optional[_variant_choices()], typer.Option(
    "--pdf-variant", case_sensitive=False, help="What the PDF claims to be. For screen readers: "
    "pdf/ua-1. For a hospital archive: pdf/a-2a or pdf/a-3a (archival and PDF/UA-1). For a print "
    "shop: pdf/x-4 (CMYK, with the shop's profile: print_profile or @color-profile). Every "
    "variant is tagged and, but for pdf/ua-2 and pdf/a-4*, also claims PDF/UA-1. "
    "[default: pdf/ua-1, or the workspace's]")]


def reports_errors(command):
    """Turn a GuidepressError into a clear message and exit code 1, without a traceback.

    A setting the library refused (an unknown theme, say) is reported by Click as
    a usage error of its option, exit code 2, like any other bad option.
    """

    @functools.wraps(command)
    def run(*args, **kwargs):
        try:
            return command(*args, **kwargs)
        except OptionError as exc:
            typer.BadParameter(str(exc), ctx=get_current_context(silent=True),
                               param_hint=f"'--{exc.option}'").show()
            raise typer.Exit(ExitCode.USAGE) from None
        except GuidepressError as exc:
            # a message may hold brackets of its own ("[defaults]", a file name): not markup
            err.print(f"[bold red]error:[/] {escape(str(exc))}", markup=True, soft_wrap=True,
                      emoji=False)
            raise typer.Exit(ExitCode.ERROR) from None
        except MemoryError:  # past the cap (guidepress.memory) where no reader named its input
            err.print(f"error: guidepress ran out of memory: {out_of_memory()}", markup=False,
                      soft_wrap=True)
            raise typer.Exit(ExitCode.ERROR) from None
        except KeyboardInterrupt:
            err.print("interrupted", soft_wrap=True)
            raise typer.Exit(ExitCode.INTERRUPTED) from None

    return run


PROGRAM = {"exits_after_command": False}  # True when run as the guidepress program


def renders_once(command):
    """For a command that renders once: no garbage collection while it runs
    (see ``guidepress.render.collector.one_off``)."""

    @functools.wraps(command)
    def run(*args, **kwargs):
        from guidepress.render.collector import one_off

        with one_off(exiting=PROGRAM["exits_after_command"]):
            return command(*args, **kwargs)

    return run


def settings_from(config=None, guide=None, out=None, paper=None, lang=None, theme=None,
                  templates=None, styles=None, html=False, pdf_variant=None):
    """Options of this command over the workspace's settings over the defaults."""
    from guidepress.config.settings import resolve_settings

    return resolve_settings(config=config, guide=guide, out=out, paper=paper, lang=lang,
                            theme=theme, templates=templates, styles=styles, keep_html=html,
                            pdf_variant=getattr(pdf_variant, "value", pdf_variant))


def report(written) -> None:
    for item in written:
        for warning in item.warnings:
            err.print(f"[yellow]warning:[/] {escape(warning)}", soft_wrap=True)
        verb = "unchanged" if item.status == "unchanged" else "wrote"
        out.print(f"{verb} {item.path} ({item.pages} page{'s' if item.pages != 1 else ''})",
                  soft_wrap=True)
