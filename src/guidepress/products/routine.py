"""The personalised routine sheet: a patient's exercises, doses, tracker and safety box."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path

from markupsafe import escape

from guidepress.content.labels import day_labels, long_date, short_date, weekday_name
from guidepress.content.loader import GuideSource
from guidepress.content.choices import PER_PAGE, TRACKERS
from guidepress.content.prescription import Prescription
from guidepress.errors import OptionError, UsageError
from guidepress.files import safe_stem
from guidepress.look.paper import Paper
from guidepress.look.resources import Resources
from guidepress.owned import PATIENT_KEY, approved  # PATIENT_KEY: whose sheet a file is
from guidepress.products import measures, pages
from guidepress.render.context import base_context
from guidepress.render.engine import PdfRenderer, Rendered
from guidepress.render.product import (Written, fill_template, render_html, render_product,
                                       write_product)

TEMPLATE = "routine.html"
STYLESHEETS = ["tokens.css", "print.css", "cards.css", "routine.css"]


@dataclass(frozen=True)
class Day:
    date: dt.date
    weekday: str
    label: str
    name: str  # the full weekday, for the form fields' spoken names


@dataclass(frozen=True)
class Week:
    number: int
    days: list[Day]


def tracker_weeks(start: dt.date, weeks: int, language: str = "en") -> list[Week]:
    """``weeks`` rows of seven days from ``start``, each day labelled for the grid."""
    out = []
    for w in range(weeks):
        days = [start + dt.timedelta(days=7 * w + d) for d in range(7)]
        out.append(Week(w + 1, [Day(d, *day_labels(d, language), weekday_name(d, language))
                                 for d in days]))
    return out


def patient_key(rx: Prescription) -> str:
    """A short fingerprint of who the sheet is for, stored in the PDF's metadata."""
    return sheet_key(rx.form.patient, rx.form.patient_id, rx.sheet_id)


def sheet_key(patient: str, patient_id: str, sheet_id: str = "") -> str:
    """The fingerprint of ``patient_key`` from the prescription's plain fields (a batch
    row's), so a sheet can be matched to its row without building the prescription."""
    who = f"{patient.strip().casefold()}|{patient_id.strip().casefold()}"
    if sheet_id:
        who += f"|{sheet_id}"
    return hashlib.sha256(who.encode()).hexdigest()[:16]


def routine_context(source: GuideSource, rx: Prescription, paper: Paper, per_page: int,
                    fillable: bool, made: dt.date, tracker: str = "daily") -> dict:
    """Everything the routine template needs, computed once here."""
    context = base_context(source, paper)
    labels, guide, form, lang = context["labels"], source.guide, rx.form, context["language"]
    end = rx.start + dt.timedelta(weeks=form.weeks) - dt.timedelta(days=1)
    numbered = list(enumerate(rx.items, start=1))
    context.update(
        rx=rx,
        per_page=per_page,
        notes_extra_mm=0,
        fillable=fillable,
        numbered=numbered,
        # first layout, to measure: the header, then each card and each part after
        # them on a page of its own (see ``measures``)
        sheet_pages=[[]] + [[entry] for entry in measuring_entries(numbered)],
        measuring=True,
        tracker=tracker,
        sessions=max(item.dose.per_day for item in rx.items),
        weeks=[dataclasses.asdict(week) for week in tracker_weeks(rx.start, form.weeks, lang)],
        made=long_date(made, lang),
        date=short_date(form.date, lang),
        programme=labels["programme_span"].format(
            weeks=form.weeks, start=short_date(rx.start, lang), end=short_date(end, lang)),
        follow_up=short_date(form.follow_up, lang) if form.follow_up else "",
        note_by=f"{labels['note_from']} {form.clinician}".strip() if form.clinician else labels["note"],
        patient_key=patient_key(rx),
        footer_note=f"{labels['made']} {long_date(made, lang)} · {guide.title} · "
                    f"{labels['version']} {guide.version}",
    )
    return context


def measuring_entries(numbered: list[tuple[int, object]]) -> list[tuple]:
    """What the measuring layout holds: every card, then the parts after them."""
    return ([("card", item, n, None) for n, item in numbered]
            + [("part", name, None, None) for name in pages.TAIL])


