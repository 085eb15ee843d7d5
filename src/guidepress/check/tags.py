"""Checks of a PDF's tags (pikepdf): structure tree, language, title, figures' alt
text, heading levels, table header scope, link text and form fields' names."""

from __future__ import annotations

import itertools
import re

import pikepdf

from guidepress.check.report import Finding, ok
from guidepress.pdf.structure import elements

MAX_VISITS = 2_000_000  # a tagged guide of 40 pages reads about 20,000
HEADING = re.compile(r"^/H([1-6])$")
# "how-running-affects", "#faq", "ex_plank": a target, not words ("Plank" and "Cat-Cow" are names)
ID_LIKE = re.compile(r"^(#[\w.:-]+|[a-z0-9.:]*[-_][a-z0-9_.:-]+)$")


class Tree:
    """A document's structure elements in reading order, each with its page and text."""

    def __init__(self, pdf, texts: dict[tuple[int, int], str]):
        self.pdf = pdf
        self.pages = {page.obj.objgen: number for number, page in enumerate(pdf.pages, start=1)}
        root = pdf.Root.get("/StructTreeRoot")
        self.elements = list(elements(root)) if root is not None else []
        self.texts = texts
        self.visits = 0  # elements read by ``marks``, across the checks

    def page(self, element) -> int | None:
        page = element.get("/Pg")
        return self.pages.get(page.objgen) if page is not None else None

    def marks(self, element) -> list[tuple[int | None, int]]:
        """(page, marked-content id) of each piece of content an element and the
        elements below it mark."""
        found = []
        for node in itertools.chain([element], elements(element)):
            self.visits += 1  # elements nested in each other: each read again
            page = self.page(node)
            kids = _items(node.get("/K"))
            self.visits += len(kids)  # the items under each element count too
            if self.visits > MAX_VISITS:
                raise ValueError(f"its structure tree asks for more than {MAX_VISITS:,} reads "
                                 "of its elements (elements nested thousands deep, or sharing "
                                 "long lists)")
            for kid in kids:
                if isinstance(kid, int) and page:
                    found.append((page, kid))
                elif isinstance(kid, pikepdf.Dictionary) and kid.get("/MCID") is not None:
                    pg = kid.get("/Pg")
                    found.append((self.pages.get(pg.objgen) if pg is not None else page, int(kid.MCID)))
        return found

    def text(self, element, limit: int = 60) -> str:
        """The words an element's marked content shows (as far as they can be found)."""
        words = [self.texts.get(mark, "") for mark in self.marks(element)]
        text = " ".join(" ".join(words).split())
        return text if len(text) <= limit else text[:limit - 1] + "…"

    def pictures(self) -> dict[tuple[int | None, int], str]:
        """The marked content of each Figure, as (page, id) -> what to call the
        picture: "the logo" for one titled as a logo (``/T``), else its alt text."""
        found = {}
        for element in self.elements:
            if element.get("/S") != "/Figure":
                continue
            title, alt = str(element.get("/T", "")), str(element.get("/Alt", "")).strip()
            name = "the logo" if "logo" in title.lower() else f'the picture "{alt[:40]}"'
            found.update(dict.fromkeys(self.marks(element), name))
        return found

    def where(self, element) -> str:
        page = self.page(element)
        return f"page {page}" if page else ""


def check_tagged(pdf) -> list[Finding]:
    """Structure tree, MarkInfo, language, title shown by viewers, PDF/UA identification."""
    root = pdf.Root
    problems = []
    if "/StructTreeRoot" not in root:
        problems.append("no structure tree: the PDF is not tagged, a screen reader gets no "
                        "headings, lists or reading order")
    mark = root.get("/MarkInfo")
    if mark is None or not bool(mark.get("/Marked", False)):
        problems.append("MarkInfo /Marked is not true")
    if not str(root.get("/Lang", "")).strip():
        problems.append("no document language (/Lang): a screen reader cannot pick its voice")
    prefs = root.get("/ViewerPreferences")
    if prefs is None or not bool(prefs.get("/DisplayDocTitle", False)):
        problems.append("DisplayDocTitle is not set: viewers show the file name, not the title")
    title = _xmp(pdf, "dc:title")
    if not title:
        problems.append("no title in the XMP metadata (dc:title)")
    found = [Finding("tagged", "error", p) for p in problems]
    ua = _xmp(pdf, "pdfuaid:part")
    if not found:
        claim = f"; identifies as PDF/UA-{ua}" if ua else ""
        found.append(ok("tagged", f'tagged, language {root.Lang}, title "{title}"{claim}'))
    return found


