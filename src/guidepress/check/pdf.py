"""``guidepress check FILE.pdf``: accessibility and print checks of any PDF.

Tags and metadata are read with pikepdf; the text as drawn (sizes, fonts,
colours) with pdfium, which also renders the pages for the contrast check.
"""

from __future__ import annotations

import io
import re
import time
from pathlib import Path

import pikepdf

from guidepress.check.bounds import (
    MAX_PICTURE_PIXELS,
    MAX_TEXT_RUNS,
    SECONDS,
    Budget,
    read_pdf,
    refuse_crowded,
    scan,
)
from guidepress.check.contrast import check_contrast
from guidepress.check.drawing import Stopped, within
from guidepress.check.drawwork import drawn
from guidepress.check.fields import check_fields
from guidepress.check.glyphs import Glyphs, page_glyphs
from guidepress.check.listed import refuse_long_lists
from guidepress.check.report import Finding, ok
from guidepress.check.sizes import check_sizes
from guidepress.check.tags import (
    Tree,
    check_figures,
    check_headings,
    check_links,
    check_structure,
    check_tables,
    check_tagged,
)
from guidepress.errors import ContentError
from guidepress.memory import DEFAULT_MB, memory_mb, out_of_memory

# What a malformed PDF raises where its objects are not of the kinds the format says.
MALFORMED = (TypeError, AttributeError, ValueError, KeyError, IndexError, RecursionError,
             NotImplementedError, pikepdf.PdfError, pikepdf.ForeignObjectError)
SHOWN = 20       # findings of one check listed; the rest are counted
GRACE = 30.0     # past the file's time, before its checks are stopped from outside
# How a library names the in-memory file it read: nothing the user can act on.
INTERNALS = re.compile(r"\s*(?:stream\s*)?<[\w.]+ object at 0x[0-9a-fA-F]+>:?")


def check_pdf(path: Path) -> list[Finding]:
    """Every check of one PDF file, in the order the report shows them, made in a child
    process under the memory cap and a time limit (``drawing``). A file that cannot be
    read, passes a bound (``bounds``), or stops the child is a ContentError naming it."""
    data = read_pdf(path)
    try:
        return within(lambda: check_data(data, path), SECONDS + GRACE, memory_mb() or DEFAULT_MB)
    except Stopped as stopped:
        raise ContentError(f"{path}: {stopped.reason}; guidepress does not check such a "
                           "file") from None


def check_data(data: bytes, path: Path | str) -> list[Finding]:
    """``check_pdf`` of a PDF already in hand (the composer's sheet); ``path`` names it."""
    try:
        return _check_data(data, path)
    except MemoryError:  # past the cap (guidepress.memory): a file the bounds did not catch
        raise ContentError(f"{path}: reading this PDF ran out of memory: {out_of_memory()}; "
                           "guidepress does not check such a file") from None


def _check_data(data: bytes, path: Path | str) -> list[Finding]:
    refuse_crowded(data, path)  # before qpdf opens it: it reads the page tree on opening
    try:
        # pages are not read on opening: their lists are counted first (listed.py)
        pdf = pikepdf.open(io.BytesIO(data), inherit_page_attributes=False)
    except pikepdf.PasswordError:
        raise ContentError(f"{path}: this PDF is locked with a password; check a copy saved "
                           "without one") from None
    except (pikepdf.PdfError, ValueError, OSError, RuntimeError) as exc:
        raise ContentError(f"{path}: cannot read this PDF ({_short(exc)})") from None
    with pdf:
        try:
            refuse_long_lists(pdf, path)
            large = scan(pdf, path)
            drawn(pdf, path)
            _refuse_unread(pdf)
        except MALFORMED as exc:
            raise ContentError(f"{path}: cannot read this PDF ({_short(exc)})") from None
        document = _pdfium(data, path)
        try:
            return _capped(_checks(pdf, document, large))
        finally:
            document.close()


def _refuse_unread(pdf) -> None:
    """qpdf reads an object it has no memory left for as nothing, with a warning: such
    a file is not checked by halves (``check_data`` says why)."""
    if any("bad_alloc" in warning for warning in pdf.get_warnings()):
        raise MemoryError


def _pdfium(data: bytes, path: Path):
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise ContentError(f"{path}: cannot read this PDF ({_short(exc)})") from None


