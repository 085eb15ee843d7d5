"""A WeasyPrint URL fetcher that reads only files inside allowed folders.

Content and templates may come from users, so a render may read the guide,
template and style folders (and ``data:`` URIs) and nothing else: no network,
no ``file://`` elsewhere, no devices. A refused or missing resource stops the
render with a message naming the URL.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from guidepress.confine import inside, real_roots


class RefusedResource(FatalURLFetchingError):
    """Raised inside WeasyPrint to stop the render; carries a readable reason."""

    def __init__(self, url: str, reason: str):
        super().__init__(f"{url}: {reason}")
        self.url, self.reason = url, reason


class SafeFetcher(URLFetcher):
    """Serve ``file:`` URLs below ``roots`` and ``data:`` URIs; refuse the rest."""

    def __init__(self, roots: list[Path]):
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False)
        self.roots = real_roots(roots)
        self.served: set[Path] = set()  # every file read, for plans kept between runs (kept.py)

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme != "file":
            raise RefusedResource(url, "only files inside the guide, template and style "
                                       "folders can be used; network addresses are not fetched")
        path = self.allowed_path(url)
        self.served.add(path)
        return URLFetcherResponse(url, path.read_bytes())

    def allowed_path(self, url: str) -> Path:
        """The real file a ``file:`` URL names, if it is inside an allowed root."""
        split = urlsplit(url)
        if split.netloc not in ("", "localhost"):
            raise RefusedResource(url, "files on other hosts cannot be used")
        path = inside(Path(unquote(split.path)), self.roots)
        if path is None:
            raise RefusedResource(url, "this file is outside the guide, template and style "
                                       "folders; copy it into the guide folder and refer to it "
                                       "by a relative path")
        if not path.is_file():
            raise RefusedResource(url, "file not found")
        return path
