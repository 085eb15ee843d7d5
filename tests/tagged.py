"""Helpers for tests that read PDF structure trees with pikepdf."""

from __future__ import annotations

import re

import pikepdf

HEADING = re.compile(r"^/H([1-6])$")


def items(value) -> list:
    return list(value) if isinstance(value, pikepdf.Array) else [value]


def walk(element):
    """Structure elements below ``element`` in reading order (depth first)."""
    for kid in items(element.get("/K")):
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            yield from walk(kid)


def tree(pdf) -> list:
    """Every structure element of the document, in reading order."""
    return list(walk(pdf.Root.StructTreeRoot))


def heading_levels(pdf) -> list[int]:
    return [int(m.group(1)) for e in tree(pdf) if (m := HEADING.match(str(e.S)))]


def reachable_mcids(pdf) -> set[tuple]:
    """(page or XObject objgen, MCID) of every marked-content id the tree reaches."""
    found = set()
    for element in tree(pdf):
        page = element.get("/Pg")
        for kid in items(element.get("/K")):
            if isinstance(kid, int):
                found.add((page.objgen, kid))
            elif isinstance(kid, pikepdf.Dictionary) and "/MCID" in kid:
                holder = kid.get("/Stm") or kid.get("/Pg") or page
                found.add((holder.objgen, int(kid.MCID)))
    return found


def marked_content(stream_owner) -> tuple[set[int], int, int]:
    """(MCIDs, text operators outside any marked content, artifact sequences) of a
    page's or form XObject's own content stream."""
    mcids, loose, artifacts, depth = set(), 0, 0, 0
    for operands, operator in pikepdf.parse_content_stream(stream_owner):
        op = str(operator)
        if op in ("BDC", "BMC"):
            depth += 1
            artifacts += str(operands[0]) == "/Artifact"
            if op == "BDC" and isinstance(operands[1], pikepdf.Dictionary) and "/MCID" in operands[1]:
                mcids.add(int(operands[1].MCID))
        elif op == "EMC":
            depth -= 1
        elif op in ("Tj", "TJ", "'", '"') and depth == 0:
            loose += 1
    return mcids, loose, artifacts


def text_by_language(path) -> dict[str, str]:
    """The text of the elements that carry a ``/Lang`` of their own, by language
    (elements without one under ""), as pdfium reads it from the marked content."""
    import pypdfium2 as pdfium

    from guidepress.check.glyphs import page_glyphs
    from guidepress.check.tags import Tree

    document = pdfium.PdfDocument(str(path))
    pages = [document[i] for i in range(len(document))]
    texts: dict = {}
    for number, page in enumerate(pages, start=1):
        for run in page_glyphs(page, number):
            texts[number, run.mcid] = texts.get((number, run.mcid), "") + run.text
    with pikepdf.open(path) as pdf:
        structure = Tree(pdf, texts)
        found: dict[str, list[str]] = {}
        for element in structure.elements:
            if "/K" in element and not any(isinstance(k, pikepdf.Dictionary) and "/S" in k
                                           for k in items(element.get("/K"))):  # leaves only
                language = str(element.get("/Lang", ""))
                found.setdefault(language, []).append(structure.text(element, 1000))
    document.close()
    return {language: " ".join(" ".join(parts).split()) for language, parts in found.items()}


PX_MM = 25.4 / 96  # WeasyPrint gives a figure's /BBox in CSS pixels


def figure_boxes(path) -> list[tuple[str, float, float]]:
    """The alt text, width and height (mm) of every figure in the structure tree, in
    reading order: each picture's drawn size."""
    found = []
    with pikepdf.open(path) as pdf:
        for element in tree(pdf):
            if element.get("/S") != "/Figure" or "/A" not in element:
                continue
            box = [float(v) for v in items(element.A)[0].BBox]
            found.append((str(element.get("/Alt", "")), (box[2] - box[0]) * PX_MM,
                          (box[3] - box[1]) * PX_MM))
    return found