def render_routine(source: GuideSource, rx: Prescription, *, paper: Paper = Paper.a4,
                   per_page: int | None = None, fillable: bool = False,
                   made: dt.date | None = None, resources: Resources | None = None,
                   renderer: PdfRenderer | None = None, tracker: str = "daily") -> Rendered:
    """Lay out the routine sheet for one prescription: once to measure its parts,
    then with each page of cards filled (see ``pages``)."""
    per_page = rx.form.per_page if per_page is None else per_page
    if per_page not in PER_PAGE:
        raise OptionError("per-page", "cards per page must be 1 or 2, or 6 for a compact list, "
                          f"not {per_page}: more cards a page would set the steps under 12 pt")
    resources = resources or Resources()
    if tracker not in TRACKERS:
        raise OptionError("tracker", f"the tracker must be one of {', '.join(TRACKERS)}, not {tracker}")
    per_page = min(per_page, resources.max_cards_per_page or per_page)
    context = routine_context(source, rx, paper, per_page, fillable, made or dt.date.today(),
                              tracker)
    renderer = renderer or PdfRenderer([source.folder, *resources.roots])
    html = fill_template(resources, TEMPLATE, context)
    scope = (TEMPLATE, id(resources), paper, per_page, fillable, tracker, source.folder,
             source.guide.language)
    memo = measures.memo_for(renderer)

    def measure():
        return measures.measure(
            html, measuring_entries(context["numbered"]), scope, memo, per_page,
            lambda part: render_html(source, part, stylesheets=STYLESHEETS, resources=resources,
                                     renderer=renderer, pdf_forms=fillable,
                                     product="routine").document,
            private=(str(escape(rx.who)),))

    measured, context["card_cuts"], guess = measure()
    context["measuring"] = False
    rendered = _render_planned(source, context, measured, resources, renderer)
    if guess.heads and not measures.heads_agree(guess, rendered.document):
        # a card head is not as tall as one alike: measure the heads exactly from now on
        memo.digits_alike, memo.replanned = False, memo.replanned + 1
        measured, context["card_cuts"], guess = measure()
        rendered = _render_planned(source, context, measured, resources, renderer)
    room = pages.first_room(rendered.document)
    if guess.header and abs(room - measured.first_page) > measures.TOLERANCE_MM:
        # this patient's header is not as tall as the one remembered: plan again
        measured = dataclasses.replace(measured, first_page=room)
        memo.replanned += 1
        rendered = _render_planned(source, context, measured, resources, renderer)
    return rendered


def _render_planned(source: GuideSource, context: dict, measured: pages.Measured,
                    resources: Resources, renderer: PdfRenderer) -> Rendered:
    """Plan the sheet's pages from ``measured`` and lay it out."""
    per_page, items = context["per_page"], dict(context["numbered"])
    planned = pages.plan(measured, per_page, write_space=True)
    # room left on a page the notes share with no card: the notes box takes it; room
    # under a lone card with more to come: lines to write on
    with_notes = [page for page in planned if ("part", "notes") in page]
    context["notes_extra_mm"] = next((e[1] for e in sum(with_notes, []) if e[0] == "space"), 0)
    context["sheet_pages"] = [
        [(kind, items[ref + 1], ref + 1, rest[0]) if kind == "card" else (kind, ref, None, None)
         for kind, ref, *rest in page if kind != "space" or page not in with_notes]
        for page in planned]
    return render_product(source, template=TEMPLATE, stylesheets=STYLESHEETS, context=context,
                          resources=resources, renderer=renderer, pdf_forms=context["fillable"])


def write_routine(source: GuideSource, rx: Prescription, target: Path, **options) -> Written:
    """Render the routine sheet to ``target``."""
    written = write_product(render_routine(source, rx, **options), target)
    written.warnings[:0] = rx.warnings
    return written


def routine_name(rx: Prescription) -> str:
    """Default file name for a patient's sheet, e.g. ``Ana-García-routine.pdf``."""
    return f"{safe_stem(rx.who, fallback='patient')}-routine.pdf"


def sheet_owner(path: Path) -> str | None:
    """The patient fingerprint stored in an existing sheet, or None if it has none."""
    from pypdf import PdfReader

    if not Path(path).is_file():  # a device or pipe would block or never end
        return None
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.CRITICAL)  # its notes on a damaged file ("EOF marker not found")
    try:                               # are not for the user: whose sheet it is, is enough
        info = PdfReader(path).metadata or {}
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
    """Where to write a patient's sheet without overwriting another patient's.

    A sheet made for the same patient is replaced (a re-issue). With a name the
    user gave (``explicit``), anything else is refused unless ``force``; with a
    name made from the patient, the next free ``-2``, ``-3``... name is used.
    Returns the path and a note to show the user ('' if nothing to say).
    """
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
