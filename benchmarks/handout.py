"""Time the handout three ways in one run: whole `guidepress build` (cold),
an in-process render with a reused renderer (warm), and the `weasyprint`
command on the same HTML and stylesheets; and, beside it, a warm six-exercise
routine sheet with a four-week tracker.

Run: python benchmarks/handout.py [--repeat N]
Machines are noisy: read the ratios, not the absolute seconds.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from guidepress.content.loader import load_guide
from guidepress.content.prescription import PrescriptionFile, resolve
from guidepress.look.resources import Resources
from guidepress.products.handout import render_handout
from guidepress.products.routine import render_routine
from guidepress.render.engine import PdfRenderer
from guidepress.versions import harfbuzz_subset_available


def timed(fn, repeat: int) -> float:
    """Median wall time of ``repeat`` calls, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="guidepress-bench-"))
    # every handout here measures its cards (commands.py times one planned before)
    os.environ["GUIDEPRESS_CACHE_DIR"] = "off"
    source, resources = load_guide(), Resources()
    exe = shutil.which("guidepress") or sys.exit("guidepress is not installed on PATH")
    weasyprint = shutil.which("weasyprint") or sys.exit("the weasyprint command is not on PATH")

    cold = timed(lambda: subprocess.run([exe, "build", "--force", "--out", str(work / "cold")],
                                        check=True, capture_output=True), args.repeat)

    renderer = PdfRenderer([source.folder, *resources.roots])
    warm_target = work / "warm.pdf"

    def warm():
        rendered = render_handout(source, resources=resources, renderer=renderer)
        rendered.document.write_pdf(warm_target)

    warm()  # first render loads fonts and parses the stylesheets
    warm_time = timed(warm, args.repeat * 2)

    def fresh():
        rendered = render_handout(source, resources=resources)  # new renderer each time
        rendered.document.write_pdf(warm_target)

    fresh_time = timed(fresh, args.repeat * 2)

    rx = resolve(PrescriptionFile(patient="A", weeks=4, exercises=[
        "plank 3x30s", "bird-dog 2x8", "bridge 2x12", "cat-cow", "childs-pose", "knee-to-chest"]),
        source.library, "{i}")

    def sheet():
        render_routine(source, rx, resources=resources, renderer=renderer).document.write_pdf(
            work / "sheet.pdf")

    sheet()
    sheet_time = timed(sheet, args.repeat * 2)

    # the weasyprint command on the very HTML and stylesheets guidepress lays out (--html)
    subprocess.run([exe, "handout", "-o", str(work / "h" / "handout.pdf"), "--html"],
                   check=True, capture_output=True)
    command = [weasyprint, str(work / "h" / "handout.html"), str(work / "cli.pdf")]
    cli = timed(lambda: subprocess.run(command, check=True, capture_output=True), args.repeat)

    print(f"HarfBuzz subsetting: {'available' if harfbuzz_subset_available() else 'MISSING'}")
    print(f"handout: {len(source.guide.exercise_ids())} exercise cards")
    print(f"{'what':<52}{'seconds':>9}{'vs warm':>9}")
    rows = [
        ("guidepress build, whole process (cold)", cold),
        ("weasyprint command, same HTML (cold)", cli),
        ("in-process render, fresh renderer", fresh_time),
        ("in-process render, reused renderer (warm)", warm_time),
        ("six-exercise routine sheet, reused renderer (warm)", sheet_time),
    ]
    for name, seconds in rows:
        print(f"{name:<52}{seconds:>9.3f}{seconds / warm_time:>8.1f}x")
    print("no target here: the handout's (a whole `guidepress handout` at most 1.15x the "
          "weasyprint command on its own --html) is measured by benchmarks/commands.py")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
