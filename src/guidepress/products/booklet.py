"""The handout as a saddle-stitched booklet: A5 pages (half-letter on Letter),
imposed two to a side on A4 (Letter) landscape sheets for duplex printing."""

from __future__ import annotations

from pathlib import Path

from guidepress.content.loader import GuideSource
from guidepress.errors import UsageError
from guidepress.look.paper import BOOKLET_SIZES, SHEETS, Paper
from guidepress.look.resources import Resources
from guidepress.pdf.imposition import impose_booklet, to_pdf, write_imposed
from guidepress.products.handout import STYLESHEETS, handout_context, render_handout
from guidepress.render.engine import PdfRenderer, Rendered
from guidepress.render.product import Written

BOOKLET_STYLES = [*STYLESHEETS, "booklet.css"]


def render_booklet_pages(source: GuideSource, *, paper: Paper = Paper.a4,
                         resources: Resources | None = None,
                         renderer: PdfRenderer | None = None) -> Rendered:
    """The handout laid out on the booklet's half-sheet pages, in reading order."""
    if resources is not None and resources.type_scale > 1:
        raise UsageError(f'the booklet has no "{resources.theme}" form: its half-sheet pages '
                         "cannot hold an exercise card at large-print sizes; print the handout "
                         "in that theme instead (without --booklet)")
    context = handout_context(source, paper)
    context.update(paper=BOOKLET_SIZES[paper], booklet=True)
    return render_handout(source, paper=paper, resources=resources, renderer=renderer,
                          stylesheets=BOOKLET_STYLES, context=context)


def write_booklet(source: GuideSource, target: Path, *, paper: Paper = Paper.a4,
                  **options) -> Written:
    """Render and impose the booklet; the file holds the sheets' sides in printing order."""
    rendered = render_booklet_pages(source, paper=paper, **options)
    imposed = impose_booklet(to_pdf(rendered), SHEETS[paper], back_cover=True)
    return Written(Path(target), write_imposed(imposed, target), rendered.warnings)


def booklet_name(source: GuideSource) -> str:
    """Default file name, e.g. ``back-in-action-booklet.pdf``."""
    return f"{source.slug}-booklet.pdf"
