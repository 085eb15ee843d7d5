"""The routine command: one patient's exercise sheet, from a prescription file or options."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Optional

import typer

from guidepress.commands.options import (
    ConfigOpt,
    GuideOpt,
    HtmlOpt,
    LangOpt,
    PartialOpt,
    PaperOpt,
    StylesOpt,
    TemplatesOpt,
    ThemeOpt,
    VariantOpt,
    choices,
    err,
    report,
    reports_errors,
    settings_from,
)
from guidepress.content.choices import MAX_WEEKS, PER_PAGE, TRACKERS

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
    patient: Annotated[Optional[str], typer.Option(help="Patient's name as printed.", metavar="<name>")] = None,
    patient_id: Annotated[Optional[str], typer.Option(
        "--patient-id", help="An id or initials, instead of or beside the name.", metavar="<id>")] = None,
    clinician: Annotated[Optional[str], typer.Option(
        help="Who prescribed the exercises.", metavar="<name>")] = None,
    clinic: Annotated[Optional[str], typer.Option(help="Clinic name for the header.", metavar="<name>")] = None,
    exercise: Annotated[Optional[list[str]], typer.Option(
        "--exercise", "-e", help=DOSE_HELP, metavar="<exercise dose>")] = None,
    weeks: Annotated[Optional[int], typer.Option(
        min=1, max=MAX_WEEKS, help=f"Weeks the tracker covers, 1-{MAX_WEEKS}. [default: 4]")] = None,
    start: Annotated[Optional[str], typer.Option(
        help="First day, YYYY-MM-DD or the workspace's date_format. [default: today]",
        metavar="<date>")] = None,
    follow_up: Annotated[Optional[str], typer.Option(
        "--follow-up", help="Next appointment, YYYY-MM-DD or the workspace's date_format.",
        metavar="<date>")] = None,
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
    strict: Annotated[bool, typer.Option(
        "--strict", help="Refuse a dose that looks like a slip (a held exercise written in "
        "repetitions, e.g. plank 3x30) instead of warning.")] = False,
    guide: GuideOpt = None,
    paper: PaperOpt = None,
    templates: TemplatesOpt = None,
    styles: StylesOpt = None,
    lang: LangOpt = None,
    allow_partial: PartialOpt = False,
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
    from guidepress.content.prescription import form_from_options, read_prescription, resolve
    from guidepress.owned import replacing
    from guidepress.products.routine import choose_target, reissue, routine_name, write_routine

    fields = dict(patient=patient, patient_id=patient_id, clinician=clinician, clinic=clinic,
                  exercises=exercise, weeks=weeks, start=start, follow_up=follow_up, notes=notes)
    given = {k: v for k, v in fields.items() if v}
    s = settings_from(config, guide, None, paper, lang, theme, templates, styles, html, pdf_variant)
    if prescription:
        if given:
            from guidepress.errors import UsageError

            raise UsageError(f"give either a prescription file or --{next(iter(given)).replace('_', '-')} "
                             "and the other prescription options, not both")
        form, where = read_prescription(prescription, s.date_order), f"{prescription}, exercises[{{i}}]"
    else:
        form, where = form_from_options(given, s.date_order), "--exercise #{n}"
    # the sheet's safety box, labels and library come from the guide the prescription names
    folder = s.guide_for(form.guide, f"{prescription}, guide" if prescription else "--guide")
    source = load_guide(folder, language=s.language, allow_partial=allow_partial)
    rx = resolve(form, source.library, where, strict)
    if not (form.guide or guide) and s.workspace.config.guides:  # which guide's Stop box?
        rx.warnings.append(f'{prescription or "this sheet"} names no guide, so it prints the '
                           f'"{source.guide.title}" guide\'s safety box; this workspace has several '
                           f"guides ({', '.join(sorted(s.guides))}): write guide: <id> in the "
                           "prescription, or give --guide")
    target, note = choose_target(output or s.out_dir / routine_name(rx), rx,
                                 explicit=output is not None, force=force)
    # choose_target checked whose sheet the file is: this patient's may be replaced
    with replacing(force), reissue(target, rx):
        written = write_routine(source, rx, target, paper=s.paper,
                                per_page=int(per_page.value) if per_page else None,
                                fillable=fillable, resources=s.resources,
                                tracker=Tracker(tracker).value)
    if note:
        err.print(f"[yellow]note:[/] {note}", soft_wrap=True)
    report([written])
