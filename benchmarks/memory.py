"""Peak memory of a large batch, every process together (Linux).

Runs `guidepress batch` on a generated roster (5,000 rows by default) and
samples the memory of the whole process tree (the command, the fork server and
the workers) several times a second: the peak of the sum of resident sizes
(RSS, which counts memory the processes share once per process) and of
proportional sizes (PSS, which shares it out), and the largest single process.

Run: python benchmarks/memory.py [--rows 5000] [--workers 2]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from guidepress.content.loader import load_guide

LIMIT_MB = 500


def tree(root: int) -> list[int]:
    """``root`` and every process below it."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                parent = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children.get(pid, [])
    return found


def memory_kb(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in kB; zeros once it has gone."""
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0, 0
    values = {line.split(":")[0]: int(line.split()[1]) for line in text.splitlines()[1:]
              if line.split()[-1] == "kB"}
    return values.get("Rss", 0), values.get("Pss", 0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from batch import compiled, make_roster

    compiled()
    work = Path(tempfile.mkdtemp(prefix="guidepress-memory-bench-"))
    roster = work / "roster.csv"
    make_roster(roster, args.rows, load_guide().library.ids)
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "guidepress", "batch", str(roster), "--out",
                             str(work / "out"), "--workers", str(args.workers)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak_rss = peak_pss = peak_one = processes = 0
    while proc.poll() is None:
        sizes = [memory_kb(pid) for pid in tree(proc.pid)]
        peak_rss = max(peak_rss, sum(r for r, _ in sizes))
        peak_pss = max(peak_pss, sum(p for _, p in sizes))
        peak_one = max(peak_one, max((r for r, _ in sizes), default=0))
        processes = max(processes, sum(1 for r, _ in sizes if r))
        time.sleep(0.25)
    took = time.perf_counter() - start
    sheets = len(list((work / "out").glob("*.pdf")))
    print(f"{args.rows} rows, {args.workers} workers: {sheets} sheets in {took:.0f} s "
          f"(exit code {proc.returncode}); load average {os.getloadavg()[0]:.2f}")
    print(f"peak, all {processes} processes together: RSS {peak_rss / 1024:.0f} MB, "
          f"PSS {peak_pss / 1024:.0f} MB; largest single process {peak_one / 1024:.0f} MB")
    print(f"target: under {LIMIT_MB} MB in all processes together: "
          f"{'met' if peak_rss / 1024 < LIMIT_MB else 'NOT met'} (counting RSS, shared pages "
          "once per process)")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
