"""Markdown to safe HTML: the one place where content text becomes markup.

Raw HTML in content is not allowed (it is shown as text), so a content file
can never inject tags, scripts or a ``<base>`` element into a template. Links
keep their words but lose their target unless it is a web, mail or phone
address or a place in the same document: a relative link would otherwise become
a ``file:///...`` link that prints the local path into the PDF.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urlsplit

from typing import TYPE_CHECKING

from markupsafe import Markup

if TYPE_CHECKING:
    from markdown_it import MarkdownIt

_SCRIPT_SCHEMES = ("javascript:", "vbscript:")
LINK_SCHEMES = ("http", "https", "mailto", "tel")
MAX_NESTING = 20  # the parser's own bound (CommonMark preset): blocks deeper are dropped
# Emphasis, links, code and pictures: WeasyPrint lays out a paragraph of a thousand
# in seconds, but those joined into one word (*a*a*a..., no space to break a line at)
# cost far more: a hundred took 14 seconds, a few thousand past any time limit.
MAX_INLINE = 1_000  # in one paragraph
MAX_JOINED = 20  # joined into one word
_MARKS = "*_[`"  # every such piece is written with at least one of these
_LINE_START = re.compile(r"^[ \t>*+\-\d.)]*", re.M)  # what nests a line: quotes, lists, indents


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt  # imported with the first text that needs it

    # Typographic quotes and apostrophes in printed prose (“…”, don’t); code keeps its own
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": True})
    md.enable("smartquotes")
    # Keep file: and data: image tokens so the guide check can refuse them by name
    # instead of printing the Markdown as text; script URLs never become links.
    md.validateLink = lambda url: not url.strip().lower().startswith(_SCRIPT_SCHEMES)
    md.core.ruler.push("gp_confine_links", _confine_links)
    return md


@lru_cache(maxsize=1)
def _deep_parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False, "maxNesting": 5 * MAX_NESTING})


def too_deep(text: str) -> bool:
    """Whether quotes in quotes or lists in lists nest deeper than the parser goes, so
    that what is inside them would be left out of the page without a word. Only a
    text with a line that starts with many markers or spaces is parsed to tell."""
    starts = _LINE_START.findall(text or "")
    if max((len(start.expandtabs(4)) for start in starts), default=0) < MAX_NESTING // 2:
        return False
    return any(token.level > MAX_NESTING for token in _deep_parser().parse(text))


def too_busy(text: str) -> str | None:
    """What makes the text's emphasis, links and code too much to lay out in good time
    (see ``MAX_INLINE``), or None. Only a text with enough marks for it is parsed."""
    if sum((text or "").count(mark) for mark in _MARKS) <= MAX_JOINED:
        return None
    for block in _parser().parse(text):
        total = joined = 0
        for token in block.children or []:
            if token.type.endswith("_open") or token.type in ("code_inline", "image"):
                total, joined = total + 1, joined + 1
                if total > MAX_INLINE:
                    return (f"more than {MAX_INLINE:,} pieces of emphasis, links or code in "
                            "one paragraph")
                if joined > MAX_JOINED:
                    return (f"more than {MAX_JOINED} pieces of emphasis, links or code joined "
                            "into one word, with no space between them")
            elif token.type in ("softbreak", "hardbreak") or (
                    token.type == "text" and any(c.isspace() for c in token.content)):
                joined = 0
    return None


def link_allowed(href: str) -> bool:
    """Whether a content link may stay a link in the PDF."""
    href = href.strip()
    return href.startswith("#") or urlsplit(href).scheme.lower() in LINK_SCHEMES


def _confine_links(state) -> None:
    """Drop the target of links that would point at local files or embedded data."""
    for block in state.tokens:
        for token in block.children or []:
            if token.type == "link_open" and not link_allowed(str(token.attrGet("href") or "")):
                token.attrs.pop("href", None)


def markdown(text: str) -> Markup:
    """Block Markdown (paragraphs, lists, emphasis, links, images) as safe HTML."""
    return Markup(_parser().render(text or ""))


def markdown_inline(text: str) -> Markup:
    """Inline Markdown (emphasis, links) without a wrapping paragraph."""
    return Markup(_parser().renderInline(text or ""))


def image_sources(text: str) -> list[str]:
    """The ``src`` of every image the Markdown text refers to."""
    if "![" not in (text or ""):  # every Markdown image starts so; most texts need no parse
        return []
    found: list[str] = []
    stack = list(_parser().parse(text or ""))
    while stack:
        token = stack.pop()
        if token.type == "image":
            found.append(str(token.attrGet("src") or ""))
        stack.extend(token.children or [])
    return found
