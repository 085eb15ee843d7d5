"""A bound on how deeply a filled template nests its elements.

WeasyPrint builds and lays out boxes by recursion: HTML nested thousands deep (a
template's loop that opens a ``<div>`` each time round) ran for minutes, took
gigabytes and ended in a RecursionError. Real products nest a few dozen deep, so
anything beyond ``MAX_DEPTH`` is refused, naming the template, before layout.

Most documents are told apart by counting tags (a millisecond). The count ignores
end tags that HTML may leave out, so it can only overstate; a document it puts
near the bound is parsed as WeasyPrint parses it, to measure it exactly.
"""

from __future__ import annotations

import re

from guidepress.errors import TemplateError

MAX_DEPTH = 100  # elements inside elements: the built-in products nest under 15, and
# WeasyPrint ran out of recursion at 150 <div>s in a routine sheet
_TAG = re.compile(r"<!--.*?-->|<(/?)([A-Za-z][^\s/>]*)[^>]*>", re.S)
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())


def refuse_deep(html: str, template: str) -> None:
    """TemplateError if ``html`` nests more than ``MAX_DEPTH`` elements deep."""
    if counted_depth(html) <= MAX_DEPTH // 2:
        return
    depth = parsed_depth(html)
    if depth > MAX_DEPTH:
        raise TemplateError(f"template {template}: its HTML nests elements {depth:,} deep, more "
                            f"than the {MAX_DEPTH} that can be laid out; check the template for "
                            "a loop that opens a tag each time round without closing it")


def counted_depth(html: str) -> int:
    """The deepest nesting by counting start and end tags: at least the true depth but
    for the few elements a parser adds (such as html, body and tbody)."""
    stack: list[str] = []
    deepest = 0
    for match in _TAG.finditer(html):
        closing, name = match.group(1), (match.group(2) or "").lower()
        if not name:  # a comment
            continue
        if closing:
            if name in stack:
                del stack[len(stack) - 1 - stack[::-1].index(name):]
        elif name not in _VOID and not match.group(0).endswith("/>"):
            stack.append(name)
            deepest = max(deepest, len(stack))
            if deepest > MAX_DEPTH:  # enough to know: the parser measures it exactly
                break
    return deepest


def parsed_depth(html: str) -> int:
    """The deepest nesting of the document as WeasyPrint's parser builds it."""
    import tinyhtml5

    deepest, stack = 0, [(tinyhtml5.parse(html), 1)]
    while stack:
        element, depth = stack.pop()
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in element)
    return deepest
