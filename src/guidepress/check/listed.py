"""The references a PDF lists in its page tree and its pages' annotations, counted
before anything walks them.

Reading a page list makes pikepdf (qpdf) build every annotation each page lists: a
page whose /Annots held 4.5 million references took 3.2 GB before the cap on
annotations was applied. The arrays are counted here first, each by its length (a
number qpdf has from parsing the array, a few bytes an item), so a file that lists
more than the caps is refused with one message before its pages are read. (The form's
fields are counted the same way where they are walked: fields.py.)
"""

from __future__ import annotations

from pathlib import Path

import pikepdf

from guidepress.check.bounds import MAX_PAGES
from guidepress.errors import ContentError

MAX_TREE_REFERENCES = 2 * MAX_PAGES  # pages and the nodes that group them, in /Kids
MAX_TREE_DEPTH = 64        # page-tree nodes inside nodes (a real tree is a few deep)
MAX_ANNOTATIONS = 5_000    # annotations (links, fields) one page lists
MAX_FILE_ANNOTATIONS = 50_000  # the same, in the whole file


class TooMany(Exception):
    """An array lists more than a bound allows (the message says which)."""


def refuse_long_lists(pdf, path: Path | str) -> None:
    """ContentError naming ``path`` if its page tree or a page's annotations list more
    references than ``check`` reads, before any is read."""
    try:
        annotations = 0
        for number, page in enumerate(_leaves(pdf.Root.get("/Pages")), start=1):
            annotations += count_annotations(page, annotations, number)
    except TooMany as exc:
        raise ContentError(f"{path}: {exc}; guidepress does not check such a file") from None


def count_annotations(page, before: int, number: int) -> int:
    """How many annotations ``page`` lists, refused over the page's cap or the file's
    (``before`` on earlier pages)."""
    listed = page.get("/Annots") if hasattr(page, "get") else None
    count = len(listed) if isinstance(listed, pikepdf.Array) else 0
    if count > MAX_ANNOTATIONS:
        raise TooMany(f"page {number} lists {count:,} annotations (links, fields), "
                      f"more than {MAX_ANNOTATIONS:,}")
    if before + count > MAX_FILE_ANNOTATIONS:
        raise TooMany(f"page {number} lists annotations past the {MAX_FILE_ANNOTATIONS:,} "
                      "of a whole file")
    return count


def _leaves(root):
    """The pages under ``root``, depth first, each node's /Kids counted before it is
    read; a node met twice (a loop) is not walked again."""
    seen, listed, stack = set(), 0, [(root, 0)]
    while stack:
        node, depth = stack.pop()
        if not isinstance(node, pikepdf.Dictionary) or node.objgen in seen - {(0, 0)}:
            continue
        seen.add(node.objgen)
        kids = node.get("/Kids")
        if not isinstance(kids, pikepdf.Array):
            if node.get("/Type") != "/Pages":
                yield node
            continue
        listed += len(kids)
        if listed > MAX_TREE_REFERENCES:
            raise TooMany(f"its page tree lists more than {MAX_TREE_REFERENCES:,} pages and groups")
        if depth >= MAX_TREE_DEPTH:
            raise TooMany(f"its page tree nests more than {MAX_TREE_DEPTH} deep")
        stack.extend((kid, depth + 1) for kid in reversed(list(kids)))

