"""The patient handout: the whole guide, printed as a multi-page document, or as a
saddle-stitched booklet (A5 pages, half-letter on Letter, imposed two to a side
on A4 or Letter landscape sheets for duplex printing).

Its exercise cards, like the library's contact sheet's (a compact row per exercise, for
review), come together in one flow, their pages planned by the layout layer and
their sizes kept between runs (``lay_out_cards``)."""

from __future__ import annotations

import datetime as dt
from itertools import combinations
from pathlib import Path

from guidepress.content.labels import day_labels
from guidepress.content.loader import ARTICLE, GuideSource
from guidepress.errors import UsageError
from guidepress.freshness import digest_files
from guidepress.layout import flow, measure
from guidepress.layout.paginate import FILL_GAIN, Card, Policy, Space
from guidepress.look.paper import BOOKLET_SIZES, SHEETS, Paper
from guidepress.look.resources import Resources
from guidepress.pdf.imposition import impose_booklet, to_pdf, write_imposed
from guidepress.render.context import base_context
from guidepress.render.engine import PdfRenderer, Rendered
from guidepress.render.product import Written, write_product

TEMPLATE = "handout.html"
LIBRARY_TEMPLATE = "exercise-sheet.html"  # the contact sheet
STYLESHEETS = ["tokens.css", "print.css", "cards.css", "handout.css"]
BOOKLET_STYLES = [*STYLESHEETS, "booklet.css"]
PICTURE_FILES = (".svg", ".png", ".jpg", ".jpeg")
CARDS_PER_PAGE = 2
# what takes a booklet's would-be blank pages, the most useful first (handout.html)
BOOKLET_EXTRAS = ("plan", "notes", "record")
RECORD_WEEKS = list(range(1, 9))  # the record's rows
MONDAY = dt.date(2024, 1, 1)  # any Monday: the record's columns are the days of a week


def handout_context(source: GuideSource, paper: Paper) -> dict:
    """The shared context, and the cover: the guide's picture or its first exercise's figure."""
    context = base_context(source, paper)
    guide = source.guide
    name = guide.cover or next((e for s in guide.all_sections() for e in s.exercises), "")
    cover = ({"image": guide.cover} if guide.cover.lower().endswith(PICTURE_FILES)
             else {"exercise": source.library.resolve(name)} if name else {})
    context.update(cover=cover, booklet=False, card_pages=[], measuring=False)  # lay_out_cards fills them
    return context


def card_sequence(source: GuideSource) -> list[tuple]:
    """The guide's exercise cards in order, each with the heading of the section
    that names it on the first card of that section (None on the others)."""
    return [(source.library.resolve(name), section.heading if n == 0 else None)
            for section in source.guide.all_sections() for n, name in enumerate(section.exercises)]


def _card(entry: tuple, figure: float | None, stacked: bool = False) -> dict:
    exercise, heading = entry
    return {"exercise": exercise, "heading": heading, "figure": figure, "stacked": stacked}


def lay_out_cards(source, template: str, stylesheets: list[str], context: dict, sequence: list[tuple],
                  *, resources, renderer=None, options: tuple, last: bool = False,
                  per_page: int = CARDS_PER_PAGE):
    """Lay out a product whose cards (``sequence``: each exercise and the heading over
    it, or None) come together. ``options``: what else the layout depends on (paper,
    variant, language); ``last``: nothing is printed after the cards; ``per_page``:
    the most cards a page holds (``measure.COMPACT``: a compact list's rows). The cards' sizes
    are kept between runs: nothing about a patient is in them."""
    context.update(card_pages=[], card_cuts={}, measuring=False)

    def measuring(ctx: dict) -> None:
        # one card a "page" that flows on from the last (no page break): no one text the
        # template makes holds every card, however large the library
        ctx.update(card_cuts={}, measuring=True,
                   card_pages=[{"cards": [_card(e, measure.MEASURING_MM)], "space": 0, "flow": True}
                               for e in sequence])

    def planned(ctx: dict, pages: list, cuts: list[int]) -> None:
        ctx.update(card_cuts={entry[0].id: cut for entry, cut in zip(sequence, cuts)},
                   measuring=False,
                   card_pages=[{"cards": [_card(sequence[e.index], e.figure, e.stacked) for e in page
                                          if isinstance(e, Card)],
                                "space": next((e.mm for e in page if isinstance(e, Space)), 0),
                                "flow": False}
                               for page in pages])

    # the clinic's own templates by content: a style in a template's head may size the
    # cards, so an edited template is a new scope (built-in ones change with the version)
    templates = sorted(f"{p}:{d}" for p, d in digest_files(list(resources.template_dirs)).items())
    product = flow.Product(
        source, template, stylesheets, resources,
        renderer or PdfRenderer([source.folder, *resources.roots]), context, measuring, planned,
        # a card alone on its page (it pairs with neither neighbour) stacks its frames
        # into the room rather than leave half the page empty
        Policy(per_page, last=last, stack_gain=FILL_GAIN),
        (*options, per_page, *templates), kept=True)
    if not sequence:  # a guide that names no exercise has no exercise pages
        return product.lay_out(None)
    return flow.lay_out(product)


