"""Posters: one page made from parts of the guide, laid out the same at every size;
and the pocket card: two A6 faces from the guide's poster designs, or four to a sheet.

The designs are content: the guide's ``posters:`` list names the sections, FAQ entries
and safety content each one prints. The layout is written in ``rem`` in ``poster.css``;
the root font size grows with the paper: a poster that fits one size fits them all.
"""

from __future__ import annotations

from pathlib import Path

from guidepress.content.guide import PosterDesign
from guidepress.content.loader import GuideSource
from guidepress.errors import ContentError, UsageError
from guidepress.layout.measure import footer_height, page_fill
from guidepress.look.paper import (CARD_SIZES, PT_PER_MM, SHEETS, US_SIZES, PageSize, Paper,
                                   parse_bleed, poster_size)
from guidepress.look.resources import Resources
from guidepress.pdf.imposition import impose_cards, to_pdf, write_imposed
from guidepress.render.context import base_context
from guidepress.render.engine import PdfRenderer, Rendered
from guidepress.render.product import Written, render_product, write_product

TEMPLATE = "poster.html"
STYLESHEETS = ["tokens.css", "print.css", "poster.css"]
BASE_PT = 12.5             # smallest root font size on an A4 poster; all else is in rem
BODY_PT = 12               # the default theme's body size, which a theme's type_scale multiplies
FIT_STEPS = (1.3, 1.15)    # larger type tried, largest first, when the content leaves room
REFERENCE_MM = (210, 297)  # A4, the size the layout is drawn for
FOOT_REM = 4.3             # room for the footer: two lines of small print and padding
CARD_TEMPLATE = "card.html"
CARD_STYLESHEETS = ["tokens.css", "print.css", "card.css"]
CARD_FOOT_MM = 9
CARD_ROOT_PT = (10.5, 9.5, 8.5)  # type sizes tried, largest first; the card uses the first that fits


def _scale(size: PageSize) -> float:
    """How much larger than A4 (in the same orientation) the poster is."""
    short, long = sorted(REFERENCE_MM)
    ref = (long, short) if size.landscape else (short, long)
    return min(size.width_mm / ref[0], size.height_mm / ref[1])


def find_design(source: GuideSource, name: str | None) -> PosterDesign:
    """The design called ``name`` (the first one when ``name`` is None)."""
    found = list(source.guide.posters)
    if not found:
        raise UsageError(f"{source.file} has no poster designs; add a posters: list "
                         "(see the built-in guide for an example)")
    chosen = found[0] if name is None else next((d for d in found if d.id == name), None)
    if chosen is not None:
        return chosen
    raise UsageError(f'no poster design "{name}"; choose {", ".join(d.id for d in found)} '
                     "(guidepress poster --list describes them)")


def design_title(source: GuideSource, design: PosterDesign) -> str:
    """The poster's title: its own, else its first section's heading, else the safety heading."""
    if design.title:
        return design.title
    if design.sections:
        return next(s.heading for s in source.guide.all_sections() if s.id == design.sections[0])
    if design.faq:
        return source.guide.faq.entries[design.faq[0] - 1].question
    return source.guide.safety.heading


def describe(source: GuideSource, design: PosterDesign) -> str:
    """One line saying what a design prints, for ``poster --list``."""
    parts = []
    if design.sections:
        parts.append(f"{', '.join(design.show)} of sections {', '.join(design.sections)}")
    if design.faq:
        parts.append(f"FAQ {', '.join(map(str, design.faq))}")
    if design.safety:
        parts.append("warning signs" if design.safety == "signs" else "safety advice and warning signs")
    card = f"; card {design.card}" if design.card else ""
    return f"{design_title(source, design)}: {'; '.join(parts)} (default size {design.size}{card})"


def design_parts(source: GuideSource, design: PosterDesign) -> dict:
    """The guide content a design prints, looked up once for the templates."""
    by_id = {s.id: s for s in source.guide.all_sections()}
    faq = source.guide.faq.entries if source.guide.faq else []
    return {
        "design": design,
        "title": design_title(source, design),
        "sections": [by_id[name] for name in design.sections],
        "show": set(design.show),
        "faq_entries": [faq[n - 1] for n in design.faq],
        "safety": source.guide.safety if design.safety else None,
        "safety_body": design.safety == "all",
        "part_count": len(design.sections) + len(design.faq) + bool(design.safety),
    }


def poster_context(source: GuideSource, design: PosterDesign, size: PageSize, *,
                   bleed_mm: float = 0.0, marks: bool = False, fit: float = 1.0,
                   foot_rem: float = FOOT_REM, type_scale: float = 1.0) -> dict:
    """Everything the poster template needs (``fit``: type larger than the base size, to
    fill a sparse poster; ``foot_rem``: the footer's room, in rem; ``type_scale``: the
    theme's type against the default, 1.5 in large print)."""
    context = base_context(source, Paper.a4)
    context.update(design_parts(source, design))
    root_pt = BASE_PT * _scale(size)
    if type_scale > 1:  # a larger-print theme's body size, wherever the paper's scale is below it
        root_pt = max(root_pt, BODY_PT * type_scale)
    root_pt = round(root_pt * fit, 2)
    context.update(paper=size, landscape=size.landscape, root_pt=root_pt,
                   foot_pt=round(root_pt * foot_rem, 2), bleed_mm=bleed_mm, marks=marks)
    return context


