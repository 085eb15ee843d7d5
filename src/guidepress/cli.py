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
    "--guide", "-g", help="Guide folder (holding guide.yaml). Default: the workspace's guide, "
    "else the built-in guide.", file_okay=False)]
PaperOpt = Annotated[Optional[str], typer.Option(
    "--paper", "-p", help="Paper size: a4 or letter. [default: a4, or the workspace's]",
    case_sensitive=False)]
ConfigOpt = Annotated[Optional[Path], typer.Option(
    "--config", help="Workspace settings file. Default: guidepress.toml in this folder or the "
    "nearest parent.", dir_okay=False)]
ThemeOpt = Annotated[Optional[str], typer.Option(
    "--theme", help="default, large-print, ink-saver, high-contrast or your own (list them: "
    "guidepress themes).")]
HtmlOpt = Annotated[bool, typer.Option(
    "--html", help="Also write the HTML each PDF was made from, beside it (for template authors).")]
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


def _settings(config=None, guide=None, out=None, paper=None, lang=None, theme=None,
              templates=None, styles=None, html=False):
    """Options of this command over the workspace's settings over the defaults."""
    from .workspace import resolve_settings

    return resolve_settings(config=config, guide=guide, out=out, paper=paper, lang=lang,
                            theme=theme, templates=templates, styles=styles, keep_html=html)


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
    out_dir: Annotated[Optional[Path], typer.Option(
        "--out", "-o", help="Folder the PDFs are written to. [default: output]",
        file_okay=False)] = None,
    paper: PaperOpt = None,
    templates: TemplatesOpt = None,
    styles: StylesOpt = None,
    lang: LangOpt = None,
    theme: ThemeOpt = None,
    config: ConfigOpt = None,
    html: HtmlOpt = False,
) -> None:
    """Render every product of a guide into the output folder.

    The handout, each poster at its own size, and the pocket card.
    """
    from .build import build as build_all

    s = _settings(config, guide, out_dir, paper, lang, theme, templates, styles, html)
    _report(build_all(s.guide_dir, s.out_dir, paper=_paper(s.paper), resources=s.resources,
                      language=s.language))


@app.command()
@reports_errors
def handout(
    guide: GuideOpt = None,
    output: Annotated[Optional[Path], typer.Option(
        "--output", "-o", help="PDF file to write. Default: output/<guide>-handout.pdf.",
        dir_okay=False)] = None,
    paper: PaperOpt = None,
    templates: TemplatesOpt = None,
    styles: StylesOpt = None,
    lang: LangOpt = None,
    theme: ThemeOpt = None,
    config: ConfigOpt = None,
    html: HtmlOpt = False,
    booklet: Annotated[bool, typer.Option(
        "--booklet", help="Impose as a folded booklet: A5 pages on A4 sheets (half-letter on "
        "Letter), in page order for duplex printing. Default file: output/<guide>-booklet.pdf.")] = False,
) -> None:
    """Render the guide as a patient handout (or, with --booklet, a folded booklet)."""
    from .guides import load_guide
    from .handout import handout_name, write_handout

    s = _settings(config, guide, None, paper, lang, theme, templates, styles, html)
    source = load_guide(s.guide_dir, language=s.language)
    if booklet:
        from .booklet import booklet_name, write_booklet

        target = output or s.out_dir / booklet_name(source)
        _report([write_booklet(source, target, paper=_paper(s.paper), resources=s.resources)])
        return
    target = output or s.out_dir / handout_name(source)
    _report([write_handout(source, target, paper=_paper(s.paper), resources=s.resources)])


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
    theme: ThemeOpt = None,
    config: ConfigOpt = None,
    html: HtmlOpt = False,
) -> None:
    """Render one poster: a page of the guide for the clinic wall, at any size."""
    from .guides import load_guide
    from .posters import describe, designs, find_design, poster_name, write_poster

    s = _settings(config, guide, None, None, lang, theme, templates, styles, html)
    source = load_guide(s.guide_dir, language=s.language)
    if list_designs:
        for item in designs(source):
            out.print(f"{item.id}: {describe(source, item)}", soft_wrap=True)
        return
    chosen = find_design(source, design)
    size = (size or chosen.size).lower()
    target = output or s.out_dir / poster_name(source, chosen.id, size, landscape)
    _report([write_poster(source, target, chosen.id, size=size, landscape=landscape, bleed=bleed,
                          marks=marks, resources=s.resources)])


