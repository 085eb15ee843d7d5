"""The build manifest: what each product of a build was made from, and what was written.

``build-manifest.json`` in the output folder records, for every product, a hash
of its inputs (the guide and exercise files, the templates, the stylesheets it
uses with what they import, the logo, the options and the guidepress version)
and the size and SHA-256 of the PDF written. A build with nothing changed
reads that file, hashes the inputs and stops: no guide is loaded and nothing
is rendered. How inputs are hashed, and what counts as up to date, is
guidepress.freshness (the same for batch runs).
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from guidepress.confine import OWN_FOLDER, inside, read_bytes, real_roots
from guidepress.errors import GuidepressError
from guidepress.freshness import Digests, digest_files, still_there
from guidepress.owned import RECORD, owned_path
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


def build_inputs(paths: list[Path]) -> Digests:
    """What every input file at or below ``paths`` holds (see freshness.digest_files),
    leaving out the record of files guidepress wrote."""
    return digest_files(paths, lambda path, is_folder: path.name.startswith(RECORD))


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
