"""``guidepress check``: the quality gate for PDFs (any PDF) and for a guide's content."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer

from guidepress.commands.options import (
    ConfigOpt,
    GuideOpt,
    LangOpt,
    err,
    out,
    reports_errors,
    settings_from,
)
from guidepress.errors import ContentError, ExitCode


@reports_errors
def check(
    files: Annotated[Optional[list[Path]], typer.Argument(
        help="PDF files to check (made by guidepress or anything else). Without files, the "
        "guide's content is checked.", exists=True, dir_okay=False, show_default=False)] = None,
    guide: GuideOpt = None,
    lang: LangOpt = None,
    config: ConfigOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the findings as JSON.")] = False,
    strict: Annotated[bool, typer.Option(
        "--strict", help="Fail on warnings too (a long sentence, a jargon word, small type).")] = False,
) -> None:
    """Check PDFs for accessibility and print, or a guide for plain language and safety.

    A PDF: tags, language and title, alt text, heading levels, table headers,
    link text, form fields, embedded fonts, type sizes and text contrast.

    A guide: reading grade, long sentences, jargon, the main message up front,
    the safety part and translations.

    Exit code 1 when any check finds an error (or, with --strict, a warning).
    """
    from guidepress.check.report import failed, print_report, to_json

    subjects = [(str(f), _pdf_findings(f, as_json)) for f in files] if files else [_guide_findings(guide, lang, config)]
    if as_json:
        documents = [json.loads(to_json(name, found, strict)) for name, found in subjects]
        print(json.dumps(documents[0] if len(documents) == 1 else documents, indent=2, ensure_ascii=False))
    else:
        for name, found in subjects:
            print_report(out, name, found, strict)
    if any(failed(found, strict) for _, found in subjects):
        raise typer.Exit(ExitCode.ERROR)


def _pdf_findings(path: Path, as_json: bool) -> list:
    """The findings for one PDF; one that cannot be read is said once on stderr and is
    an error among them (the whole message only in JSON, read by programs), so the other
    files are still checked and the exit code is 1."""
    from rich.markup import escape

    from guidepress.check.pdf import check_pdf
    from guidepress.check.report import Finding, visible

    try:
        return check_pdf(path)
    except ContentError as exc:  # it may quote the PDF: shown without control characters
        err.print(f"[bold red]error:[/] {escape(visible(str(exc)))}", soft_wrap=True, emoji=False)
        return [Finding("file", "error", str(exc) if as_json else "not checked (the error says why)")]


def _guide_findings(guide, lang, config) -> tuple[str, list]:
    from guidepress.check.guide import check_guide
    from guidepress.check.report import as_finding
    from guidepress.content.loader import load_guide

    settings = settings_from(config, guide, lang=lang)
    # a partial translation is checked as it prints; parity says what it leaves out
    source = load_guide(settings.guide_dir, language=settings.language, allow_partial=True)
    found = check_guide(source, workspace=settings.workspace.root)
    return str(source.file), [as_finding(item) for item in found]
