"""Opening the composer in the browser without showing its token to other users.

A browser is started with the address it opens on its command line, which any user
of the computer can read (``ps``): the composer's address holds the token that lets
one make sheets from the workspace. So the browser is sent to a small page instead,
readable by this user only (mode 600, in a private folder), which forwards it to the
address; the page is removed once the browser has come with the token, and in any case
when the composer stops. (Jupyter does the same.)
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from html import escape
from pathlib import Path

_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>guidepress composer</title>
<meta http-equiv="refresh" content="0;url={attribute}"></head>
<body><p><a href="{attribute}">Open the composer</a></p>
<script>window.location.replace({script});</script></body></html>
"""


@contextlib.contextmanager
def forwarding_page(url: str) -> Iterator[Path]:
    """A page only this user can read that forwards the browser to ``url``; removed,
    with its folder, when the block ends."""
    folder = Path(tempfile.mkdtemp(prefix="guidepress-open-"))  # made 700
    page = folder / "composer.html"
    try:
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        with os.fdopen(os.open(page, flags, 0o600), "w", encoding="utf-8") as file:
            file.write(_PAGE.format(attribute=escape(url, quote=True),
                                    script=json.dumps(url).replace("</", "<\\/")))
        yield page
    finally:
        remove_page(page)


def remove_page(page: Path) -> None:
    """Remove a forwarding page and its private folder (again: nothing happens)."""
    shutil.rmtree(page.parent, ignore_errors=True)


def open_browser(page: Path) -> None:
    """Open ``page`` (a forwarding page) in the user's browser."""
    import webbrowser

    webbrowser.open(page.as_uri())
