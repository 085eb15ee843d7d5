"""Independent checks of a finished PDF, for any product in any variant:
``validate(path)`` lists every problem found by pdfua (PDF/UA-1's machine-checkable
rules), by ``qpdf --check`` (the file's syntax) and by our own reading of the
structure tree (lists, links, headings), where pdfua is silent or too lenient."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pikepdf
from tagged import HEADING, items, tree

# pdfua rules that cannot run on our files, with the reason; a rule skipped for
# any other reason, or one of these no longer skipped, is a problem to look at.
KNOWN_SKIPS = {
    # The empty-heading rule asks getattr(value, "is_integer") of a heading's
    # kids; pikepdf 10 raises ValueError (not AttributeError) for an array, so
    # the rule stops on every heading whose /K is an array, whatever the file.
    # heading_problems below checks the same thing (every heading reaches content).
    "UA-14-001": "rule raised ValueError: pikepdf.Object is not a Dictionary or Stream",
}

# the structure types a list may hold (ISO 32000-1 table 336, PDF/UA-1 7.2)
LIST_KIDS = {"/LI", "/Caption", "/L"}
ITEM_KIDS = {"/Lbl", "/LBody"}


def validate(path: Path) -> list[str]:
    """Every problem any of the checks finds in the PDF at ``path`` (none: a clean file)."""
    return accessibility_problems(path) + qpdf_problems(path)


def accessibility_problems(path: Path) -> list[str]:
    """pdfua's findings, then our own checks of lists, links and headings."""
    with pikepdf.open(path) as pdf:
        return pdfua_problems(path) + list_problems(pdf) + link_problems(pdf) + heading_problems(pdf)


def pdfua_problems(path: Path) -> list[str]:
    """pdfua's findings of any severity, and rules it skipped for an unknown reason."""
    from pdfua import validate as pdfua_validate

    report = pdfua_validate(str(path))
    found = [f"pdfua {f.rule_id} ({f.pdfua_clause}) {f.location.describe()}: {f.message}"
             for f in report.findings]
    skipped = {o.rule_id: o.skipped_reason or "" for o in report.skipped}
    for rule, reason in skipped.items():
        if not reason.startswith(KNOWN_SKIPS.get(rule, "\0")):
            found.append(f"pdfua {rule} not run: {reason}")
    found += [f"pdfua {rule} now runs: drop it from KNOWN_SKIPS" for rule in KNOWN_SKIPS
              if rule not in skipped]
    return found


def has_qpdf() -> bool:
    return shutil.which("qpdf") is not None


def qpdf_problems(path: Path) -> list[str]:
    """What ``qpdf --check`` reports beyond a clean bill (nothing without qpdf: see has_qpdf)."""
    if not has_qpdf():
        return []
    run = subprocess.run(["qpdf", "--check", str(path)], capture_output=True, text=True)
    if run.returncode == 0 and "No syntax or stream encoding errors" in run.stdout:
        return []
    return [f"qpdf --check exit {run.returncode}: {(run.stdout + run.stderr).strip()}"]


def role(pdf, element) -> str:
    """An element's standard structure type, through the document's role map."""
    name = str(element.S)
    roles = pdf.Root.StructTreeRoot.get("/RoleMap", {})
    seen = set()
    while name in roles and name not in seen:
        seen.add(name)
        name = str(roles[name])
    return name


def kids(element) -> list:
    """The structure elements directly below ``element`` (not its content)."""
    return [k for k in items(element.get("/K")) if isinstance(k, pikepdf.Dictionary) and "/S" in k]


def list_problems(pdf) -> list[str]:
    """Lists that are not L > LI > Lbl/LBody (PDF/UA-1 7.2; veraPDF 7.2-17 to 7.2-20)."""
    problems = []
    for element in tree(pdf):
        kind = role(pdf, element)
        parent = role(pdf, element.P) if "/S" in element.get("/P", {}) else "root"
        below = [role(pdf, k) for k in kids(element)]
        if kind == "/LI" and parent != "/L":
            problems.append(f"LI inside {parent}")
        if kind in ITEM_KIDS and parent != "/LI":
            problems.append(f"{kind[1:]} inside {parent}")
        if kind == "/L" and (set(below) - LIST_KIDS or "/LI" not in below):
            problems.append(f"L holding {below}")
        if kind == "/LI" and (set(below) - ITEM_KIDS or "/LBody" not in below):
            problems.append(f"LI holding {below}")
    return problems


def link_problems(pdf) -> list[str]:
    """Link annotations without readable ``/Contents`` (PDF/UA-1 7.18.5), by page:
    pdfua's rule passes them all once any one Link element has alt text."""
    problems = []
    for number, page in enumerate(pdf.pages, start=1):
        for annotation in page.obj.get("/Annots", []):
            if annotation.get("/Subtype") != "/Link":
                continue
            text = str(annotation.get("/Contents", "")).strip()
            if not text or text.startswith("#"):
                problems.append(f"page {number}: link without /Contents ({text!r})")
    return problems


def heading_problems(pdf) -> list[str]:
    """Headings that reach no content (an empty entry in a reader's list of headings)."""
    def marks_content(element) -> bool:
        return any(isinstance(k, int) or isinstance(k, pikepdf.Dictionary) and (
            "/MCID" in k or "/Obj" in k or "/S" in k and marks_content(k))
            for k in items(element.get("/K")))

    return [f"empty {e.S}" for e in tree(pdf)
            if HEADING.match(role(pdf, e)) and not marks_content(e)]
