"""Batch export beside the naive way, measured in one run.

Generates a roster of patients with 4 to 8 exercises each, then times:
  - `export_batch` with N workers (the `guidepress batch` code path), which also
    writes each sheet's HTML (--html);
  - the naive way over the same sheets: one process, one HTML(...).write_pdf(...)
    per sheet of that HTML (stylesheets and fonts read again for every sheet).
Prints sheets per second, the ratio, and the peak memory of each process.
Run: python benchmarks/batch.py [--rows 200] [--naive-rows N] [--workers 2]
Machines are noisy: read the ratios, not the absolute seconds.
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from guidepress.batch.export import BatchOptions, export_batch
from guidepress.content.loader import load_guide
from guidepress.look.resources import Resources
from guidepress.look.variants import variant_options

sys.path.insert(0, str(Path(__file__).resolve().parent))
from memory import memory_kb, tree  # noqa: E402


def make_roster(path: Path, rows: int, ids: list[str]) -> None:
    rng = random.Random(7)
    with path.open("w", newline="", encoding="utf-8") as handle:
        out = csv.writer(handle)
        out.writerow(["id", "patient", "clinician", "start", "weeks", "exercises"])
        for i in range(rows):
            picks = rng.sample(ids, rng.randint(4, 8))
            doses = [f"{e} {rng.randint(1, 3)}x{rng.choice([8, 10, 12])}" for e in picks]
            out.writerow([f"p{i:05d}", f"Patient {i}", "Dr Lee", "2026-12-01",
                          rng.randint(2, 8), "; ".join(doses)])


def compiled() -> None:
    """Byte-compile guidepress's modules, as installing the wheel does, so that no side
    pays for compiling them (PYTHONDONTWRITEBYTECODE would otherwise make each run do it)."""
    import guidepress

    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(guidepress.__file__).parent)],
                   check=True, env=env, stdout=subprocess.DEVNULL)


def naive(pages: list[Path], out: Path) -> float:
    """The naive way over the same sheets: one process, one ``write_pdf`` per sheet of
    the HTML the batch wrote beside it (which links its stylesheets and fonts, so
    WeasyPrint reads them again for every sheet), with the same tagged PDF/UA output."""
    from weasyprint import HTML

    tagged = variant_options(Resources().pdf_variant)
    out.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    for page in pages:
        HTML(filename=str(page)).write_pdf(out / f"{page.stem}.pdf", **tagged)
    return time.perf_counter() - start


class Sampler(threading.Thread):
    """Samples the memory of this process and every process below it (Linux)."""

    def __init__(self):
        super().__init__(daemon=True)
        self.peaks: dict[int, int] = {}  # pid -> peak RSS in kB
        self.total = 0  # peak of the sum, kB
        self.running = True

    def run(self) -> None:
        while self.running:
            sizes = {pid: memory_kb(pid)[0] for pid in tree(os.getpid())}
            for pid, rss in sizes.items():
                self.peaks[pid] = max(self.peaks.get(pid, 0), rss)
            self.total = max(self.total, sum(sizes.values()))
            time.sleep(0.25)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=200)
    parser.add_argument("--naive-rows", type=int, default=None, help="default: --rows")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="guidepress-batch-bench-"))
    roster = work / "roster.csv"
    make_roster(roster, args.rows, load_guide().library.ids)
    sampler = Sampler()
    sampler.start()
    start = time.perf_counter()
    result = export_batch(roster, BatchOptions(out_dir=work / "batch", workers=args.workers,
                                               resources=Resources(keep_html=True)))
    batch_time = time.perf_counter() - start
    sampler.running = False
    sampler.join()
    assert result.count("written") == args.rows, "every generated row must render"
    pages = sorted((work / "batch").glob("*.html"))[:args.naive_rows or args.rows]
    naive_rows = len(pages)
    naive_time = naive(pages, work / "naive")
    naive_rate, batch_rate = naive_rows / naive_time, args.rows / batch_time

    main_mb = sampler.peaks.pop(os.getpid(), 0) / 1024
    others = sorted((kb / 1024 for kb in sampler.peaks.values()), reverse=True)
    print(f"roster: {args.rows} patients, 4-8 exercises each; {args.workers} workers; "
          f"load average {os.getloadavg()[0]:.2f}")
    print(f"{'what':<52}{'sheets/s':>10}{'ratio':>8}")
    print(f"{'naive: one process, write_pdf per patient':<52}{naive_rate:>10.2f}{1:>8.2f}"
          f"   ({naive_rows} sheets)")
    print(f"{'guidepress batch (export_batch)':<52}{batch_rate:>10.2f}"
          f"{batch_rate / naive_rate:>8.2f}   ({args.rows} sheets)")
    print(f"peak memory (RSS): main process {main_mb:.0f} MB; fork server and workers "
          f"{', '.join(f'{mb:.0f}' for mb in others)} MB; all together {sampler.total / 1024:.0f} MB")
    ratio = batch_rate / naive_rate
    print(f"target: >= 1.9x the naive throughput with 2 workers: {ratio:.2f}x, "
          f"{'met' if ratio >= 1.9 else 'NOT met'}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
