"""A WeasyPrint URL fetcher that serves a page only what a page is made of.

Content and templates may come from users, so a render may read pictures,
fonts and stylesheets inside the guide, template and style folders and the
logo file (through the confined reader), and ``data:`` URIs; nothing else: no
network, no ``file://`` elsewhere, no devices, and no other kind of file (a
PDF, a manifest, a key), wherever it is. Pictures are checked as the guide's
own are (an SVG of nested ``<use>`` never reaches the renderer). A refused or
missing resource stops the render with a message naming the URL.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from guidepress.confine import read_bytes, real_roots
from guidepress.content.images import PICTURES, picture_kind, picture_problem
from guidepress.errors import GuidepressError, ResourceError

FONTS = (".ttf", ".otf", ".ttc", ".woff", ".woff2")
KIND_OF = {".css": "stylesheet", **dict.fromkeys(FONTS, "font"),
           **dict.fromkeys(PICTURES, "picture"), ".icc": "profile", ".icm": "profile"}
# a font's first bytes: TrueType, OpenType, a collection, WOFF, WOFF2, old Mac TrueType
_FONT_MAGIC = (b"\x00\x01\x00\x00", b"OTTO", b"ttcf", b"wOFF", b"wOF2", b"true")


class RefusedResource(FatalURLFetchingError):
    """Raised inside WeasyPrint to stop the render; carries a readable reason."""

    def __init__(self, url: str, reason: str):
        super().__init__(f"{url}: {reason}")
        self.url, self.reason = url, reason
        seen = _REFUSED.get()
        if seen is not None:
            seen.append(self)


# the refusals of the render or write in progress (see ``refusals``)
_REFUSED: ContextVar[list[RefusedResource] | None] = ContextVar("refused", default=None)


@contextlib.contextmanager
def refusals() -> Iterator[None]:
    """Stop with a ResourceError naming the first refused resource, also where WeasyPrint
    caught the refusal and went on (it only logs a picture inside an inline SVG that it
    could not draw): a refused resource stops the render, as the module says."""
    token = _REFUSED.set([])
    try:
        yield
        refused = _REFUSED.get()
    finally:
        _REFUSED.reset(token)
    if refused:
        raise ResourceError(f"refused resource {refused[0].url}: {refused[0].reason}")


class SafeFetcher(URLFetcher):
    """Serve pictures, fonts and stylesheets below ``roots`` and ``data:`` URIs; refuse the rest."""

    def __init__(self, roots: list[Path]):
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False)
        self.roots = real_roots(roots)
        self.served: set[Path] = set()  # every file read, for plans kept between runs (kept.py)

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            return self._data(url, headers)
        if scheme != "file":
            raise RefusedResource(url, "only files inside the guide, template and style "
                                       "folders can be used; network addresses are not fetched")
        path, kind = self.allowed_path(url)
        try:
            data = read_bytes(path, kind, self.roots)
        except GuidepressError as exc:
            raise RefusedResource(url, str(exc).removeprefix(f"{path}: ")) from None
        if kind == "picture" and (problem := picture_problem(data, path.suffix.lower())):
            raise RefusedResource(url, f"this picture {problem}")
        if kind == "profile" and data[36:40] != b"acsp":  # every ICC profile's signature
            raise RefusedResource(url, "this is not an ICC colour profile")
        self.served.add(Path(path).resolve())
        return URLFetcherResponse(url, data)

    def allowed_path(self, url: str) -> tuple[Path, str]:
        """The file a ``file:`` URL names and what kind of file it is, if a page may use it."""
        split = urlsplit(url)
        if split.netloc not in ("", "localhost"):
            raise RefusedResource(url, "files on other hosts cannot be used")
        path = Path(unquote(split.path))
        kind = KIND_OF.get(path.suffix.lower())
        if kind is None:
            raise RefusedResource(url, "a page may use only pictures (SVG, PNG, JPEG), fonts, "
                                       "stylesheets and colour profiles (.icc); other files are "
                                       "never read")
        return path, kind

    def _data(self, url: str, headers: dict | None) -> URLFetcherResponse:
        """A ``data:`` URI, checked by what its bytes are, whatever type it is labelled with:
        the renderer sniffs a picture's bytes, so an SVG labelled PNG is drawn as SVG."""
        response = super().fetch(url, headers)
        data = response.read()
        kind = picture_kind(data)
        if kind in PICTURES:
            problem = picture_problem(data, kind)
        elif kind:
            problem = "is an image of a kind a page cannot use; use SVG, PNG, JPEG, GIF or WebP"
        elif data.startswith(_FONT_MAGIC) or response.headers.get_content_type() == "text/css":
            problem = ""
        else:
            problem = ("is none of what a page may use: a picture (SVG, PNG, JPEG, GIF, WebP), "
                       "a font or a stylesheet")
        if problem:
            shown_url = url if len(url) <= 60 else url[:60] + "..."
            raise RefusedResource(shown_url, f"this {'picture' if kind else 'data'} {problem}")
        return URLFetcherResponse(response.url, data, headers=response.headers)
