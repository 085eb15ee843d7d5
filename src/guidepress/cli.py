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
LangOpt = Annotated[Optional[str], typer.Option(
    "--lang", help='Language of the guide, exercises and labels, e.g. "es" (list them: '
    "guidepress languages). Default: the language of guide.yaml.")]


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
    lang: LangOpt = None,
) -> None:
    """Render every product of a guide (now: the handout) into the output folder."""
    from .build import build as build_all

    _report(build_all(guide, out_dir, paper=_paper(paper), resources=_resources(templates, styles),
                      language=lang))


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
    lang: LangOpt = None,
    booklet: Annotated[bool, typer.Option(
        "--booklet", help="Impose as a folded booklet: A5 pages on A4 sheets (half-letter on "
        "Letter), in page order for duplex printing. Default file: output/<guide>-booklet.pdf.")] = False,
) -> None:
    """Render the guide as a patient handout (or, with --booklet, a folded booklet)."""
    from .build import DEFAULT_OUTPUT
    from .guides import load_guide
    from .handout import handout_name, write_handout

    source = load_guide(guide, language=lang)
    if booklet:
        from .booklet import booklet_name, write_booklet

        target = output or DEFAULT_OUTPUT / booklet_name(source)
        _report([write_booklet(source, target, paper=_paper(paper),
                               resources=_resources(templates, styles))])
        return
    target = output or DEFAULT_OUTPUT / handout_name(source)
    _report([write_handout(source, target, paper=_paper(paper),
                           resources=_resources(templates, styles))])


@app.command()
@reports_errors
def poster(
    design: Annotated[Optional[str], typer.Option(
        "--design", "-d", help="Poster design (see --list). Default: the guide's first.")] = None,
    size: Annotated[Optional[str], typer.Option(
        "--size", "-s", help="a4, a3, a2, a1, letter or tabloid. Default: the design's own size.")] = None,
    landscape: Annotated[bool, typer.Option("--landscape", help="Lay the poster out sideways.")] = False,
    bleed: Annotated[Optional[str], typer.Option(
        "--bleed", help='Bleed for a print shop, e.g. "3mm": sets TrimBox and BleedBox.')] = None,
    marks: Annotated[bool, typer.Option(
        "--marks", help="Add crop marks in the bleed (3mm bleed if --bleed is not given).")] = False,
    list_designs: Annotated[bool, typer.Option("--list", help="List the guide's poster designs.")] = False,
    output: Annotated[Optional[Path], typer.Option(
        "--output", "-o", help="PDF file to write. Default: output/<guide>-poster-<design>-<size>.pdf.",
        dir_okay=False)] = None,
    guide: GuideOpt = None,
    templates: TemplatesOpt = None,
    styles: StylesOpt = None,
    lang: LangOpt = None,
) -> None:
    """Render one poster: a page of the guide for the clinic wall, at any size."""
    from .build import DEFAULT_OUTPUT
    from .guides import load_guide
    from .posters import describe, designs, find_design, poster_name, write_poster

    source = load_guide(guide, language=lang)
    if list_designs:
        for item in designs(source):
            out.print(f"{item.id}: {describe(source, item)}", soft_wrap=True)
        return
    chosen = find_design(source, design)
    size = (size or chosen.size).lower()
    target = output or DEFAULT_OUTPUT / poster_name(source, chosen.id, size, landscape)
    _report([write_poster(source, target, chosen.id, size=size, landscape=landscape, bleed=bleed,
                          marks=marks, resources=_resources(templates, styles))])


@app.command()
@reports_errors
def card(
    sheet: Annotated[bool, typer.Option(
        "--sheet", help="Four cards to a sheet with cut marks, fronts and backs aligned for duplex.")] = False,
    output: Annotated[Optional[Path], typer.Option(
        "--output", "-o", help="PDF file to write. Default: output/<guide>-card.pdf.",
        dir_okay=False)] = None,
    guide: GuideOpt = None,
    paper: PaperOpt = "a4",
    templates: TemplatesOpt = None,
    styles: StylesOpt = None,
    lang: LangOpt = None,
) -> None:
    """Render the two-sided pocket card (A6; a quarter of Letter with --paper letter)."""
    from .build import DEFAULT_OUTPUT
    from .cards import card_name, write_card
    from .guides import load_guide

    source = load_guide(guide, language=lang)
    target = output or DEFAULT_OUTPUT / card_name(source, sheet)
    _report([write_card(source, target, sheet=sheet, paper=_paper(paper),
                        resources=_resources(templates, styles))])


@app.command()
def schema() -> None:
    """Print the JSON Schema of guide.yaml, for editor autocompletion and checks."""
    from .model import Guide

    print(json.dumps(Guide.model_json_schema(), indent=2, ensure_ascii=False))


DOSE_HELP = ('Exercise and dose, repeatable: "<exercise> <sets>x<reps>" or "<sets>x<seconds>s" '
             '(or "<sets>x<minutes>min"), then optionally "<n>/day" and "<n>/week". '
             'Examples: "bridge 2x12", "plank 3x30s 5/week", "cat-cow 1x10 2/day 7/week". '
             "A bare name takes the library's default dose.")


