"""``guidepress check FILE.pdf``: accessibility and print checks of any PDF.

Tags and metadata are read with pikepdf; the text as drawn (sizes, fonts,
colours) with pdfium, which also renders the pages for the contrast check.
"""

from __future__ import annotations

from pathlib import Path

from guidepress.check.contrast import check_contrast
from guidepress.check.glyphs import Glyphs, page_glyphs
from guidepress.check.report import Finding, ok
from guidepress.check.tags import (
    Tree,
    check_fields,
    check_figures,
    check_headings,
    check_links,
    check_tables,
    check_tagged,
)
from guidepress.errors import ContentError

BODY_PT = 12     # RNIB Clear Print and UKAAF: body text at least 12 pt
SMALLEST_PT = 8  # smaller than this is hard for anyone to read on paper


def check_pdf(path: Path) -> list[Finding]:
    """Every check of one PDF file, in the order the report shows them."""
    import pikepdf
    import pypdfium2 as pdfium

    try:
        pdf = pikepdf.open(path)
        document = pdfium.PdfDocument(str(path))
    except (pikepdf.PdfError, pdfium.PdfiumError, OSError) as exc:
        raise ContentError(f"{path}: cannot read this PDF ({exc})") from None
    with pdf:
        # pdfium's text objects live as long as their page: keep the pages open
        pages = [document[i] for i in range(len(document))]
        glyphs = {n: page_glyphs(page, n) for n, page in enumerate(pages, start=1)}
        tree = Tree(pdf, _joined(glyphs))
        findings = check_tagged(pdf)
        if tree.elements:
            findings += check_figures(tree) + check_headings(tree) + check_tables(tree)
        findings += check_links(pdf, tree) + check_fields(pdf)
        runs = [run for page in glyphs.values() for run in page]
        findings += check_fonts(runs) + check_sizes(runs) + check_contrast(pages, glyphs)
    document.close()
    return findings


def _joined(glyphs: dict[int, list[Glyphs]]) -> dict[tuple[int, int], str]:
    """(page, marked-content id) -> the text drawn in it (several runs joined)."""
    texts: dict[tuple[int, int], list[str]] = {}
    for number, runs in glyphs.items():
        for run in runs:
            if run.mcid >= 0:
                texts.setdefault((number, run.mcid), []).append(run.text)
    return {key: " ".join(parts) for key, parts in texts.items()}


def check_fonts(runs: list[Glyphs]) -> list[Finding]:
    """Every font that draws text is embedded (else the printer or viewer substitutes one)."""
    missing: dict[str, set[int]] = {}
    fonts = set()
    for run in runs:
        fonts.add(run.font)
        if not run.embedded:
            missing.setdefault(run.font or "(unnamed font)", set()).add(run.page)
    found = [Finding("fonts", "error", f"font {name} is not embedded",
                     "pages " + ", ".join(map(str, sorted(pages))))
             for name, pages in sorted(missing.items())]
    return found or ([ok("fonts", f"{len(fonts)} fonts, all embedded")] if fonts else [])


def check_sizes(runs: list[Glyphs]) -> list[Finding]:
    """The smallest type and the share of characters under 12 pt."""
    sized = [(run.size, len(run.text.strip()), run) for run in runs if run.text.strip()]
    if not sized:
        return [Finding("type size", "warning", "no text found (a scanned or outlined PDF?)")]
    total = sum(count for _, count, _ in sized)
    small = sum(count for size, count, _ in sized if size < BODY_PT - 0.05)
    smallest = min(sized, key=lambda item: item[0])[2]
    share = 100 * small / total
    text = smallest.text.strip()
    text = text if len(text) <= 30 else text[:29] + "…"
    message = (f'smallest {smallest.size:g} pt ("{text}"); {share:.0f} % of {total} characters '
               f"under {BODY_PT} pt")
    if smallest.size < SMALLEST_PT:
        return [Finding("type size", "warning", message + f"; below {SMALLEST_PT} pt is hard to read",
                        f"page {smallest.page}")]
    return [Finding("type size", "info", message, f"page {smallest.page}")]
