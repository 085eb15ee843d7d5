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
# what a picture's first bytes say it is; the renderer trusts these, not a name or label
_MAGIC = ((b"\x89PNG\r\n\x1a\n", ".png"), (b"\xff\xd8\xff", ".jpg"), (b"GIF87a", ".gif"),
          (b"GIF89a", ".gif"))
_XML_START = (b"<", b"\xfe\xff", b"\xff\xfe", b"\x00<", b"\x00\x00")  # UTF-8, -16, -32


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


def picture_kind(data: bytes) -> str:
    """The extension ``data`` would have as a picture, judged by its bytes (".svg" for anything
    an XML parser might read, "?" for an image of another kind); "" if it is no picture."""
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return ".webp"
    for magic, suffix in _MAGIC:
        if data.startswith(magic):
            return suffix
    text = data.removeprefix(b"\xef\xbb\xbf").lstrip(b" \t\r\n")
    if text.startswith(_XML_START):
        return ".svg"
    from PIL import Image

    try:  # the renderer tries the image library on whatever is not SVG
        with Image.open(io.BytesIO(data)):
            return "?"
    except Exception:  # noqa: BLE001 - any failure means the library cannot draw it either
        return ""


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