@app.command()
@reports_errors
def routine(
    prescription: Annotated[Optional[Path], typer.Argument(
        help="Prescription file (YAML). Or give --patient and --exercise instead.",
        dir_okay=False, show_default=False)] = None,
    patient: Annotated[Optional[str], typer.Option(help="Patient's name as printed.")] = None,
    patient_id: Annotated[Optional[str], typer.Option(
        "--patient-id", help="An id or initials, instead of or beside the name.")] = None,
    clinician: Annotated[Optional[str], typer.Option(help="Who prescribed the exercises.")] = None,
    clinic: Annotated[Optional[str], typer.Option(help="Clinic name for the header.")] = None,
    exercise: Annotated[Optional[list[str]], typer.Option(
        "--exercise", "-e", help=DOSE_HELP)] = None,
    weeks: Annotated[Optional[int], typer.Option(help="Weeks the tracker covers, 1-12. [default: 4]")] = None,
    start: Annotated[Optional[str], typer.Option(help="First day, YYYY-MM-DD. [default: today]")] = None,
    follow_up: Annotated[Optional[str], typer.Option(
        "--follow-up", help="Next appointment, YYYY-MM-DD.")] = None,
    notes: Annotated[Optional[str], typer.Option(help="General notes for the patient.")] = None,
    per_page: Annotated[Optional[int], typer.Option(
        "--per-page", help="Exercise cards per page: 1, 2, 3, 4 or 6. [default: 2]")] = None,
    fillable: Annotated[bool, typer.Option(
        "--fillable", help="Make the tracker and notes PDF form fields, to fill in on a tablet.")] = False,
    output: Annotated[Optional[Path], typer.Option(
        "--output", "-o", help="PDF file to write. Default: output/<patient>-routine.pdf.",
        dir_okay=False)] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Replace the output file even if it is another patient's sheet.")] = False,
    guide: GuideOpt = None,
    paper: PaperOpt = "a4",
    templates: TemplatesOpt = None,
    styles: StylesOpt = None,
    lang: LangOpt = None,
) -> None:
    """Make a patient's routine sheet: exercises, doses, tracker and safety box.

    From a prescription file:  guidepress routine ana.yaml

    Or quickly:  guidepress routine --patient "Ana García" --clinician "Dr Lee"
    -e "plank 3x30s" -e "bird-dog 2x8 2/day" --weeks 4 --follow-up 2026-12-29
    """
    from .build import DEFAULT_OUTPUT
    from .guides import load_guide
    from .prescription import load_prescription, prescription_from_options
    from .routine import choose_target, routine_name, write_routine

    fields = dict(patient=patient, patient_id=patient_id, clinician=clinician, clinic=clinic,
                  exercises=exercise, weeks=weeks, start=start, follow_up=follow_up, notes=notes)
    given = {k: v for k, v in fields.items() if v}
    source = load_guide(guide, language=lang)
    if prescription:
        if given:
            from .errors import UsageError

            raise UsageError(f"give either a prescription file or --{next(iter(given)).replace('_', '-')} "
                             "and the other prescription options, not both")
        rx = load_prescription(prescription, source.library)
    else:
        rx = prescription_from_options(given, source.library)
    target, note = choose_target(output or DEFAULT_OUTPUT / routine_name(rx), rx,
                                 explicit=output is not None, force=force)
    written = write_routine(source, rx, target, paper=_paper(paper), per_page=per_page,
                            fillable=fillable, resources=_resources(templates, styles))
    if note:
        err.print(f"[yellow]note:[/] {note}", soft_wrap=True)
    _report([written])