@app.command()
@reports_errors
def card(
    sheet: Annotated[bool, typer.Option(
        "--sheet", help="Four cards to a sheet with cut marks, fronts and backs aligned for duplex.")] = False,
    output: Annotated[Optional[Path], typer.Option(
        "--output", "-o", help="PDF file to write. Default: output/<guide>-card.pdf.",
        dir_okay=False)] = None,
    guide: GuideOpt = None,
    paper: PaperOpt = None,
    templates: TemplatesOpt = None,
    styles: StylesOpt = None,
    lang: LangOpt = None,
    theme: ThemeOpt = None,
    config: ConfigOpt = None,
    html: HtmlOpt = False,
) -> None:
    """Render the two-sided pocket card (A6; a quarter of Letter with --paper letter)."""
    from .cards import card_name, write_card
    from .guides import load_guide

    s = _settings(config, guide, None, paper, lang, theme, templates, styles, html)
    source = load_guide(s.guide_dir, language=s.language)
    target = output or s.out_dir / card_name(source, sheet)
    _report([write_card(source, target, sheet=sheet, paper=_paper(s.paper), resources=s.resources)])


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
    paper: PaperOpt = None,
    templates: TemplatesOpt = None,
    styles: StylesOpt = None,
    lang: LangOpt = None,
    theme: ThemeOpt = None,
    config: ConfigOpt = None,
    html: HtmlOpt = False,
) -> None:
    """Make a patient's routine sheet: exercises, doses, tracker and safety box.

    From a prescription file:  guidepress routine ana.yaml

    Or quickly:  guidepress routine --patient "Ana García" --clinician "Dr Lee"
    -e "plank 3x30s" -e "bird-dog 2x8 2/day" --weeks 4 --follow-up 2026-12-29
    """
    from .guides import load_guide
    from .prescription import load_prescription, prescription_from_options
    from .routine import choose_target, routine_name, write_routine

    fields = dict(patient=patient, patient_id=patient_id, clinician=clinician, clinic=clinic,
                  exercises=exercise, weeks=weeks, start=start, follow_up=follow_up, notes=notes)
    given = {k: v for k, v in fields.items() if v}
    s = _settings(config, guide, None, paper, lang, theme, templates, styles, html)
    source = load_guide(s.guide_dir, language=s.language)
    if prescription:
        if given:
            from .errors import UsageError

            raise UsageError(f"give either a prescription file or --{next(iter(given)).replace('_', '-')} "
                             "and the other prescription options, not both")
        rx = load_prescription(prescription, source.library)
    else:
        rx = prescription_from_options(given, source.library)
    target, note = choose_target(output or s.out_dir / routine_name(rx), rx,
                                 explicit=output is not None, force=force)
    written = write_routine(source, rx, target, paper=_paper(s.paper), per_page=per_page,
                            fillable=fillable, resources=s.resources)
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
    paper: PaperOpt = None,
    lang: LangOpt = None,
    theme: ThemeOpt = None,
    config: ConfigOpt = None,
) -> None:
    """List the exercise library (id, name, category, default dose)."""
    from rich.table import Table

    from .guides import load_guide
    from .labels import Labels
    from .library_sheet import write_library_sheet

    s = _settings(config, guide, None, paper, lang, theme)
    source = load_guide(s.guide_dir, language=s.language)
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
        _report([write_library_sheet(source, sheet, paper=_paper(s.paper), resources=s.resources)])


