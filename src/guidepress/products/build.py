"""``guidepress build``: every product of a guide into one output folder, skipping those
whose inputs have not changed: the build manifest (``build-manifest.json``) records each
product's inputs hash (see guidepress.freshness) and the size and SHA-256 of its PDF."""

from __future__ import annotations

from functools import cache, partial
import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable

from guidepress.builtin import BUILTIN_TEMPLATES
from guidepress.config.models import DEFAULT_OUTPUT
from guidepress.confine import OWN_FOLDER, inside, read_bytes, real_roots
from guidepress.content.folders import library_folders
from guidepress.content.loader import DEFAULT_GUIDE, guide_editions, load_guide, product_edition
from guidepress.errors import GuidepressError
from guidepress.freshness import digest_files, inputs_hash, still_there
from guidepress.look.paper import Paper
from guidepress.look.resources import Resources
from guidepress.look.variants import variant_options
from guidepress.owned import RECORD, owned_path
from guidepress.products import handout, posters
from guidepress.render.product import Written
from guidepress.versions import __version__

BUILD_MANIFEST = "build-manifest.json"
_CSS_LINK = re.compile(r"""(?:@import\s+|url\()\s*["']?([^"')\s;]+)""")


@dataclass
class Product:
    """One file of a build in the manifest."""

    file: str
    inputs: str
    pages: int
    bytes: int
    sha256: str
    html: bool = False  # an HTML file was written beside it (--html)


def stylesheet_files(sheets: list[Path], roots: list[Path]) -> list[Path]:
    """The stylesheets and every local file they import or use (fonts, images), recursively,
    that lie inside ``roots`` (the render refuses the others)."""
    seen: dict[Path, None] = {}
    real = real_roots(roots)
    todo = [Path(s).resolve() for s in sheets]
    while todo:
        path = todo.pop()
        if path in seen or not path.is_file() or inside(path, real) is None:
            continue
        seen[path] = None
        if path.suffix == ".css":
            text = read_bytes(path, "stylesheet", real).decode("utf-8", errors="replace")
            todo += [(path.parent / link).resolve() for link in _CSS_LINK.findall(text)
                     if ":" not in link and not link.startswith("#")]
    return list(seen)


def load_build_manifest(out_dir: Path) -> tuple[str, dict[str, Product]]:
    """The whole build's input hash and its products by file name (empty if unreadable)."""
    path = Path(out_dir) / BUILD_MANIFEST
    try:  # a pipe or device in its place is not read (it would block the build)
        data = json.loads(read_bytes(path, "manifest", OWN_FOLDER))
        return data["inputs"], {p["file"]: Product(**p) for p in data["products"]}
    except (GuidepressError, ValueError, TypeError, KeyError, RecursionError):
        return "", {}


def save_build_manifest(out_dir: Path, inputs: str, products: list[Product]) -> None:
    """Write the manifest atomically."""
    payload = {"guidepress": __version__, "inputs": inputs,
               "products": [asdict(p) for p in products]}
    with owned_path(Path(out_dir) / BUILD_MANIFEST) as tmp:
        tmp.write_text(json.dumps(payload, indent=1, ensure_ascii=False), encoding="utf-8")


def product_intact(product: Product | None, out_dir: Path) -> bool:
    """True if the product's PDF (and its HTML, if one was made) is as it was written."""
    if product is None or not still_there(out_dir, product.file, product.bytes, product.sha256):
        return False
    return not product.html or (Path(out_dir) / product.file).with_suffix(".html").is_file()


@dataclass
class _Planned:
    """A product the guide makes: its file, what it is made from and how."""

    file: str
    stylesheets: list[str]
    params: dict
    write: Callable  # (target, renderer=...) -> Written


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
              for names in (handout.STYLESHEETS, posters.STYLESHEETS, posters.CARD_STYLESHEETS)}
    digests = digest_files([*shared, *(f for files in styles.values() for f in files)],
                           lambda path, is_folder: path.name.startswith(RECORD))  # not our record
    whole = inputs_hash(digests, None, options)
    earlier_whole, earlier = load_build_manifest(out_dir)
    if not force and whole == earlier_whole and earlier \
            and all(product_intact(p, out_dir) for p in earlier.values()):
        return [Written(out_dir / p.file, p.pages, size=p.bytes, sha256=p.sha256,
                        status="unchanged") for p in earlier.values()]
    renderer = cache(lambda: _renderer([folder, *resources.roots]))
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
            done = item.write(out_dir / item.file, renderer=renderer())
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
    plan = []
    for edition in guide_editions(folder):
        source = load_guide(folder, language, edition, allow_partial)
        plan.append(_Planned(handout.handout_name(source), handout.STYLESHEETS,
                             {"product": "handout", "edition": edition},
                             partial(handout.write_handout, source, resources=resources, paper=paper)))
    source = load_guide(folder, language, product_edition(folder), allow_partial)
    for design in source.guide.posters:
        size = posters.default_size(design, paper)
        plan.append(_Planned(posters.poster_name(source, design.id, size), posters.STYLESHEETS,
                             {"product": "poster", "design": design.id, "size": size},
                             partial(posters.write_poster, source, resources=resources,
                                     design=design.id, size=size)))
    if posters.has_card(source) and posters.has_form(resources):  # no pocket card in large print
        plan.append(_Planned(posters.card_name(source), posters.CARD_STYLESHEETS, {"product": "card"},
                             partial(posters.write_card, source, resources=resources, paper=paper)))
    return plan


def _renderer(roots: list[Path]):
    """The renderer every product shares (fonts load and stylesheets parse once), made only
    when a product needs rendering, so a build with nothing to do never imports WeasyPrint."""
    from guidepress.render.engine import PdfRenderer

    return PdfRenderer(roots)
