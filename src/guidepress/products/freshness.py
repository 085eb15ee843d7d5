"""Which products of a build are up to date, from a manifest of what each was made from.

``build-manifest.json`` in the output folder records, for every product, a hash
of its inputs (the guide and exercise files, the templates, the stylesheets it
uses with what they import, the logo, the options and the guidepress version)
and the size and SHA-256 of the PDF written. A build with nothing changed
reads that file, hashes the inputs and stops: no guide is loaded and nothing
is rendered.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import asdict, dataclass
from pathlib import Path

from guidepress.confine import OWN_FOLDER, file_digest, inside, read_bytes, real_roots
from guidepress.errors import GuidepressError
from guidepress.owned import RECORD, owned_path, sha256_of
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


def digest_files(paths: list[Path]) -> dict[str, str]:
    """SHA-256 of every file at or below ``paths``, keyed by its absolute path."""
    found: dict[str, str] = {}
    for root in paths:
        root = Path(root)
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for path in files:
            if "__pycache__" not in path.parts and not path.name.startswith(RECORD):
                # a link out of the folder is noted, never read
                found[str(path.resolve())] = file_digest(path, [root]) or "not read"
    return found


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


def inputs_hash(digests: dict[str, str], roots: list[Path] | None, options: dict) -> str:
    """One hash of the contents of the files at or below ``roots`` (from ``digests``;
    every one of them for None), the options and the guidepress version."""
    prefixes = None if roots is None else {str(Path(r).resolve()) for r in roots}
    parts = sorted((path, digest) for path, digest in digests.items()
                   if prefixes is None or path in prefixes
                   or any(path.startswith(p + os.sep) for p in prefixes))
    blob = json.dumps([__version__, options, parts], sort_keys=True, default=str)
    return hashlib.sha256(blob.encode()).hexdigest()


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


def still_there(product: Product | None, out_dir: Path) -> bool:
    """True if the product's PDF (and its HTML, if one was made) is as it was written."""
    if product is None:
        return False
    try:
        path = Path(out_dir) / product.file
        # the recorded SHA-256, not the size: a file padded to the size is not ours
        if os.stat(path).st_size != product.bytes or sha256_of(path) != product.sha256:
            return False
    except OSError:
        return False
    return not product.html or (Path(out_dir) / product.file).with_suffix(".html").is_file()
