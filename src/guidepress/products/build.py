"""``guidepress build``: every product of a guide into one output folder."""

from __future__ import annotations

from pathlib import Path

from guidepress.config.workspace import DEFAULT_OUTPUT
from guidepress.content.loader import ARTICLE, guide_editions, load_guide, product_edition
from guidepress.look.paper import Paper
from guidepress.look.resources import Resources
from guidepress.products.cards import card_name, has_card, write_card
from guidepress.products.handout import handout_name, write_handout
from guidepress.products.posters import write_all_posters
from guidepress.render.engine import PdfRenderer
from guidepress.render.product import Written


def build(guide_dir: Path | None = None, out_dir: Path = Path(DEFAULT_OUTPUT), *,
          paper: Paper = Paper.a4, resources: Resources | None = None,
          language: str | None = None) -> list[Written]:
    """Render the guide's products (in ``language``, if given) into ``out_dir``: a
    handout per edition, and the posters and card from the plain edition if there is one."""
    source = load_guide(guide_dir, language=language)
    resources = resources or Resources()
    # One renderer for every product: fonts are loaded and stylesheets parsed once.
    renderer = PdfRenderer([source.folder, *resources.roots])
    written = []
    for edition in guide_editions(source.folder):
        handout = source if edition == ARTICLE else load_guide(source.folder, language, edition)
        written.append(write_handout(handout, Path(out_dir) / handout_name(handout),
                                     paper=paper, resources=resources, renderer=renderer))
    if product_edition(source.folder) != ARTICLE:
        source = load_guide(source.folder, language, product_edition(source.folder))
    written += write_all_posters(source, Path(out_dir), paper=paper, resources=resources,
                                 renderer=renderer)
    if has_card(source):
        written.append(write_card(source, Path(out_dir) / card_name(source),
                                  paper=paper, resources=resources, renderer=renderer))
    return written