def render_handout(source: GuideSource, *, paper: Paper = Paper.a4,
                   resources: Resources | None = None, renderer: PdfRenderer | None = None,
                   stylesheets: list[str] = STYLESHEETS, context: dict | None = None) -> Rendered:
    """Lay out the handout of ``source`` without writing it, its exercise pages
    planned from the sizes of its cards (``lay_out_cards``)."""
    resources = resources or Resources()
    context = context or handout_context(source, paper)
    return lay_out_cards(source, TEMPLATE, stylesheets, context, card_sequence(source),
                         resources=resources, renderer=renderer,
                         options=(paper, context["paper"], resources.pdf_variant,
                                  context["language"], context["booklet"]),
                         last=not source.guide.faq and not context["booklet"])


def write_handout(source: GuideSource, target: Path, **options) -> Written:
    """Render the handout of ``source`` to the PDF file ``target``."""
    return write_product(render_handout(source, **options), target)


def handout_name(source: GuideSource) -> str:
    """Default file name of a guide's handout, e.g. ``back-in-action-handout.pdf``, or
    ``back-in-action-handout-plain.pdf`` for the plain edition."""
    edition = "" if source.edition == ARTICLE else f"-{source.edition}"
    return f"{source.slug}-handout{edition}.pdf"


def render_booklet_pages(source: GuideSource, *, paper: Paper = Paper.a4,
                         resources: Resources | None = None,
                         renderer: PdfRenderer | None = None) -> Rendered:
    """The handout laid out on the booklet's half-sheet pages, in reading order."""
    if resources is not None and resources.type_scale > 1:
        raise UsageError(f'the booklet has no "{resources.theme}" form: its half-sheet pages '
                         "cannot hold an exercise card at large-print sizes; print the handout "
                         "in that theme instead (without --booklet)")
    context = handout_context(source, paper)
    context.update(paper=BOOKLET_SIZES[paper], booklet=True, extras=(), record_weeks=RECORD_WEEKS,
                   weekdays=[day_labels(MONDAY + dt.timedelta(days=n), context["language"])[0]
                             for n in range(7)])

    def render(extras: tuple[str, ...]) -> Rendered:
        context.update(extras=extras)
        return render_handout(source, paper=paper, resources=resources, renderer=renderer,
                              stylesheets=BOOKLET_STYLES, context=context)

    # a booklet's pages come in fours: pages that would be blank before the back
    # cover take the extra pages instead, as long as each still fits a page. Laid
    # out once with all of them, each one's pages are counted; a second layout only
    # when they are not all wanted
    rendered = render(BOOKLET_EXTRAS)
    taken = extra_pages(rendered)
    bare = rendered.page_count - sum(taken.values())
    blank = -bare % 4
    fitting = [e for e in BOOKLET_EXTRAS if taken.get(e) == 1]
    chosen = next(iter(combinations(fitting, blank)), ()) if blank <= len(fitting) else ()
    if chosen == BOOKLET_EXTRAS:
        return rendered
    return render(chosen)


def extra_pages(rendered: Rendered) -> dict[str, int]:
    """How many pages each of a booklet's extra pages (``booklet.html``) runs to."""
    found: dict[str, set[int]] = {}
    for box in measure.placed(rendered.document, lambda e: "booklet-extra" in (e.get("class") or "")):
        kind = next(c[:-5] for c in box.element.get("class").split() if c.endswith("-page"))
        found.setdefault(kind, set()).add(box.page)
    return {kind: len(pages) for kind, pages in found.items()}


def write_booklet(source: GuideSource, target: Path, *, paper: Paper = Paper.a4,
                  **options) -> Written:
    """Render and impose the booklet; the file holds the sheets' sides in printing order."""
    rendered = render_booklet_pages(source, paper=paper, **options)
    imposed = impose_booklet(to_pdf(rendered), SHEETS[paper], back_cover=True)
    return Written(Path(target), write_imposed(imposed, target), rendered.warnings)


def booklet_name(source: GuideSource) -> str:
    """Default file name, e.g. ``back-in-action-booklet.pdf``."""
    return f"{source.slug}-booklet.pdf"


def write_library_sheet(source: GuideSource, target: Path, *, paper: Paper = Paper.a4,
                        resources: Resources | None = None) -> Written:
    """Render every exercise of the guide's library as a compact card (figure, default
    dose, steps in short), grouped by category: the library at a glance."""
    context = base_context(source, paper)
    labels = context["labels"]
    sequence, seen = [], set()
    for exercise in source.library:  # in category order: a heading on each category's first
        first = exercise.category not in seen
        seen.add(exercise.category)
        sequence.append((exercise, labels["category_" + exercise.category] if first else None))
    context["library_size"] = len(source.library)
    resources = resources or Resources()
    return write_product(lay_out_cards(
        source, LIBRARY_TEMPLATE, STYLESHEETS, context, sequence, resources=resources,
        # a clinician's overview, not a patient's sheet: no lines to write notes on
        options=(paper, resources.pdf_variant, context["language"]), per_page=measure.COMPACT), target)
