"""The personalised routine sheet: a patient's exercises, doses, tracker and safety box."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from markupsafe import Markup

from guidepress.content.labels import day_labels, long_date, short_date, weekday_name
from guidepress.content.loader import GuideSource
from guidepress.content.prescription import Prescription
from guidepress.content.rules import sheet_layout
from guidepress.errors import UsageError
from guidepress.files import safe_stem
from guidepress.freshness import sha256_hex
from guidepress.layout import flow, measure
from guidepress.layout.paginate import FILL_GAIN, STACK_GAIN, Card, Part, Policy
from guidepress.layout.units import PARTS as TAIL
from guidepress.look.filters import page_counter_css
from guidepress.look.paper import Paper
from guidepress.look.resources import Resources
from guidepress.owned import INPUTS_KEY, PATIENT_KEY, ROW_KEY, approved, row_mark
from guidepress.render.context import base_context, footer_line
from guidepress.render.engine import PdfRenderer, Rendered
from guidepress.render.product import Written, write_product

TEMPLATE = "routine.html"
STYLESHEETS = ["tokens.css", "print.css", "cards.css", "routine.css"]


def tracker_weeks(start: dt.date, weeks: int, language: str = "en") -> list[dict]:
    """``weeks`` rows of seven days from ``start``, each day labelled for the grid
    (``name``: the full weekday, for the form fields' spoken names), each week with its
    ``span``: its dates, the month said once when it does not change ("1–7 Dec")."""
    def day(d: dt.date) -> dict:
        weekday, label = day_labels(d, language)
        return {"date": d, "weekday": weekday, "label": label, "name": weekday_name(d, language)}

    rows = []
    for w in range(weeks):
        days = [day(start + dt.timedelta(days=7 * w + d)) for d in range(7)]
        first, last = days[0], days[-1]
        span = (f"{first['date'].day}–{last['label']}" if first["date"].month == last["date"].month
                else f"{first['label']}–{last['label']}")
        rows.append({"number": w + 1, "days": days, "span": span})
    return rows


def patient_key(rx: Prescription) -> str:
    """A short fingerprint of who the sheet is for, stored in the PDF's metadata."""
    return sheet_key(rx.form.patient, rx.form.patient_id, rx.sheet_id)


def sheet_key(patient: str, patient_id: str, sheet_id: str = "") -> str:
    """The fingerprint of ``patient_key`` from the prescription's plain fields (a batch
    row's), so a sheet can be matched to its row without building the prescription."""
    who = f"{patient.strip().casefold()}|{patient_id.strip().casefold()}"
    if sheet_id:
        who += f"|{sheet_id}"
    return sha256_hex(who)[:16]


def sessions_note(rx: Prescription, sessions: int, labels: dict) -> str:
    """What the daily tracker says of its ``sessions`` a day: how many, and which
    exercises the sessions after the first are for, when not all are done as often
    (HTML: each name kept on one line)."""
    if sessions == 1:
        return ""
    often = [Markup('<span class="phrase">{}</span>').format(item.exercise.name)  # never "gato-/vaca"
             for item in rx.items if item.dose.per_day == sessions]
    if len(often) == len(rx.items):
        return labels["tracker_sessions"].format(n=sessions)
    names = often[0] if len(often) == 1 else (Markup(", ").join(often[:-1]) + Markup(" ")
                                               + labels["and"] + Markup(" ") + often[-1])
    return Markup.escape(labels["tracker_sessions_some"]).format(n=sessions, names=names)


def routine_context(source: GuideSource, rx: Prescription, paper: Paper, per_page: int,
                    fillable: bool, made: dt.date, tracker: str = "daily") -> dict:
    """Everything the routine template needs, computed once here."""
    context = base_context(source, paper)
    labels, guide, form, lang = context["labels"], source.guide, rx.form, context["language"]
    end = rx.start + dt.timedelta(weeks=form.weeks) - dt.timedelta(days=1)
    sessions = max(item.dose.per_day for item in rx.items)
    context.update(
        rx=rx,
        per_page=per_page,
        notes_extra_mm=0,
        fillable=fillable,
        numbered=list(enumerate(rx.items, start=1)),
        sheet_pages=[],  # the pages, as layout/flow.py plans them
        tracker=tracker,
        sessions=sessions,
        sessions_note=sessions_note(rx, sessions, labels),
        weeks=tracker_weeks(rx.start, form.weeks, lang),
        made=long_date(made, lang),
        date=short_date(form.date, lang),
        programme=labels["programme_span"].format(
            weeks=form.weeks, start=short_date(rx.start, lang), end=short_date(end, lang)),
        follow_up=short_date(form.follow_up, lang) if form.follow_up else "",
        note_by=f"{labels['note_from']} {form.clinician}".strip() if form.clinician else labels["note"],
        patient_key=patient_key(rx),
        footer_note=footer_line(f"{labels['made']} {long_date(made, lang)}", guide.title,
                                f"{labels['version']} {guide.version}"),
    )
    return context


def _card(item, number: int, figure: float | None, stacked: bool = False) -> dict:
    return {"kind": "card", "item": item, "number": number, "figure": figure, "stacked": stacked}


def _measuring(context: dict) -> None:
    """The measuring layout: the header, then each card and each part on a page of its own."""
    context.update(card_cuts={}, notes_extra_mm=0, sheet_pages=[[]] + [
        [_card(item, n, measure.MEASURING_MM)] for n, item in context["numbered"]] + [
        [{"kind": "part", "name": name}] for name in TAIL])


def _planned(context: dict, pages: list, cuts: list[int]) -> None:
    """The planned pages as the template takes them. Room left on a page the notes
    share with no card goes to the notes box; room under cards, to lines to write on."""
    items = context["numbered"]
    context["card_cuts"] = {item.exercise.id: cut for (_, item), cut in zip(items, cuts)}
    context["notes_extra_mm"] = 0
    sheet = []
    for page in pages:
        notes_only = Part("notes") in page and not any(isinstance(e, Card) for e in page)
        entries = []
        for entry in page:
            if isinstance(entry, Card):
                entries.append(_card(items[entry.index][1], entry.index + 1, entry.figure, entry.stacked))
            elif isinstance(entry, Part):
                entries.append({"kind": "part", "name": entry.name})
            elif notes_only:
                context["notes_extra_mm"] = entry.mm
            else:
                entries.append({"kind": "space", "mm": entry.mm})
        sheet.append(entries)
    context["sheet_pages"] = sheet


def _first_only(context: dict, pages: int) -> None:
    """Page 1 of the planned pages alone, its folio counting all ``pages``."""
    context["sheet_pages"] = context["sheet_pages"][:1]
    context["page_x_of_y"] = page_counter_css(context["labels"]["page_x_of_y"], pages)


def render_routine(source: GuideSource, rx: Prescription, **options) -> Rendered:
    """Lay out the routine sheet for one prescription, its pages planned from the
    sizes of its units (see ``layout.flow``); ``options`` as ``routine_product`` takes them."""
    return flow.lay_out(routine_product(source, rx, **options))


def render_first_page(source: GuideSource, rx: Prescription, **options) -> tuple[Rendered, int] | None:
    """Page 1 of the routine sheet alone, as it prints, and the sheet's page count (a
    preview's first page, for a fraction of the whole layout); None when page 1 alone
    cannot be trusted to be the print's (``layout.flow.lay_out_first``)."""
    return flow.lay_out_first(routine_product(source, rx, **options))


def routine_product(source: GuideSource, rx: Prescription, *, paper: Paper = Paper.a4,
                    per_page: int | None = None, fillable: bool = False,
                    made: dt.date | None = None, resources: Resources | None = None,
                    renderer: PdfRenderer | None = None, tracker: str = "daily") -> flow.Product:
    """The routine sheet for one prescription as a product to lay out."""
    layout = sheet_layout(rx.form.per_page if per_page is None else per_page, tracker)
    per_page, tracker = layout.per_page, layout.tracker
    resources = resources or Resources()
    per_page = min(per_page, resources.max_cards_per_page or per_page)
    context = routine_context(source, rx, paper, per_page, fillable, made or dt.date.today(),
                              tracker)
    renderer = renderer or PdfRenderer([source.folder, *resources.roots])
    # sizes in the renderer only (not kept): a card's markup holds the patient's dose and note
    return flow.Product(
        source, TEMPLATE, STYLESHEETS, resources, renderer, context, _measuring, _planned,
        # the notes box never takes a page alone: the header gives the next appointment
        # (or a line to write it on)
        Policy(per_page, TAIL, early=("safety",), optional=("notes",),
               stack_gain=FILL_GAIN if resources.type_scale > 1 else STACK_GAIN),
        options=(paper, per_page, fillable, tracker, resources.pdf_variant, source.folder,
                 source.guide.language, id(resources)),
        pdf_options={"pdf_forms": fillable}, first_only=_first_only)


def write_routine(source: GuideSource, rx: Prescription, target: Path, *, inputs: str = "",
                  **options) -> Written:
    """Render the routine sheet to ``target``; a batch's sheet (``inputs``: the hash of
    its row's inputs) is stamped with its row and that hash, so that a sheet made from
    another row, or from an older prescription, is never taken for this one."""
    rendered = render_routine(source, rx, **options)
    if inputs:  # WeasyPrint writes custom metadata under the key's letters and digits
        rendered.document.metadata.custom.update({
            ROW_KEY.strip("/"): row_mark(rx.sheet_id), INPUTS_KEY.strip("/"): inputs})
    written = write_product(rendered, target)
    written.warnings[:0] = rx.warnings
    return written


def routine_name(rx: Prescription) -> str:
    """Default file name for a patient's sheet, e.g. ``Ana-García-routine.pdf``."""
    return f"{safe_stem(rx.who, fallback='patient')}-routine.pdf"


def sheet_owner(path: Path) -> str | None:
    """The patient fingerprint stored in an existing sheet, or None. Read with pypdf, which
    refuses a little damaged file (no end marker) that qpdf (``owned.sheet_marks``, for a
    batch's many sheets) would repair: such a file is in the way, not a sheet to re-issue."""
    import io

    from pypdf import PdfReader

    from guidepress.objstreams import crowded
    from guidepress.pdf.merge import MAX_SHEET

    # a device or pipe would block or never end; pypdf reads a file whole: no sheet is this large
    if not Path(path).is_file() or Path(path).stat().st_size > MAX_SHEET:
        return None
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL)  # its notes on a damaged file ("EOF marker not found")
    try:                               # are not for the user: whose sheet it is, is enough
        data = Path(path).read_bytes()
        if crowded(data):  # its object streams would take gigabytes to read: no sheet
            return None
        info = PdfReader(io.BytesIO(data)).metadata or {}
        owner = info.get(PATIENT_KEY)
        return str(owner) if owner else None
    except Exception:  # noqa: BLE001 - pypdf raises many kinds on a damaged file
        # A file pypdf cannot read is not a sheet we wrote: it belongs to no patient.
        return None
    finally:
        logger.setLevel(level)


def reissue(target: Path, rx: Prescription):
    """A context in which ``target`` may be replaced if it is this patient's own sheet."""
    return approved([target] if sheet_owner(target) == patient_key(rx) else [])


def choose_target(target: Path, rx: Prescription, *, explicit: bool, force: bool) -> tuple[Path, str]:
    """Where to write a patient's sheet, and a note for the user ('' if none): a sheet made
    for the same patient is replaced (a re-issue); with a name the user gave (``explicit``)
    anything else is refused unless ``force``; else the next free ``-2``, ``-3``... name."""
    key = patient_key(rx)
    if force or not target.exists() or sheet_owner(target) == key:
        return target, ""
    if explicit:
        raise UsageError(f"{target} already exists and is not this patient's sheet; "
                         "choose another file name, or use --force to replace it")
    for n in range(2, 1000):
        candidate = target.with_name(f"{target.stem}-{n}{target.suffix}")
        if not candidate.exists() or sheet_owner(candidate) == key:
            return candidate, (f"{target.name} belongs to another patient's sheet; "
                               f"wrote {candidate.name} instead")
    raise UsageError(f"{target.parent}: too many sheets named {target.stem}-N.pdf; use -o")