def _xmp(pdf, key: str) -> str:
    try:
        meta = pdf.open_metadata()
        value = meta.get(key)
    except Exception:  # a broken XMP packet is reported as a missing value
        return ""
    return str(value or "")


def check_structure(pdf, tree: Tree) -> list[Finding]:
    """A structure tree reaches each element once and holds some: a loop hides the
    elements from these checks and may hang a screen reader."""
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return []  # check_tagged reports an untagged PDF
    if _reached_twice(root):
        return [Finding("structure", "error", "the structure tree reaches an element twice (it "
                        "contains itself or shares a part); screen readers may loop or stop on it")]
    if not tree.elements:
        return [Finding("structure", "error", "the structure tree holds no elements: a screen "
                        "reader gets no headings, lists or reading order")]
    return []


def _reached_twice(root) -> bool:
    stack, seen = [root], set()
    while stack:
        node = stack.pop()
        if not isinstance(node, pikepdf.Dictionary):
            continue
        if node.objgen != (0, 0):
            if node.objgen in seen:
                return True
            seen.add(node.objgen)
        stack.extend(_items(node.get("/K")))
    return False


def check_figures(tree: Tree) -> list[Finding]:
    """Every Figure element has alternative text."""
    figures = [e for e in tree.elements if e.get("/S") == "/Figure"]
    bare = [e for e in figures if not str(e.get("/Alt", e.get("/ActualText", ""))).strip()]
    found = [Finding("alt text", "error", "figure without alt text", tree.where(e)) for e in bare]
    return found or [ok("alt text", f"{len(figures)} figures, each with alt text")]


def check_headings(tree: Tree) -> list[Finding]:
    """Headings start at H1 and never skip a level."""
    levels = [(int(m.group(1)), e) for e in tree.elements if (m := HEADING.match(str(e.get("/S", ""))))]
    if not levels:
        return [Finding("headings", "warning", "no headings (H1-H6): nothing to navigate by")]
    found, previous = [], 0
    for level, element in levels:
        if level > previous + 1:
            what = "starts at" if previous == 0 else f"jumps from H{previous} to"
            found.append(Finding("headings", "error",
                                 f'{what} H{level}: "{tree.text(element)}"', tree.where(element)))
        previous = level
    sequence = " ".join(f"H{level}" for level, _ in levels[:12]) + (" …" if len(levels) > 12 else "")
    return found or [ok("headings", f"{len(levels)} headings, no level skipped ({sequence})")]


def check_tables(tree: Tree) -> list[Finding]:
    """Every table header cell says whether it heads a row or a column."""
    headers = [e for e in tree.elements if e.get("/S") == "/TH"]
    bare = [e for e in headers if not _scope(e)]
    pages = sorted({tree.where(e) for e in bare})
    if bare:
        return [Finding("table headers", "error", f"{len(bare)} of {len(headers)} header cells have "
                        "no /Scope (row or column)", ", ".join(p for p in pages if p))]
    return [ok("table headers", f"{len(headers)} header cells, each with a scope")] if headers else []


def _items(value) -> list:
    """An array's items, or a single value as a list."""
    return list(value) if isinstance(value, pikepdf.Array) else [value]


def _scope(element) -> bool:
    return any(isinstance(a, pikepdf.Dictionary) and a.get("/Scope") is not None
               for a in _items(element.get("/A")))


def check_links(pdf, tree: Tree) -> list[Finding]:
    """Link annotations have text saying where they go, and links are not nested."""
    found, count = [], 0
    for number, page in enumerate(pdf.pages, start=1):
        for annotation in page.obj.get("/Annots", []):
            if not isinstance(annotation, pikepdf.Dictionary) or annotation.get("/Subtype") != "/Link":
                continue
            count += 1
            text = str(annotation.get("/Contents", "")).strip()
            if not text:
                found.append(Finding("link text", "error", "link without a description (/Contents)",
                                     f"page {number}"))
            elif ID_LIKE.match(text) and " " not in text and not text.startswith(("http", "www.")):
                found.append(Finding("link text", "error", f'link described by an id: "{text}"',
                                     f"page {number}"))
    for element in tree.elements:
        if element.get("/S") == "/Link" and any(k.get("/S") == "/Link" for k in _kids(element)):
            found.append(Finding("link text", "error", f'a link inside a link: "{tree.text(element)}"',
                                 tree.where(element)))
    if found:
        return found
    return [ok("link text", f"{count} links, each described in words")] if count else []


def _kids(element) -> list:
    return [k for k in _items(element.get("/K")) if isinstance(k, pikepdf.Dictionary) and "/S" in k]
