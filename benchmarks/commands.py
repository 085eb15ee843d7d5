"""Whole `guidepress` processes beside their baselines, timed in turn in one run.

  - handout: `guidepress handout` against the `weasyprint` command on the HTML
    that `guidepress handout --html` wrote (the same document, see the README),
    asked for the same tagged PDF/UA-1 output; ours as a first run, as a run
    of the same handout again (every size kept by the first run) and as a run
    after an edit to the guide's text (the cards' sizes kept, the text before them new);
  - batch: `guidepress batch` of a 48-row roster with 2 workers against one
    process looping `weasyprint.HTML(filename=...).write_pdf()` over the same
    sheets' `--html` files;
  - no-change re-runs: `guidepress batch` of 48 and of 1,000 rows, and
    `guidepress build`, with nothing changed since the last run.

Each pair is run in turn `--repeat` times; medians of wall time are printed,
with the CPU time of the processes beside them. Commands run with this Python
(`python -m ...`), not through wrapper scripts, so both sides start the same way.
Run: python benchmarks/commands.py [--repeat 5] [--rows 48] [--big 1000]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from batch import compiled, make_roster  # noqa: E402

from guidepress.content.folders import DEFAULT_GUIDE  # noqa: E402
from guidepress.content.loader import load_guide  # noqa: E402

PY = [sys.executable]
TAGGED = ["--pdf-variant", "pdf/ua-1", "--pdf-tags"]  # guidepress writes tagged PDF/UA-1
NAIVE_LOOP = ("import sys, weasyprint\n"
              "for page in sys.argv[2:]:\n"
              "    weasyprint.HTML(filename=page).write_pdf(sys.argv[1] + '/' + page.rsplit('/', 1)[-1]"
              " + '.pdf', pdf_variant='pdf/ua-1', pdf_tags=True)\n")


def timed(command: list, cwd: Path, env: dict | None = None) -> tuple[float, float]:
    """Wall and CPU seconds of one command (CPU: the process and its children)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                   env=env)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def in_turn(pairs: dict[str, tuple[list, Path]], repeat: int, before=None) -> dict:
    """Median (wall, cpu) of each command, the commands run in turn ``repeat`` times."""
    runs: dict[str, list] = {name: [] for name in pairs}
    for _ in range(repeat):
        for name, (command, cwd, *env) in pairs.items():
            if before:
                before(name)
            runs[name].append(timed(command, cwd, *env))
    return {name: (statistics.median(w for w, _ in r), statistics.median(c for _, c in r))
            for name, r in runs.items()}


def show(title: str, results: dict, baseline: str | None = None, target: str = "") -> None:
    print(f"\n{title}")
    for name, (wall, cpu) in results.items():
        ratio = f"{wall / results[baseline][0]:>7.2f}x" if baseline else ""
        print(f"  {name:<58}{wall:>7.2f} s wall{cpu:>7.2f} s CPU{ratio}")
    if target:
        print(f"  target: {target}")


def handout(work: Path, repeat: int) -> None:
    """Ours three times: a first run, with nothing kept from an earlier one (the
    cache folder emptied before each run); a run of the same handout again, which
    lays it out once with the sizes the first kept (see layout/sizes.py); and a
    run after the guide's key message was edited (a copy of the guide, a new word
    each run), which measures only the text before the cards and the first card,
    the others' sizes kept."""
    gp = [*PY, "-m", "guidepress"]
    off = {**os.environ, "GUIDEPRESS_CACHE_DIR": "off"}
    subprocess.run([*gp, "handout", "-o", "h/handout.pdf", "--html"], cwd=work, check=True,
                   capture_output=True, env=off)
    fresh, again = work / "cache-fresh", work / "cache-again"
    kept_env = {**os.environ, "GUIDEPRESS_CACHE_DIR": str(again)}
    subprocess.run([*gp, "handout", "-o", "h/kept.pdf"], cwd=work, check=True, capture_output=True,
                   env=kept_env)
    guide = work / "guide"
    shutil.copytree(DEFAULT_GUIDE, guide)
    text = guide / "guide.yaml"
    original = text.read_text(encoding="utf-8")
    message = next(line for line in original.splitlines() if line.startswith("message: "))
    edits = iter(range(1, 1_000_000))
    first_run, planned = "guidepress handout, first run (nothing kept)", "guidepress handout again (sizes kept)"
    edited = "guidepress handout after an edit (card sizes kept)"
    baseline = "weasyprint h/handout.html (its --html output)"

    def before(name: str) -> None:
        if name == first_run:
            shutil.rmtree(fresh, ignore_errors=True)
        if name == edited:
            text.write_text(original.replace(message, f"{message} Edit {next(edits)}."),
                            encoding="utf-8")

    results = in_turn({
        first_run: ([*gp, "handout", "-o", "h/ours.pdf"], work,
                    {**os.environ, "GUIDEPRESS_CACHE_DIR": str(fresh)}),
        planned: ([*gp, "handout", "-o", "h/again.pdf"], work, kept_env),
        edited: ([*gp, "handout", "--guide", str(guide), "-o", "h/edited.pdf"], work, kept_env),
        baseline: ([*PY, "-m", "weasyprint", *TAGGED, "h/handout.html", "h/theirs.pdf"], work),
    }, repeat, before=before)
    show("handout, whole process", results, baseline)
    for name in (first_run, planned, edited):
        ratio = results[name][0] / results[baseline][0]
        print(f"  target: {name} <= 1.15x the weasyprint command: {ratio:.2f}x, "
              f"{'met' if ratio <= 1.15 else 'NOT met'}")


