"""The pocket card: two A6 faces from the guide's poster designs, or four to a sheet."""

from __future__ import annotations

from pathlib import Path

from guidepress.content.loader import GuideSource
from guidepress.errors import ContentError, UsageError
from guidepress.layout.measure import footer_height
from guidepress.look.paper import CARD_SIZES, SHEETS, Paper
from guidepress.look.resources import Resources
from guidepress.pdf.imposition import impose_cards, to_pdf, write_imposed
from guidepress.products.posters import design_parts
from guidepress.render.context import base_context
from guidepress.render.engine import PdfRenderer, Rendered
from guidepress.render.product import Written, render_product, write_product

TEMPLATE = "card.html"
STYLESHEETS = ["tokens.css", "print.css", "card.css"]
FOOT_MM = 9
ROOT_PT = (10.5, 9.5, 8.5)  # type sizes tried, largest first; the card uses the first that fits


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
    context.update(paper=size, foot_mm=FOOT_MM,
                   front=design_parts(source, faces["front"]),
                   back=design_parts(source, faces["back"]))
    renderer = renderer or PdfRenderer([source.folder, *resources.roots])
    for root_pt in ROOT_PT:
        for again in (False, True):  # a long clinic line wraps: once more, giving the footer room
            rendered = render_product(source, template=TEMPLATE, stylesheets=STYLESHEETS,
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
