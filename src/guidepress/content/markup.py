"""Markdown to safe HTML: the one place where content text becomes markup.

Raw HTML in content is not allowed (it is shown as text), so a content file
can never inject tags, scripts or a ``<base>`` element into a template.
"""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt
from markupsafe import Markup

_SCRIPT_SCHEMES = ("javascript:", "vbscript:")


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    # Keep file: and data: image tokens so the guide check can refuse them by name
    # instead of printing the Markdown as text; script URLs never become links.
    md.validateLink = lambda url: not url.strip().lower().startswith(_SCRIPT_SCHEMES)
    return md


def markdown(text: str) -> Markup:
    """Block Markdown (paragraphs, lists, emphasis, links, images) as safe HTML."""
    return Markup(_parser().render(text or ""))


def markdown_inline(text: str) -> Markup:
    """Inline Markdown (emphasis, links) without a wrapping paragraph."""
    return Markup(_parser().renderInline(text or ""))


def image_sources(text: str) -> list[str]:
    """The ``src`` of every image the Markdown text refers to."""
    found: list[str] = []
    stack = list(_parser().parse(text or ""))
    while stack:
        token = stack.pop()
        if token.type == "image":
            found.append(str(token.attrGet("src") or ""))
        stack.extend(token.children or [])
    return found
