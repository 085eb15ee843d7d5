"""Commands that render one guide's products: build, handout, poster, card, routine, exercises."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer

from guidepress.commands.options import (
    ConfigOpt,
    EditionOpt,
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
from guidepress.content.choices import PER_PAGE, TRACKERS


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
    pdf_variant: VariantOpt = None,
    force: Annotated[bool, typer.Option("--force", help="Render even what is up to date.")] = False,
) -> None:
    """Render every product of a guide into the output folder.

    The handout, each poster at its own size, and the pocket card. Products whose
    inputs (guide, exercises, templates, styles, options) have not changed since
    the last build are left as they are (see build-manifest.json).
    """
    from guidepress.products.build import build as build_all

    s = settings_from(config, guide, out_dir, paper, lang, theme, templates, styles, html, pdf_variant)
    report(build_all(s.guide_dir, s.out_dir, paper=s.paper, resources=s.resources,
                      language=s.language, force=force))


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
    pdf_variant: VariantOpt = None,
    booklet: Annotated[bool, typer.Option(
        "--booklet", help="Impose as a folded booklet: A5 pages on A4 sheets (half-letter on "
        "Letter), in page order for duplex printing. Default file: output/<guide>-booklet.pdf.")] = False,
    edition: EditionOpt = None,
) -> None:
    """Render the guide as a patient handout (or, with --booklet, a folded booklet)."""
    from guidepress.content.loader import load_guide
    from guidepress.products.handout import handout_name, write_handout

    s = settings_from(config, guide, None, paper, lang, theme, templates, styles, html, pdf_variant)
    source = load_guide(s.guide_dir, s.language, edition)
    if booklet:
        from guidepress.products.booklet import booklet_name, write_booklet

        target = output or s.out_dir / booklet_name(source)
        report([write_booklet(source, target, paper=s.paper, resources=s.resources)])
        return
    target = output or s.out_dir / handout_name(source)
    report([write_handout(source, target, paper=s.paper, resources=s.resources)])


@reports_errors
def poster(
    design: Annotated[Optional[str], typer.Option(
        "--design", "-d", help="Poster design (see --list). Default: the guide's first.",
        metavar="<name>")] = None,
    size: Annotated[Optional[str], typer.Option(
        "--size", "-s", help="a4, a3, a2, a1, letter or tabloid. Default: the design's own size.",
        metavar="<size>")] = None,
    landscape: Annotated[bool, typer.Option("--landscape", help="Lay the poster out sideways.")] = False,
    bleed: Annotated[Optional[str], typer.Option(
        "--bleed", help='Bleed for a print shop, e.g. "3mm": sets TrimBox and BleedBox.',
        metavar="<length>")] = None,
    marks: Annotated[bool, typer.Option(
        "--marks", help="Add crop marks in the bleed (3mm bleed if --bleed is not given).")] = False,
    list_designs: Annotated[bool, typer.Option("--list", help="List the guide's poster designs.")] = False,
    output: Annotated[Optional[Path], typer.Option(
        "--output", "-o", help="PDF file to write. Default: output/<guide>-poster-<design>-<size>.pdf.",
        dir_okay=False)] = None,
    guide: GuideOpt = None,
    paper: PaperOpt = None,
    templates: TemplatesOpt = None,
    styles: StylesOpt = None,
    lang: LangOpt = None,
    theme: ThemeOpt = None,
    config: ConfigOpt = None,
    html: HtmlOpt = False,
    pdf_variant: VariantOpt = None,
    edition: EditionOpt = None,
) -> None:
    """Render one poster: a page of the guide for the clinic wall, at any size."""
    from guidepress.content.loader import load_guide, product_edition
    from guidepress.products.posters import (default_size, describe, designs, find_design,
                                             poster_name, write_poster)

    s = settings_from(config, guide, None, paper, lang, theme, templates, styles, html, pdf_variant)
    source = load_guide(s.guide_dir, s.language, edition or product_edition(s.guide_dir))
    if list_designs:
        for item in designs(source):
            out.print(f"{item.id}: {describe(source, item)}", soft_wrap=True)
        return
    chosen = find_design(source, design)
    size = (size or default_size(chosen, s.paper)).lower()
    target = output or s.out_dir / poster_name(source, chosen.id, size, landscape)
    report([write_poster(source, target, chosen.id, size=size, landscape=landscape, bleed=bleed,
                          marks=marks, resources=s.resources)])
    if (bleed or marks) and not s.resources.pdf_variant.startswith("pdf/x"):
        from guidepress.look.variants import PRINT_SHOP_NOTE

        err.print(f"[yellow]note:[/] {PRINT_SHOP_NOTE}", soft_wrap=True)


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
    pdf_variant: VariantOpt = None,
    edition: EditionOpt = None,
) -> None:
    """Render the two-sided pocket card (A6; a quarter of Letter with --paper letter)."""
    from guidepress.content.loader import load_guide, product_edition
    from guidepress.products.cards import card_name, write_card

    s = settings_from(config, guide, None, paper, lang, theme, templates, styles, html, pdf_variant)
    source = load_guide(s.guide_dir, s.language, edition or product_edition(s.guide_dir))
    target = output or s.out_dir / card_name(source, sheet)
    report([write_card(source, target, sheet=sheet, paper=s.paper, resources=s.resources)])


PerPage, Tracker = choices("PerPage", PER_PAGE), choices("Tracker", TRACKERS)

DOSE_HELP = ('Exercise and dose, repeatable: "<exercise> <sets>x<reps>" or "<sets>x<seconds>s" '
             '(or "<sets>x<minutes>min"), then optionally "<n>/day" and "<n>/week". '
             'Examples: "bridge 2x12", "plank 3x30s 5/week", "cat-cow 1x10 2/day 7/week". '
             "A bare name takes the library's default dose.")


@reports_errors
def routine(
    prescription: Annotated[Optional[Path], typer.Argument(
        help="Prescription file (YAML). Or give --patient and --exercise instead.",
        dir_okay=False, show_default=False)] = None,
    patient: Annotated[Optional[str], typer.Option(
        help="Patient's name as printed.", metavar="<name>")] = None,
    patient_id: Annotated[Optional[str], typer.Option(
        "--patient-id", help="An id or initials, instead of or beside the name.",
        metavar="<id>")] = None,
    clinician: Annotated[Optional[str], typer.Option(
        help="Who prescribed the exercises.", metavar="<name>")] = None,
    clinic: Annotated[Optional[str], typer.Option(
        help="Clinic name for the header.", metavar="<name>")] = None,
    exercise: Annotated[Optional[list[str]], typer.Option(
        "--exercise", "-e", help=DOSE_HELP, metavar="<exercise dose>")] = None,
    weeks: Annotated[Optional[int], typer.Option(
        min=1, max=12, help="Weeks the tracker covers, 1-12. [default: 4]")] = None,
    start: Annotated[Optional[str], typer.Option(
        help="First day, YYYY-MM-DD. [default: today]", metavar="<date>")] = None,
    follow_up: Annotated[Optional[str], typer.Option(
        "--follow-up", help="Next appointment, YYYY-MM-DD.", metavar="<date>")] = None,
    notes: Annotated[Optional[str], typer.Option(
        help="General notes for the patient.", metavar="<text>")] = None,
    per_page: Annotated[Optional[PerPage], typer.Option(
        "--per-page", help="Cards a page: 1 or 2, or 6 for a compact list. [default: 2]")] = None,
    tracker: Annotated[Tracker, typer.Option(help="A tick a session each day, or a row an exercise.")] = "daily",
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
    pdf_variant: VariantOpt = None,
) -> None:
    """Make a patient's routine sheet: exercises, doses, tracker and safety box.

    From a prescription file:  guidepress routine ana.yaml

    Or quickly:  guidepress routine --patient "Ana García" --clinician "Dr Lee"
    -e "plank 3x30s" -e "bird-dog 2x8 2/day" --weeks 4 --follow-up 2026-12-29
    """
    from guidepress.content.loader import load_guide
    from guidepress.content.prescription import load_prescription, prescription_from_options
    from guidepress.products.routine import choose_target, routine_name, write_routine

    fields = dict(patient=patient, patient_id=patient_id, clinician=clinician, clinic=clinic,
                  exercises=exercise, weeks=weeks, start=start, follow_up=follow_up, notes=notes)
    given = {k: v for k, v in fields.items() if v}
    s = settings_from(config, guide, None, paper, lang, theme, templates, styles, html, pdf_variant)
    source = load_guide(s.guide_dir, language=s.language)
    if prescription:
        if given:
            from guidepress.errors import UsageError

            raise UsageError(f"give either a prescription file or --{next(iter(given)).replace('_', '-')} "
                             "and the other prescription options, not both")
        rx = load_prescription(prescription, source.library)
    else:
        rx = prescription_from_options(given, source.library)
    target, note = choose_target(output or s.out_dir / routine_name(rx), rx,
                                 explicit=output is not None, force=force)
    written = write_routine(source, rx, target, paper=s.paper, per_page=int(per_page.value) if per_page else None,
                            fillable=fillable, resources=s.resources, tracker=Tracker(tracker).value)
    if note:
        err.print(f"[yellow]note:[/] {note}", soft_wrap=True)
    report([written])


@reports_errors
def exercises(
    as_json: Annotated[bool, typer.Option("--json", help="Print the library as JSON.")] = False,
    sheet: Annotated[Optional[Path], typer.Option(
        "--sheet", help="Also render a contact sheet PDF with one card per exercise.",
        dir_okay=False)] = None,
    figures: Annotated[Optional[Path], typer.Option(
        "--figures", help="Also write every exercise's frames as SVG files into this folder "
        "(<id>-start.svg, <id>-finish.svg), titled and described, for a clinic's own documents.",
        file_okay=False)] = None,
    png: Annotated[bool, typer.Option("--png", help="With --figures: write PNG images too.")] = False,
    guide: GuideOpt = None,
    paper: PaperOpt = None,
    lang: LangOpt = None,
    theme: ThemeOpt = None,
    config: ConfigOpt = None,
    pdf_variant: VariantOpt = None,
) -> None:
    """List the exercise library (id, name, category, default dose)."""
    if png and not figures:
        from guidepress.errors import UsageError

        raise UsageError("--png writes the figures as images: give --figures FOLDER too")
    from rich.table import Table

    from guidepress.content.labels import Labels
    from guidepress.content.loader import load_guide
    from guidepress.products.contact_sheet import write_library_sheet

    s = settings_from(config, guide, None, paper, lang, theme, pdf_variant=pdf_variant)
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
        report([write_library_sheet(source, sheet, paper=s.paper, resources=s.resources)])
    if figures:
        from guidepress.figures.export import export_figures

        written = export_figures(source.library, figures, png=png)
        out.print(f"wrote {len(written)} figure files in {figures}", soft_wrap=True)
