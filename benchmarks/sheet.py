"""A warm six-exercise routine sheet beside the naive way, measured in one process.

Three things are timed, interleaved round by round (the median of each is kept):
  - ours: `write_routine`, the code path of `guidepress routine` and of every
    batch worker, with one renderer reused between sheets;
  - naive: one `weasyprint.HTML(string=...).write_pdf(stylesheets=...)` of the
    very same HTML and the same stylesheet files, with the same PDF variant and
    tags, as a template author would call WeasyPrint (and, beside it, the same
    call sharing one FontConfiguration);
  - anchor: the naive loop of the comparable sheet in ../shared/perf/naive_sheet.py
    (6 illustrated cards, a 4x7 tracker, a safety box; plain system font).

Times are CPU seconds of this process (`time.process_time`), so that other
programs on a shared machine disturb them less than wall time.
Run: python benchmarks/sheet.py [--rounds 15] [--naive-sheet PATH]
"""

from __future__ import annotations

import argparse
import itertools
import importlib.util
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from guidepress.content.loader import load_guide
from guidepress.content.prescription import PrescriptionFile, resolve
from guidepress.look.resources import Resources
from guidepress.look.variants import variant_options
from guidepress.owned import approved
from guidepress.products.routine import STYLESHEETS, render_routine, write_routine
from guidepress.render.engine import PdfRenderer

SIX = ["plank 3x30s", "bird-dog 2x8", "bridge 2x12", "cat-cow", "childs-pose", "knee-to-chest"]
TARGET = 0.8
PATIENTS = ["Ana García", "Bo Li", "Chidi Okafor", "Dana Kowalska", "Eli Haddad"]


def find_anchor() -> Path | None:
    """shared/perf/naive_sheet.py in a folder above this checkout, if there is one."""
    for folder in Path(__file__).resolve().parents:
        candidate = folder / "shared" / "perf" / "naive_sheet.py"
        if candidate.is_file():
            return candidate
    return None


def load_anchor(path: Path | None):
    """The comparable naive sheet script, imported as a module (None if absent)."""
    if path is None or not path.is_file():
        return None
    spec = importlib.util.spec_from_file_location("naive_sheet", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def cpu(fn) -> float:
    start = time.process_time()
    fn()
    return time.process_time() - start


def contenders(work: Path, anchor) -> dict:
    """The functions to time, each rendering one sheet to a file in ``work``."""
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    source, resources = load_guide(), Resources()
    renderer = PdfRenderer([source.folder, *resources.roots])
    # ours renders a different patient each round, as a batch would: the header is laid
    # out afresh every time, while cards and parts measured before are remembered
    patients = [resolve(PrescriptionFile(patient=name, clinician="Dr Lee", weeks=4,
                                         exercises=SIX), source.library, "{i}")
                for name in PATIENTS]
    rx = patients[0]
    html = render_routine(source, rx, resources=resources,
                          renderer=PdfRenderer([source.folder, *resources.roots])).html
    sheets = [str(p) for p in resources.stylesheets(STYLESHEETS)]
    base = source.folder.resolve().as_uri() + "/"
    shared_fonts = FontConfiguration()
    rotation = itertools.cycle(patients)
    tagged = variant_options(resources.pdf_variant)  # the same PDF/UA output as ours

    def ours(rx):
        # one file for every patient, as the naive side does: approved, as a re-issue is
        with approved([work / "ours.pdf"]):
            write_routine(source, rx, work / "ours.pdf", resources=resources, renderer=renderer)

    def naive(**fonts):
        weasyprint.HTML(string=html, base_url=base).write_pdf(
            work / "naive.pdf", stylesheets=sheets, **tagged, **fonts)

    found = {
        "ours": lambda: ours(next(rotation)),
        "naive": naive,
        "naive, fonts shared": lambda: naive(font_config=shared_fonts),
    }
    found["ours"].renderer = renderer  # for the count of remembered measurements
    if anchor:
        patients = anchor.patients(50)
        turn = iter(range(10**9))
        found["anchor: naive_sheet.py loop"] = lambda: weasyprint.HTML(
            string=anchor.html([patients[next(turn) % 50]])).write_pdf(
            work / "anchor.pdf", font_config=shared_fonts)
    return found


def pages(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--naive-sheet", type=Path, default=find_anchor())
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="guidepress-sheet-bench-"))
    anchor = load_anchor(args.naive_sheet)
    runs = contenders(work, anchor)
    for fn in runs.values():  # warm-up: fonts, stylesheets, images, the collector's freeze
        fn()
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(args.rounds):
        for name, fn in runs.items():
            times[name].append(cpu(fn))
    median = {name: statistics.median(t) for name, t in times.items()}
    load = os.getloadavg()[0]
    print(f"warm six-exercise routine sheet, 4-week tracker; {args.rounds} rounds, "
          f"CPU time medians; load average {load:.2f}")
    print(f"{'what':<34}{'ms':>8}{'ours/this':>11}{'pages':>7}")
    files = {"ours": "ours.pdf", "naive": "naive.pdf", "naive, fonts shared": "naive.pdf",
             "anchor: naive_sheet.py loop": "anchor.pdf"}
    for name, value in median.items():
        print(f"{name:<34}{value * 1000:>8.0f}{median['ours'] / value:>10.2f}x"
              f"{pages(work / files[name]):>7}")
    ratio = median["ours"] / median["naive"]
    print(f"target: ours <= {TARGET}x naive on the same sheet: {ratio:.2f}x, "
          f"{'met' if ratio <= TARGET else 'NOT met'}")
    (sizes,) = runs["ours"].renderer.unit_sizes.values()
    print(f"ours: {sizes.hits} sizes found, {sizes.misses} not found (the first sheet's), "
          f"{sizes.replanned} sheets planned again, over {args.rounds + 2} sheets for "
          f"{len(PATIENTS)} patients")
    if anchor is None:
        print(f"(anchor skipped: {args.naive_sheet} not found)")
    shutil.rmtree(work, ignore_errors=True)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