def _checks(pdf, document, large: set[int]) -> list[Finding]:
    """The checks, page by page within the file's time and text budgets."""
    import pypdfium2 as pdfium

    budget, limit, problems = Budget(), MAX_TEXT_RUNS, []
    pages, glyphs = [], {}  # pdfium's text objects live as long as their page: keep the pages open
    for number in range(1, len(document) + 1):
        if budget.spent(number):
            break
        try:
            pages.append(document[number - 1])
        except pdfium.PdfiumError as exc:
            problems.append(Finding("pages", "error", f"cannot read this page ({_short(exc)})",
                                    f"page {number}"))
            pages.append(None)
            continue
        glyphs[number] = page_glyphs(pages[-1], number, limit)
        limit -= len(glyphs[number])
        if limit <= 0:
            problems.append(Finding("text", "warning", f"more than {MAX_TEXT_RUNS} runs of text; "
                                    "the rest are not checked", f"page {number}"))
            break
    texts = _joined(glyphs)
    structure, tree = _late(budget) if _over(budget) else _structure(pdf, texts)
    runs = [run for page in glyphs.values() for run in page]
    findings = problems + structure + check_fonts(runs)
    pictures, unread = _guarded_pictures(tree)
    findings += check_sizes(runs, pictures) + unread
    if large:
        findings.append(Finding("contrast", "warning", "not measured: the PDF holds a picture "
                                f"too large to draw (over {MAX_PICTURE_PIXELS:,} pixels)"))
    else:
        findings += check_contrast(pages, glyphs, budget)
    return findings + budget.finding(len(document))


def _structure(pdf, texts) -> tuple[list[Finding], Tree | None]:
    """The checks of tags, links and fields, and the structure tree they read; a part
    of the PDF whose objects are not of the kinds the format says is reported as a
    finding of the check that read it."""
    findings = _guarded("tagged", check_tagged, pdf)
    try:
        tree = Tree(pdf, texts)
    except MALFORMED as exc:
        return findings + [_malformed("structure", exc)] + _guarded("form fields", check_fields, pdf), None
    findings += _guarded("structure", check_structure, pdf, tree)
    if tree.elements:
        for name, check in (("alt text", check_figures), ("headings", check_headings),
                            ("table headers", check_tables)):
            findings += _guarded(name, check, tree)
    return findings + _guarded("link text", check_links, pdf, tree) + _guarded(
        "form fields", check_fields, pdf), tree


def _over(budget: Budget) -> bool:
    return time.monotonic() - budget.start > budget.seconds


def _late(budget: Budget) -> tuple[list[Finding], None]:
    """What is said of the tags, links and fields when the pages took the file's time."""
    return [Finding("time", "error", f"stopped after {budget.seconds:g} s: the tags, links and "
                    "form fields were not checked")], None


def _guarded_pictures(tree: Tree | None) -> tuple[dict, list[Finding]]:
    """The marked content of the tree's pictures (check/sizes.py), and a finding when
    they cannot be read (none where the tree itself cannot: its checks say so)."""
    try:
        return (tree.pictures() if tree is not None else {}), []
    except MALFORMED as exc:
        return {}, [_malformed("type size", exc)]


def _guarded(name: str, check, *args) -> list[Finding]:
    try:
        return check(*args)
    except MALFORMED as exc:
        return [_malformed(name, exc)]


def _malformed(name: str, exc: BaseException) -> Finding:
    return Finding(name, "error", f"the objects this check reads are malformed ({_short(exc)}); "
                   "viewers and screen readers may fail on them too")


def _capped(findings: list[Finding]) -> list[Finding]:
    """The first SHOWN errors and warnings of each check, then how many more there are."""
    shown, counts = [], {}
    for finding in findings:
        key = (finding.check, finding.level)
        counts[key] = counts.get(key, 0) + 1
        if finding.level not in ("error", "warning") or counts[key] <= SHOWN:
            shown.append(finding)
    for (check, level), count in counts.items():
        if level in ("error", "warning") and count > SHOWN:
            shown.append(Finding(check, level, f"and {count - SHOWN} more like these"))
    return shown


def _short(exc: BaseException) -> str:
    text = " ".join(INTERNALS.sub("", str(exc)).split()) or type(exc).__name__
    return text if len(text) <= 120 else text[:119] + "…"


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
