"""Check a picture before a render uses it: a real image, of a sane size, self-contained.

WeasyPrint only warns about an image it cannot use and prints the page without
it; a logo or guide picture that is not an image, an SVG that reaches for other
files, or a huge raster (a "decompression bomb") is refused here instead, with
a message naming where the picture was given.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterable
from pathlib import Path

from guidepress.confine import read_bytes, shown
from guidepress.content.svgcheck import svg_problem
from guidepress.errors import ContentError, GuidepressError

MAX_PIXELS = 50_000_000  # a 300 dpi A2 poster's worth; far above any logo or figure
RASTER = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".gif": "GIF", ".webp": "WEBP"}
PICTURES = (".svg", *RASTER)


def check_image(path: Path, where: str, roots: Iterable[Path]) -> None:
    """Raise ContentError (starting with ``where``) unless ``path``, inside ``roots``, is a
    usable image."""
    try:  # first: a path with a NUL, a pipe or a link out is refused as such
        data = read_bytes(path, "picture", roots)
    except GuidepressError as exc:  # the reader names the path; where already does
        reason = str(exc).removeprefix(f"{shown(path)}: ")
        looked = f" (looked for {shown(path)})" if reason.endswith("not found") else ""
        raise ContentError(f"{where}: {reason}{looked}") from None
    suffix = path.suffix.lower()
    if suffix not in PICTURES:
        raise ContentError(f'{where}: "{path.name}" is not a picture guidepress can print; '
                           "use an SVG, PNG or JPEG file")
    problem = picture_problem(data, suffix)
    if problem:
        raise ContentError(f'{where}: "{path.name}" {problem}')


def picture_problem(data: bytes, suffix: str) -> str:
    """What is wrong with a picture's bytes, given its file extension; "" if nothing."""
    return svg_problem(data) if suffix == ".svg" else _raster_problem(data, RASTER[suffix])


def _raster_problem(data: bytes, expected: str) -> str:
    from PIL import Image

    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as image:
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
