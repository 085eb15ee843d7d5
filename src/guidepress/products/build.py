"""``guidepress build``: every product of a guide into one output folder, skipping
those whose inputs have not changed since the last build (see guidepress.freshness)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from guidepress.builtin import BUILTIN_TEMPLATES
from guidepress.config.models import DEFAULT_OUTPUT
from guidepress.content.folders import library_folders
from guidepress.content.loader import (
    DEFAULT_GUIDE,
    guide_editions,
    load_guide,
    product_edition,
)
from guidepress.look.paper import Paper
from guidepress.look.resources import Resources
from guidepress.look.variants import variant_options
from guidepress.freshness import inputs_hash
from guidepress.products import cards, handout, posters
from guidepress.products.buildmanifest import (
    Product,
    build_inputs,
    load_build_manifest,
    product_intact,
    save_build_manifest,
    stylesheet_files,
)
from guidepress.render.product import Written


@dataclass
class _Planned:
    """A product the guide makes: its file, what it is made from and how."""

    file: str
    stylesheets: list[str]
    params: dict
    write: Callable  # (target, renderer) -> Written


def build(guide_dir: Path | None = None, out_dir: Path = Path(DEFAULT_OUTPUT), *,
          paper: Paper = Paper.a4, resources: Resources | None = None,
          language: str | None = None, force: bool = False,
          allow_partial: bool = False) -> list[Written]:
    """Render the guide's products (in ``language``, if given) into ``out_dir``;
    products whose inputs are unchanged are reported, not rendered (unless ``force``).
    ``allow_partial`` prints a translation that leaves parts out (see content.partial)."""
    folder, out_dir = Path(guide_dir or DEFAULT_GUIDE), Path(out_dir)
    resources = resources or Resources()
    options = {"paper": paper.value, "language": language, "theme": resources.theme,
               "clinic": resources.branding(language), "html": resources.keep_html,
               "disclaimers": repr(getattr(resources.clinic, "disclaimer", "")),
               "variant": resources.pdf_variant, "partial": allow_partial}
    profile = variant_options(resources.pdf_variant, resources.print_profile).get("cmyk_profile")
    shared = [folder, *library_folders(folder).paths, *resources.template_dirs, BUILTIN_TEMPLATES,
              *([resources.logo] if resources.logo else []), *([profile] if profile else [])]
    styles = {tuple(names): stylesheet_files(resources.stylesheets(names), resources.roots)
              for names in (handout.STYLESHEETS, posters.STYLESHEETS, cards.STYLESHEETS)}
    digests = build_inputs([*shared, *(f for files in styles.values() for f in files)])
    whole = inputs_hash(digests, None, options)
    earlier_whole, earlier = load_build_manifest(out_dir)
    if not force and whole == earlier_whole and earlier \
            and all(product_intact(p, out_dir) for p in earlier.values()):
        return [Written(out_dir / p.file, p.pages, size=p.bytes, sha256=p.sha256,
                        status="unchanged") for p in earlier.values()]
    renderer = _LazyRenderer([folder, *resources.roots])
    written, records = [], []
    plan = _plan(folder, language, paper, resources, allow_partial)
    for item in plan:
        key = inputs_hash(digests, [*shared, *styles[tuple(item.stylesheets)]],
                          {**options, **item.params})
        before = earlier.get(item.file)
        if not force and before and before.inputs == key and product_intact(before, out_dir):
            done = Written(out_dir / item.file, before.pages, size=before.bytes,
                           sha256=before.sha256, status="unchanged")
        else:
            done = item.write(out_dir / item.file, renderer.get())
        written.append(done)
        records.append(Product(item.file, key, done.pages, done.size, done.sha256,
                               resources.keep_html))
    save_build_manifest(out_dir, whole, records)
    if written and not any(item.params["product"] == "poster" for item in plan):
        written[0].warnings.append(  # else a new guide's build silently makes the handout only
            "the guide has no poster designs (posters: in guide.yaml), so no posters or pocket "
            'card were made; the README\'s "Posters, pocket cards and booklets" shows how to add them')
    return written


def _plan(folder: Path, language: str | None, paper: Paper,
          resources: Resources, allow_partial: bool = False) -> list[_Planned]:
    """A handout per edition, then each poster design at its default size and the card
    (if the guide has one), both from the plain edition where there is one."""
    def kept(source, write, **options):
        return lambda target, renderer: write(source, target, resources=resources,
                                              renderer=renderer, **options)

    plan = []
    for edition in guide_editions(folder):
        source = load_guide(folder, language, edition, allow_partial)
        plan.append(_Planned(handout.handout_name(source), handout.STYLESHEETS,
                             {"product": "handout", "edition": edition},
                             kept(source, handout.write_handout, paper=paper)))
    source = load_guide(folder, language, product_edition(folder), allow_partial)
    for design in posters.designs(source):
        size = posters.default_size(design, paper)
        plan.append(_Planned(posters.poster_name(source, design.id, size), posters.STYLESHEETS,
                             {"product": "poster", "design": design.id, "size": size},
                             kept(source, posters.write_poster, design=design.id, size=size)))
    if cards.has_card(source) and cards.has_form(resources):  # no pocket card in large print
        plan.append(_Planned(cards.card_name(source), cards.STYLESHEETS, {"product": "card"},
                             kept(source, cards.write_card, paper=paper)))
    return plan


class _LazyRenderer:
    """One renderer for every product (fonts load and stylesheets parse once), made only
    when a product needs rendering, so a build with nothing to do never imports WeasyPrint."""

    def __init__(self, roots: list[Path]):
        self.roots, self._renderer = roots, None

    def get(self):
        if self._renderer is None:
            from guidepress.render.engine import PdfRenderer

            self._renderer = PdfRenderer(self.roots)
        return self._renderer
