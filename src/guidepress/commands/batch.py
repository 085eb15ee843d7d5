"""Commands for many patients at once: ``batch`` and ``merge-manifests``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.markup import escape

from guidepress.commands.options import (
    ConfigOpt,
    GuideOpt,
    HtmlOpt,
    PaperOpt,
    StylesOpt,
    TemplatesOpt,
    ThemeOpt,
    VariantOpt,
    err,
    out,
    report,
    reports_errors,
    settings_from,
)
from guidepress.errors import ExitCode


@reports_errors
def batch(
    roster: Annotated[Path, typer.Argument(
        help="Patient list: .csv (comma or semicolon), .json or .yaml, one row per patient.",
        dir_okay=False)],
    out_dir: Annotated[Optional[Path], typer.Option(
        "--out", "-o", help="Folder for the sheets and manifest.json. [default: output]",
        file_okay=False)] = None,
    merge: Annotated[Optional[Path], typer.Option(
        "--merge", help="Also write all sheets, in roster order, into this one print file.",
        dir_okay=False)] = None,
    name: Annotated[str, typer.Option(
        "--name", help="File name of each sheet, from the row's columns.", metavar="<pattern>")] = "{id}-{patient}",
    workers: Annotated[Optional[int], typer.Option(
        "--workers", "-j", min=1, help="Rendering processes. [default: the number of CPUs]")] = None,
    shard: Annotated[Optional[str], typer.Option(
        "--shard", help="Render only slice K of N (e.g. 2/4), with its own manifest.",
        metavar="<K/N>")] = None,
    force: Annotated[bool, typer.Option("--force", help="Re-render rows that are up to date.")] = False,
    strict: Annotated[bool, typer.Option(
        "--strict", help="Render nothing if any row is bad; a dose that looks like a slip "
        "(plank 3x30 for a held exercise) makes its row bad.")] = False,
    guide: GuideOpt = None,
    paper: PaperOpt = None,
    templates: TemplatesOpt = None,
    styles: StylesOpt = None,
    lang: Annotated[Optional[str], typer.Option(
        "--lang", help='Language for rows without a "language" column, e.g. "es".',
        metavar="<code>")] = None,
    theme: ThemeOpt = None,
    config: ConfigOpt = None,
    pdf_variant: VariantOpt = None,
    html: HtmlOpt = False,
) -> None:
    """Make a routine sheet for every patient in a roster.

    Every row is checked first; bad rows are listed at the end (exit code 1) and
    never stop the good ones. A re-run renders only the rows whose inputs, or the
    guide, templates or styles, changed since the last run (see manifest.json).
    """
    from guidepress.batch.export import BatchOptions, export_batch, most_workers
    from guidepress.batch.progress import progress_reporter
    from guidepress.batch.shards import parse_shard

    if workers is not None and workers > most_workers():
        err.print(f"[yellow]warning:[/] --workers {workers} is more than this machine can use; "
                  f"using {most_workers()}", soft_wrap=True)
        workers = most_workers()

    s = settings_from(config, guide, out_dir, paper, lang, theme, templates, styles, html,
                      pdf_variant=pdf_variant)
    options = BatchOptions(out_dir=s.out_dir, name=name, workers=workers, force=force,
                           strict=strict, merge=merge, paper=s.paper, guide_dir=s.guide_dir,
                           language=s.language, shard=parse_shard(shard) if shard else None,
                           resources=s.resources, date_order=s.date_order, guides=s.guides)
    try:
        with progress_reporter(err, "rendering") as update:
            result = export_batch(roster, options, progress=update)
    except KeyboardInterrupt as exc:
        message = getattr(exc, "message", None) or ("stopped before any sheet was written; "
                                                    "nothing was recorded")
        err.print(f"[yellow]interrupted:[/] {message}", soft_wrap=True)
        raise typer.Exit(ExitCode.INTERRUPTED) from None
    _report_batch(result, roster)


def _report_batch(result, roster: Path) -> None:
    for note in result.notes:
        err.print(f"[yellow]note:[/] {escape(note)}", soft_wrap=True)
    written, unchanged = result.count("written"), result.count("unchanged")
    failed = [e for e in result.entries if e.status == "failed"]
    if result.manifest:
        out.print(f"{written} written, {unchanged} unchanged, {len(failed)} failed "
                  f"(manifest: {result.manifest})", soft_wrap=True)
    if result.merged:
        report([result.merged])
    if result.bad_rows or failed:
        lines = [f"  {roster.name} row {r.number}: {p}" for r in result.bad_rows for p in r.problems]
        lines += [f"  {roster.name} row {e.row} ({e.id}): {e.error}" for e in failed
                  if e.row not in {r.number for r in result.bad_rows}]
        count = len({r.number for r in result.bad_rows} | {e.row for e in failed})
        err.print(f"[bold red]error:[/] {count} row{'s' if count != 1 else ''} failed:\n"
                  + escape("\n".join(lines)), soft_wrap=True, markup=True, emoji=False)
        raise typer.Exit(ExitCode.ERROR)


@reports_errors
def merge_manifests_command(
    folder: Annotated[Path, typer.Argument(help="Folder holding the shards' manifest-K-of-N.json.",
                                           file_okay=False)],
    merge: Annotated[Optional[Path], typer.Option(
        "--merge", help="Also write every sheet, in roster order, into this print file "
        "(needs --roster).", dir_okay=False)] = None,
    roster: Annotated[Optional[Path], typer.Option(
        "--roster", help="The roster file the batch was run with: each sheet must carry its "
        "row's patient there, or it is not merged. Required with --merge.",
        dir_okay=False)] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Merge even if shards are missing or were made with other options.")] = False,
) -> None:
    """Combine the manifests of a sharded batch into manifest.json (and one print file).

    With --roster, a sheet that is not its row's patient's in that roster is refused
    (named, with what to do), the others are merged, and the exit code is 1.
    """
    from guidepress.batch.guard import ManifestLock
    from guidepress.batch.manifest import MANIFEST
    from guidepress.batch.printfile import roster_marks
    from guidepress.batch.shards import merge_shards
    from guidepress.errors import ContentError, UsageError
    from guidepress.owned import replacing

    if merge and roster is None:
        raise UsageError(f"--merge {merge} needs --roster, the roster file the batch was run "
                         "with: without it nothing proves whose each sheet is (a shard manifest "
                         "can point a row at another roster's sheet of the same id)")
    if not folder.is_dir():
        raise ContentError(f"{folder}: folder not found")
    marks = roster_marks(roster) if roster is not None else None
    merged: list = []
    print_file = (lambda done: merged.append(_print_file(folder, done, merge, marks.keys))
                  ) if merge else None
    with ManifestLock(folder / MANIFEST), replacing(force, "move it away first"):
        entries, warnings, refused = merge_shards(folder, force=force, then=print_file,
                                                  roster=marks)
        for warning in warnings:
            err.print(f"[yellow]warning:[/] {warning}", soft_wrap=True)
        out.print(f"merged {len({e.row for e in entries})} rows into {folder / MANIFEST}")
        if any(merged):
            report(merged)
        elif merge:
            err.print(f"[yellow]warning:[/] no sheet can be merged, so {escape(str(merge))} was "
                      "not written", soft_wrap=True)
    if refused:
        err.print(f"[bold red]error:[/] {len(refused)} sheet{'s' if len(refused) != 1 else ''} "
                  "refused:\n" + escape("\n".join(f"  {r}" for r in refused)),
                  soft_wrap=True, markup=True, emoji=False)
        raise typer.Exit(ExitCode.ERROR)


def _print_file(folder: Path, entries, target: Path, keys: dict[str, str]):
    """The print file, before manifest.json is rewritten: each sheet must carry its row's
    patient (from the roster), its row and its inputs, checked on the very bytes merged,
    as a shard manifest can be edited to point one row's entry at another sheet."""
    from guidepress.batch.printfile import entry_marks
    from guidepress.owned import PATIENT_KEY
    from guidepress.pdf.merge import merge_sheets

    done = sorted((e for e in entries if e.status != "failed" and e.file), key=lambda e: e.row)
    if not done:  # an empty print file would pass for a finished one
        return None
    return merge_sheets([(e.id, e.id, folder / e.file) for e in done], target,
                        expected={folder / e.file: e.sha256 for e in done},
                        marks={folder / e.file: {PATIENT_KEY: keys.get(e.id, "(none)"),
                                                 **entry_marks(e)} for e in done})