@app.command()
@reports_errors
def exercises(
    as_json: Annotated[bool, typer.Option("--json", help="Print the library as JSON.")] = False,
    sheet: Annotated[Optional[Path], typer.Option(
        "--sheet", help="Also render a contact sheet PDF with one card per exercise.",
        dir_okay=False)] = None,
    guide: GuideOpt = None,
    paper: PaperOpt = "a4",
    lang: LangOpt = None,
) -> None:
    """List the exercise library (id, name, category, default dose)."""
    from rich.table import Table

    from .guides import load_guide
    from .labels import Labels
    from .library_sheet import write_library_sheet

    source = load_guide(guide, language=lang)
    words = Labels(source.guide.language)  # dose texts in the guide's language
    if as_json:
        rows = [{"id": e.id, "name": e.name, "category": e.category, "aliases": e.aliases,
                 "dose": e.dose.model_dump(exclude_none=True), "dose_text": e.dose.summary(words)}
                for e in source.library]
        print(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        table = Table("id", "name", "category", "default dose", box=None, pad_edge=False)
        for e in source.library:
            table.add_row(e.id, e.name, e.category, e.dose.summary(words))
        out.print(table)
    if sheet:
        _report([write_library_sheet(source, sheet, paper=_paper(paper))])


@app.command()
@reports_errors
def languages(guide: GuideOpt = None) -> None:
    """List the languages the guide, its exercise texts and the printed labels are in."""
    from .exercises import library_languages
    from .guides import DEFAULT_GUIDE, guide_languages, library_dir
    from .labels import available_languages, language_name

    folder = guide or DEFAULT_GUIDE
    for what, found in ((f"guide ({folder.resolve().name})", guide_languages(folder)),
                        ("exercises", library_languages(library_dir(folder))),
                        ("labels", available_languages())):
        names = ", ".join(f"{tag} ({language_name(tag)})" for tag in found)
        out.print(f"{what}: {names}", soft_wrap=True)


@app.command()
@reports_errors
def batch(
    roster: Annotated[Path, typer.Argument(
        help="Patient list: .csv (comma or semicolon), .json or .yaml, one row per patient.",
        dir_okay=False)],
    out_dir: Annotated[Path, typer.Option(
        "--out", "-o", help="Folder for the sheets and manifest.json.", file_okay=False)] = Path("output"),
    merge: Annotated[Optional[Path], typer.Option(
        "--merge", help="Also write all sheets, in roster order, into this one print file.",
        dir_okay=False)] = None,
    name: Annotated[str, typer.Option(
        "--name", help="File name of each sheet, from the row's columns.")] = "{id}-{patient}",
    workers: Annotated[Optional[int], typer.Option(
        "--workers", "-j", min=1, help="Rendering processes. [default: the number of CPUs]")] = None,
    shard: Annotated[Optional[str], typer.Option(
        "--shard", help="Render only slice K of N (e.g. 2/4), with its own manifest.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Re-render rows that are up to date.")] = False,
    strict: Annotated[bool, typer.Option(
        "--strict", help="Render nothing if any row is bad.")] = False,
    guide: GuideOpt = None,
    paper: PaperOpt = "a4",
    templates: TemplatesOpt = None,
    styles: StylesOpt = None,
) -> None:
    """Make a routine sheet for every patient in a roster.

    Every row is checked first; bad rows are listed at the end (exit code 1) and
    never stop the good ones. A re-run renders only the rows whose inputs, or the
    guide, templates or styles, changed since the last run (see manifest.json).
    """
    from .batch import BatchOptions, export_batch, parse_shard
    from .progress import progress_reporter

    options = BatchOptions(out_dir=out_dir, name=name, workers=workers, force=force,
                           strict=strict, merge=merge, paper=_paper(paper), guide_dir=guide,
                           shard=parse_shard(shard) if shard else None,
                           resources=_resources(templates, styles))
    try:
        with progress_reporter(err, "rendering") as update:
            result = export_batch(roster, options, progress=update)
    except KeyboardInterrupt:
        err.print("[yellow]interrupted:[/] finished sheets are kept and recorded; "
                  "run the same command again to continue")
        raise typer.Exit(130) from None
    _report_batch(result, roster)


def _report_batch(result, roster: Path) -> None:
    for note in result.notes:
        err.print(f"[yellow]note:[/] {note}", soft_wrap=True)
    written, unchanged = result.count("written"), result.count("unchanged")
    failed = [e for e in result.entries if e.status == "failed"]
    if result.manifest:
        out.print(f"{written} written, {unchanged} unchanged, {len(failed)} failed "
                  f"(manifest: {result.manifest})", soft_wrap=True)
    if result.merged:
        _report([result.merged])
    if result.bad_rows or failed:
        lines = [f"  {roster.name} row {r.number}: {p}" for r in result.bad_rows for p in r.problems]
        lines += [f"  {roster.name} row {e.row} ({e.id}): {e.error}" for e in failed
                  if e.row not in {r.number for r in result.bad_rows}]
        count = len({r.number for r in result.bad_rows} | {e.row for e in failed})
        err.print(f"[bold red]error:[/] {count} row{'s' if count != 1 else ''} failed:\n"
                  + "\n".join(lines), soft_wrap=True, markup=True, emoji=False)
        raise typer.Exit(1)


@app.command("merge-manifests")
@reports_errors
def merge_manifests_command(
    folder: Annotated[Path, typer.Argument(help="Folder holding the shards' manifest-K-of-N.json.",
                                           file_okay=False)],
    merge: Annotated[Optional[Path], typer.Option(
        "--merge", help="Also write every sheet, in roster order, into this print file.",
        dir_okay=False)] = None,
) -> None:
    """Combine the manifests of a sharded batch into manifest.json (and one print file)."""
    from .manifest import MANIFEST, merge_manifests
    from .merge import merge_sheets

    parts = sorted(folder.glob("manifest-*-of-*.json"))
    if not parts:
        from .errors import ContentError

        raise ContentError(f"{folder}: no shard manifests (manifest-K-of-N.json) found")
    entries = merge_manifests(parts, folder / MANIFEST)
    out.print(f"merged {len(parts)} manifests, {len(entries)} rows, into {folder / MANIFEST}")
    if merge:
        done = sorted((e for e in entries if e.status != "failed" and e.file), key=lambda e: e.row)
        _report([merge_sheets([(e.id, e.id, folder / e.file) for e in done], merge)])
