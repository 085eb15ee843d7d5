"""Check a picture before a render uses it: a real image, of a sane size, self-contained.

WeasyPrint only warns about an image it cannot use and prints the page without
it; a logo or guide picture that is not an image, an SVG that reaches for other
files, or a huge raster (a "decompression bomb") is refused here instead, with
a message naming where the picture was given.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path
from xml.etree import ElementTree

from guidepress.errors import ContentError

MAX_PIXELS = 50_000_000  # a 300 dpi A2 poster's worth; far above any logo or figure
MAX_BYTES = 20_000_000
RASTER = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".gif": "GIF", ".webp": "WEBP"}
# url(...) or an href that is not a reference inside the same SVG ("#id")
_EXTERNAL_URL = re.compile(r"url\(\s*['\"]?\s*(?!#)[^)\s]", re.I)


def check_image(path: Path, where: str) -> None:
    """Raise ContentError (starting with ``where``) unless ``path`` is a usable image."""
    suffix = path.suffix.lower()
    if suffix not in (".svg", *RASTER):
        raise ContentError(f'{where}: "{path.name}" is not a picture guidepress can print; '
                           "use an SVG, PNG or JPEG file")
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise ContentError(f'{where}: "{path.name}" is {size // 1_000_000} MB; pictures may be '
                           f"at most {MAX_BYTES // 1_000_000} MB")
    problem = _svg_problem(path) if suffix == ".svg" else _raster_problem(path, RASTER[suffix])
    if problem:
        raise ContentError(f'{where}: "{path.name}" {problem}')


def _raster_problem(path: Path, expected: str) -> str:
    from PIL import Image

    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(path) as image:
                kind, (width, height) = image.format, image.size
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            return f"has too many pixels (over {MAX_PIXELS // 1_000_000} million); scale it down"
        except (OSError, SyntaxError, ValueError):
            return f"is not a {expected} image (the file is damaged or of another kind)"
    if kind != expected and {kind, expected} != {"JPEG", "MPO"}:
        return f"is a {kind} image, not {expected}; give the file its proper extension"
    if width * height > MAX_PIXELS:
        return (f"is {width} x {height} pixels, over {MAX_PIXELS // 1_000_000} million; "
                "scale it down (300 pixels per inch of print is plenty)")
    return ""


def _svg_problem(path: Path) -> str:
    text = path.read_bytes()
    if b"<!DOCTYPE" in text or b"<!ENTITY" in text:
        return "declares a DOCTYPE or entities, which pictures may not use; remove them"
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError as exc:
        return f"is not a valid SVG image ({exc})"
    if not root.tag.endswith("svg"):
        return "is not an SVG image (its first element is not <svg>)"
    for element in root.iter():
        for name, value in element.attrib.items():
            if name.rsplit("}", 1)[-1] == "href" and not value.strip().startswith(("#", "data:")):
                return (f'refers to another file or address ("{value[:80]}"); pictures must be '
                        "self-contained: embed what it shows")
            if _EXTERNAL_URL.search(value):
                return f'refers to another file or address in {name}="{value[:80]}"'
        if element.tag.rsplit("}", 1)[-1] == "style" and element.text and (
                "@import" in element.text or _EXTERNAL_URL.search(element.text)):
            return "loads a stylesheet or file from elsewhere in a <style> element"
    return ""