def batch(work: Path, rows: int, repeat: int) -> None:
    roster = work / "batch.csv"
    make_roster(roster, rows, load_guide().library.ids)
    gp = [*PY, "-m", "guidepress"]
    subprocess.run([*gp, "batch", str(roster), "--out", "pages", "--html", "--workers", "2"],
                   cwd=work, check=True, capture_output=True)
    pages = sorted(str(p) for p in (work / "pages").glob("*.html"))
    (work / "naive").mkdir()

    def fresh(name: str) -> None:
        shutil.rmtree(work / "ours", ignore_errors=True)

    results = in_turn({
        f"guidepress batch, {rows} rows, 2 workers": (
            [*gp, "batch", str(roster), "--out", "ours", "--workers", "2"], work),
        f"one process: write_pdf over the {rows} --html files": (
            [*PY, "-c", NAIVE_LOOP, "naive", *pages], work),
    }, repeat, before=fresh)
    (ours_wall, _), (naive_wall, _) = results.values()
    speed_up = naive_wall / ours_wall
    show(f"batch of {rows} rows, whole processes (throughput ratio = naive time / ours)",
         results, None, f">= 1.7x the naive loop's throughput: {speed_up:.2f}x, "
                        f"{'met' if speed_up >= 1.7 else 'NOT met'}")


def no_change(work: Path, rows: int, big: int, repeat: int) -> None:
    gp = [*PY, "-m", "guidepress"]
    ids = load_guide().library.ids
    pairs, limits = {}, {}
    for count, limit in ((rows, 0.6), (big, 0.8)) if big != rows else ((rows, 0.6),):
        roster = work / f"same-{count}.csv"
        make_roster(roster, count, ids)
        subprocess.run([*gp, "batch", str(roster), "--out", f"same-{count}", "--workers", "2"],
                       cwd=work, check=True, capture_output=True)
        name = f"guidepress batch, {count} rows, nothing changed"
        pairs[name], limits[name] = ([*gp, "batch", str(roster), "--out", f"same-{count}"], work), limit
    subprocess.run([*gp, "build", "--out", "built"], cwd=work, check=True, capture_output=True)
    name = "guidepress build, nothing changed"
    pairs[name], limits[name] = ([*gp, "build", "--out", "built"], work), 0.6
    pairs["python -c pass (interpreter start, for scale)"] = ([*PY, "-c", "pass"], work)
    results = in_turn(pairs, repeat)
    show("no-change re-runs, whole process", results)
    for name, limit in limits.items():
        wall = results[name][0]
        print(f"  target: {name} <= {limit} s: {wall:.2f} s, {'met' if wall <= limit else 'NOT met'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--rows", type=int, default=48)
    parser.add_argument("--big", type=int, default=1000)
    parser.add_argument("--only", choices=["handout", "batch", "no-change"])
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="guidepress-commands-bench-"))
    os.environ["GUIDEPRESS_CACHE_DIR"] = str(work / "cache")  # not the user's own cache
    compiled()
    print(f"load average at start {os.getloadavg()[0]:.2f}")
    if args.only in (None, "handout"):
        handout(work, args.repeat)
    if args.only in (None, "batch"):
        batch(work, args.rows, max(1, args.repeat // 2))
    if args.only in (None, "no-change"):
        no_change(work, args.rows, args.big, args.repeat)
    print(f"\nload average at end {os.getloadavg()[0]:.2f}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
