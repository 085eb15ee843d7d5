"""Peak memory of a large batch, every process together (Linux).

Runs `guidepress batch` on a generated roster (5,000 rows by default) and
samples the memory of the whole process tree (the command, the fork server,
its resource tracker and the workers) several times a second: the peak of the
sum of resident sizes (RSS, which counts memory the processes share once per
process) and of proportional sizes (PSS, which shares it out), and each kind of
process's own peak. Every ``--every`` seconds it prints a line of the memory
curve (sheets done, the sums, each process), so a long run shows how it grows.

Run: python benchmarks/memory.py [--rows 5000] [--workers 2] [--every 60]
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


def parents() -> dict[int, int]:
    """Every process's parent."""
    found = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
                found[int(entry)] = int(stat.rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    return found


def tree(root: int, parent_of: dict[int, int] | None = None) -> list[int]:
    """``root`` and every process below it."""
    children: dict[int, list[int]] = {}
    for pid, parent in (parent_of or parents()).items():
        children.setdefault(parent, []).append(pid)
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo += children.get(pid, [])
    return found


def role(pid: int, root: int, parent_of: dict[int, int]) -> str:
    """What a process of the batch is: the command, the fork server, its resource
    tracker, or a worker (forked from the server, so named by its parent)."""
    if pid == root:
        return "main"
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        command = b""
    if b"resource_tracker" in command:
        return "tracker"
    if parent_of.get(pid) == root:
        return "server"
    return "worker"


def memory_kb(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in kB; zeros once it has gone."""
    try:
        text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    except OSError:
        return 0, 0
    values = {line.split(":")[0]: int(line.split()[1]) for line in text.splitlines()[1:]
              if line.split()[-1] == "kB"}
    return values.get("Rss", 0), values.get("Pss", 0)


class Sampler:
    """The peaks of a batch's process tree, and a line of its memory curve now and then."""

    def __init__(self, root: int, out: Path, every: float):
        self.root, self.out, self.every = root, out, every
        self.rss = self.pss = self.processes = 0
        self.peaks: dict[str, int] = {}  # role -> the largest RSS any such process reached
        self.workers: set[int] = set()
        self.started = self.printed = time.perf_counter()

    def sample(self) -> None:
        parent_of = parents()
        sizes = {pid: memory_kb(pid) for pid in tree(self.root, parent_of)}
        sizes = {pid: size for pid, size in sizes.items() if size[0]}
        roles = {pid: role(pid, self.root, parent_of) for pid in sizes}
        self.rss = max(self.rss, sum(r for r, _ in sizes.values()))
        self.pss = max(self.pss, sum(p for _, p in sizes.values()))
        self.processes = max(self.processes, len(sizes))
        for pid, (rss, _) in sizes.items():
            self.peaks[roles[pid]] = max(self.peaks.get(roles[pid], 0), rss)
        self.workers |= {pid for pid in sizes if roles[pid] == "worker"}
        if time.perf_counter() - self.printed >= self.every:
            self.printed = time.perf_counter()
            self.curve(sizes, roles)

    def curve(self, sizes: dict, roles: dict) -> None:
        done = sum(1 for e in os.scandir(self.out) if e.name.endswith(".pdf")) \
            if self.out.is_dir() else 0
        each = ", ".join(f"{roles[pid]} {rss / 1024:.0f}" for pid, (rss, _) in
                         sorted(sizes.items(), key=lambda item: (roles[item[0]], item[0])))
        print(f"  {time.perf_counter() - self.started:6.0f} s {done:6d} sheets: RSS "
              f"{sum(r for r, _ in sizes.values()) / 1024:4.0f} MB, PSS "
              f"{sum(p for _, p in sizes.values()) / 1024:4.0f} MB ({each})", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--every", type=float, default=60, help="seconds between curve lines")
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
    sampler = Sampler(proc.pid, work / "out", args.every)
    print(f"{args.rows} rows, {args.workers} workers; memory in MB (RSS of each process):",
          flush=True)
    while proc.poll() is None:
        sampler.sample()
        time.sleep(0.25)
    took = time.perf_counter() - start
    sheets = len(list((work / "out").glob("*.pdf")))
    print(f"{args.rows} rows, {args.workers} workers: {sheets} sheets in {took:.0f} s "
          f"(exit code {proc.returncode}); load average {os.getloadavg()[0]:.2f}")
    print(f"peak, all {sampler.processes} processes together: RSS {sampler.rss / 1024:.0f} MB, "
          f"PSS {sampler.pss / 1024:.0f} MB")
    print("peak of each kind of process (RSS): " + ", ".join(
        f"{name} {kb / 1024:.0f} MB" for name, kb in sorted(sampler.peaks.items()))
        + f"; {len(sampler.workers)} worker processes in all")
    print(f"target: under {LIMIT_MB} MB in all processes together: "
          f"{'met' if sampler.rss / 1024 < LIMIT_MB else 'NOT met'} (counting RSS, shared pages "
          "once per process)")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