def render_poster(source: GuideSource, design: str | None = None, *, size: str | None = None,
                  landscape: bool = False, bleed: float | str | None = None, marks: bool = False,
                  resources: Resources | None = None,
                  renderer: PdfRenderer | None = None) -> Rendered:
    """Lay out one poster; a ContentError if it does not fit on exactly one page."""
    chosen = find_design(source, design)
    page = poster_size(size or chosen.size).turned(landscape)
    # Crop marks are drawn in the bleed area, so marks alone get the usual 3 mm.
    bleed_mm = parse_bleed(bleed) or (3.0 if marks else 0.0)
    resources = resources or Resources()
    renderer = renderer or PdfRenderer([source.folder, *resources.roots])

    foot = [FOOT_REM]

    def attempt(fit: float) -> Rendered:
        context = poster_context(source, chosen, page, bleed_mm=bleed_mm, marks=marks, fit=fit,
                                 foot_rem=foot[0], type_scale=resources.type_scale)
        rendered = render_product(source, template=TEMPLATE, stylesheets=STYLESHEETS,
                                  context=context, resources=resources, renderer=renderer)
        needed = footer_height(rendered.document, "foot") * PT_PER_MM / context["root_pt"]
        if needed > foot[0] + 0.05:  # a long clinic line wraps: give the footer its room
            foot[0] = round(needed + 0.2, 2)
            return attempt(fit)
        return rendered

    rendered = attempt(1.0)
    if rendered.page_count != 1:
        where = f"{page.name}{' landscape' if landscape else ''}"
        raise ContentError(
            f'poster "{chosen.id}" does not fit on one {where} page (it needs {rendered.page_count}): '
            f"print fewer sections, items or FAQ entries in its posters: entry in {source.file}, "
            "or shorten their text")
    fill = page_fill(rendered.document)
    for fit in FIT_STEPS:  # the same steps at every size, so the layout scales as one
        if fill is not None and fill * fit > 1:
            continue  # everything grows at least as fast as the type: it cannot fit
        larger = attempt(fit)
        if larger.page_count == 1:
            return larger
    return rendered


def write_poster(source: GuideSource, target: Path, design: str | None = None, **options) -> Written:
    """Render one poster to the PDF file ``target``."""
    return write_product(render_poster(source, design, **options), target)


def poster_name(source: GuideSource, design: str, size: str, landscape: bool = False) -> str:
    """Default file name, e.g. ``back-in-action-poster-core-series-a3.pdf``."""
    return f"{source.slug}-poster-{design}-{size}{'-landscape' if landscape else ''}.pdf"


def default_size(design: PosterDesign, paper: Paper = Paper.a4) -> str:
    """A design's own size, or its US equivalent when building for Letter paper."""
    return US_SIZES.get(design.size, design.size) if paper is Paper.letter else design.size


def card_faces(source: GuideSource) -> dict:
    """The designs printed on the card's front and back (``card: front/back`` in the guide)."""
    faces = {d.card: d for d in source.guide.posters if d.card}
    missing = [side for side in ("front", "back") if side not in faces]
    if missing:
        raise UsageError(f"{source.file}: no poster design is marked card: {missing[0]}; "
                         f"add card: {missing[0]} to one entry of posters:")
    return faces


def has_card(source: GuideSource) -> bool:
    """Whether the guide marks designs for both faces of the card."""
    return {d.card for d in source.guide.posters} >= {"front", "back"}


def has_form(resources: Resources) -> bool:
    """Whether the card prints in the resources' theme: not at large-print sizes."""
    return resources.type_scale <= 1


def render_card(source: GuideSource, *, paper: Paper = Paper.a4,
                resources: Resources | None = None,
                renderer: PdfRenderer | None = None) -> Rendered:
    """Lay out the two-sided card; a ContentError if a face does not fit on its page."""
    faces = card_faces(source)
    resources = resources or Resources()
    if not has_form(resources):
        raise UsageError(f'the pocket card has no "{resources.theme}" form: a quarter of a sheet '
                         "cannot hold its text at large-print sizes; print a poster or the "
                         "handout in that theme instead")
    size = CARD_SIZES[paper]
    context = base_context(source, paper)
    context.update(paper=size, foot_mm=CARD_FOOT_MM,
                   front=design_parts(source, faces["front"]),
                   back=design_parts(source, faces["back"]))
    renderer = renderer or PdfRenderer([source.folder, *resources.roots])
    for root_pt in CARD_ROOT_PT:
        for again in (False, True):  # a long clinic line wraps: once more, giving the footer room
            rendered = render_product(source, template=CARD_TEMPLATE, stylesheets=CARD_STYLESHEETS,
                                      context={**context, "root_pt": root_pt},
                                      resources=resources, renderer=renderer)
            needed = footer_height(rendered.document, "face-foot")
            if again or needed <= context["foot_mm"] + 0.2:
                break
            context["foot_mm"] = round(needed + 0.5, 1)
        if rendered.page_count == 2:
            return rendered
    raise ContentError(
        f'the pocket card ({faces["front"].id} on the front, {faces["back"].id} on the back) '
        f"does not fit on two {size.name} faces (it needs {rendered.page_count} pages): "
        f"print less in those designs in {source.file}")


def write_card(source: GuideSource, target: Path, *, sheet: bool = False,
               paper: Paper = Paper.a4, **options) -> Written:
    """Write the card (two pages), or with ``sheet`` four cards on each side of a sheet."""
    rendered = render_card(source, paper=paper, **options)
    if not sheet:
        return write_product(rendered, target)
    imposed = impose_cards(to_pdf(rendered), SHEETS[paper])
    return Written(Path(target), write_imposed(imposed, target), rendered.warnings)


def card_name(source: GuideSource, sheet: bool = False) -> str:
    """Default file name, e.g. ``back-in-action-card.pdf`` or ``...-card-sheet.pdf``."""
    return f"{source.slug}-card{'-sheet' if sheet else ''}.pdf"
