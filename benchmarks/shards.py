"""A roster rendered as N shard processes side by side, against one process.

Both sides have the same total number of workers: N `guidepress batch --shard
K/N --workers W/N` processes started together into one folder, then
`guidepress merge-manifests`, against one `guidepress batch --workers W`. The
two are run in turn, several times, each time into a fresh folder; the medians
of the wall times are compared. This is what the README's Kubernetes and Slurm
examples do on one machine: it shows what sharding costs (each shard loads the
guide and starts its own workers), not what more machines would bring.

Run: python benchmarks/shards.py [--rows 48] [--shards 2] [--workers 2] [--repeat 3]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from batch import compiled, make_roster  # noqa: E402

from guidepress.content.loader import load_guide  # noqa: E402

COMMAND = [sys.executable, "-m", "guidepress"]


def sharded(roster: Path, out: Path, shards: int, workers: int) -> float:
    """Wall time of N shard processes started together, then merge-manifests."""
    start = time.perf_counter()
    each = max(1, workers // shards)
    running = [subprocess.Popen([*COMMAND, "batch", str(roster), "--out", str(out),
                                 "--shard", f"{k}/{shards}", "--workers", str(each)],
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
               for k in range(1, shards + 1)]
    for proc in running:
        if proc.wait() != 0:
            raise SystemExit(f"a shard failed: {proc.stderr.read().decode()}")
    subprocess.run([*COMMAND, "merge-manifests", str(out)], check=True, capture_output=True)
    return time.perf_counter() - start


def single(roster: Path, out: Path, workers: int) -> float:
    start = time.perf_counter()
    subprocess.run([*COMMAND, "batch", str(roster), "--out", str(out), "--workers", str(workers)],
                   check=True, capture_output=True)
    return time.perf_counter() - start


def written(out: Path) -> int:
    rows = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["rows"]
    return sum(r["status"] == "written" for r in rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=48)
    parser.add_argument("--shards", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2, help="total, on each side")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="guidepress-shards-bench-"))
    compiled()
    roster = work / "roster.csv"
    make_roster(roster, args.rows, load_guide().library.ids)
    times: dict[str, list[float]] = {"shards": [], "one": []}
    for turn in range(args.repeat):
        out = work / f"shards-{turn}"
        times["shards"].append(sharded(roster, out, args.shards, args.workers))
        assert written(out) == args.rows, "the merged manifest must hold every row"
        out = work / f"one-{turn}"
        times["one"].append(single(roster, out, args.workers))
        assert written(out) == args.rows
    shards, one = statistics.median(times["shards"]), statistics.median(times["one"])
    print(f"roster: {args.rows} patients; {args.workers} workers in all on each side; "
          f"{args.repeat} runs each, wall-time medians; load average {os.getloadavg()[0]:.2f}")
    print(f"{'what':<58}{'s':>7}{'sheets/s':>10}{'ratio':>7}")
    print(f"{'one process, --workers ' + str(args.workers):<58}{one:>7.2f}{args.rows / one:>10.2f}"
          f"{1:>7.2f}")
    label = f"{args.shards} shard processes side by side, then merge-manifests"
    print(f"{label:<58}{shards:>7.2f}{args.rows / shards:>10.2f}{one / shards:>7.2f}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