@app.command()
@reports_errors
def languages(guide: GuideOpt = None, config: ConfigOpt = None) -> None:
    """List the languages the guide, its exercise texts and the printed labels are in."""
    from .exercises import library_languages
    from .guides import DEFAULT_GUIDE, guide_languages, library_dir
    from .labels import available_languages, language_name

    folder = _settings(config, guide).guide_dir or DEFAULT_GUIDE
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
    out_dir: Annotated[Optional[Path], typer.Option(
        "--out", "-o", help="Folder for the sheets and manifest.json. [default: output]",
        file_okay=False)] = None,
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
    paper: PaperOpt = None,
    templates: TemplatesOpt = None,
    styles: StylesOpt = None,
    lang: Annotated[Optional[str], typer.Option(
        "--lang", help='Language for rows without a "language" column, e.g. "es".')] = None,
    theme: ThemeOpt = None,
    config: ConfigOpt = None,
) -> None:
    """Make a routine sheet for every patient in a roster.

    Every row is checked first; bad rows are listed at the end (exit code 1) and
    never stop the good ones. A re-run renders only the rows whose inputs, or the
    guide, templates or styles, changed since the last run (see manifest.json).
    """
    from .batch import BatchOptions, export_batch, parse_shard
    from .progress import progress_reporter

    s = _settings(config, guide, out_dir, paper, lang, theme, templates, styles)
    options = BatchOptions(out_dir=s.out_dir, name=name, workers=workers, force=force,
                           strict=strict, merge=merge, paper=_paper(s.paper), guide_dir=s.guide_dir,
                           language=s.language, shard=parse_shard(shard) if shard else None,
                           resources=s.resources)
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


@app.command()
@reports_errors
def init(
    folder: Annotated[Path, typer.Argument(help="New (or empty) folder for the workspace.",
                                           file_okay=False)],
) -> None:
    """Create a clinic workspace: settings, an editable copy of the guide and
    exercises, template and style folders, and example roster and prescription."""
    from .scaffold import init_workspace

    made = init_workspace(folder)
    for path in made:
        out.print(f"created {path}", soft_wrap=True)
    out.print(f"next: edit {folder / 'guidepress.toml'}, then run guidepress build in {folder}",
              soft_wrap=True)


@app.command()
@reports_errors
def themes(styles: StylesOpt = None, config: ConfigOpt = None) -> None:
    """List the themes: the built-in ones and any in your styles folders."""
    from .themes import available_themes

    for theme in available_themes(_settings(config, styles=styles).resources.style_dirs).values():
        out.print(f"{theme.name}: {theme.description}", soft_wrap=True)


@app.command()
@reports_errors
def watch(
    product: Annotated[str, typer.Argument(
        help="What to re-render: handout, routine, poster or card.")] = "handout",
    prescription: Annotated[Optional[Path], typer.Option(
        "--prescription", help="Prescription file, for routine.", dir_okay=False)] = None,
    design: Annotated[Optional[str], typer.Option("--design", help="Poster design, for poster.")] = None,
    interval: Annotated[float, typer.Option(help="Seconds between checks for changes.")] = 0.5,
    guide: GuideOpt = None,
    paper: PaperOpt = None,
    templates: TemplatesOpt = None,
    styles: StylesOpt = None,
    lang: LangOpt = None,
    theme: ThemeOpt = None,
    config: ConfigOpt = None,
    html: HtmlOpt = False,
) -> None:
    """Render a product again whenever its content, templates, styles or settings change.

    Stop with Ctrl-C. Mistakes are printed and the watch goes on.
    """
    from .watch import watch as watch_loop
    from .watching import product_renderer

    def render() -> None:
        try:
            s = _settings(config, guide, None, paper, lang, theme, templates, styles, html)
            _report([product_renderer(product, s, prescription=prescription, design=design)()])
        except GuidepressError as exc:
            err.print(f"[bold red]error:[/] {exc}", soft_wrap=True, emoji=False)

    def inputs() -> list[Path]:
        from .watching import watched_paths

        try:
            s = _settings(config, guide, None, paper, lang, theme, templates, styles, html)
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
