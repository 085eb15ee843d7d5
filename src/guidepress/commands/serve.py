"""The serve command: the composer in the browser (needs the optional extra "serve")."""

from __future__ import annotations

from typing import Annotated

import typer

from guidepress.commands.options import (ConfigOpt, GuideOpt, LangOpt, PaperOpt, StylesOpt,
                                         TemplatesOpt, ThemeOpt, out, reports_errors,
                                         settings_from)


@reports_errors
def serve(
    port: Annotated[int, typer.Option(min=0, max=65535, help="Port to listen on (0: any free port).")] = 8765,
    host: Annotated[str, typer.Option(
        help="Address to listen on. Only this computer can reach 127.0.0.1; another address "
        "lets others on the network try, with a warning.", metavar="<address>")] = "127.0.0.1",
    open_browser: Annotated[bool, typer.Option("--open", help="Open the composer in the browser.")] = False,
    guide: GuideOpt = None,
    paper: PaperOpt = None,
    templates: TemplatesOpt = None,
    styles: StylesOpt = None,
    lang: LangOpt = None,
    theme: ThemeOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Compose patients' routine sheets in the browser, on this computer only.

    Prints an address with this run's token: open it, search the library, set doses,
    see the printed pages, download the PDF or save the prescription. Ctrl-C stops it.
    """
    from guidepress.serve.run import needs_extra, serve as run

    needs_extra()
    s = settings_from(config, guide, None, paper, lang, theme, templates, styles)
    run(s, host=host, port=port, open_browser=open_browser,
        say=lambda line: out.print(line, soft_wrap=True, markup=False, highlight=False))
