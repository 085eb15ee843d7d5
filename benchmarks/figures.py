"""What the exercise figures cost WeasyPrint to draw: a page of figures, timed.

A page holding the figures of the six-exercise sheet (or of the whole library
with ``--all``), as ``<img>`` data URIs exactly as the sheet embeds them, is
rendered with ``weasyprint.HTML(string=...).render().write_pdf()``. Printed
(CPU time medians): the whole page, the time inside WeasyPrint's SVG drawing
(``SVG.draw``) and inside its path-data drawing (``svg.path.path``), per figure.

To compare two versions of the figures in one run, write the page with one
checkout (``--write-html before.html``) and time it beside this checkout's page
with ``--against before.html`` (one page or more); they are rendered in turn, round by round.
``--profile`` prints the functions that cost most inside ``path()``.
Run: python benchmarks/figures.py [--rounds 9] [--all] [--against PAGE.html]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import time
from pathlib import Path

from guidepress.content.exercises import builtin_library_dir, load_library
from guidepress.look.filters import figure

SIX = ["plank", "bird-dog", "bridge", "cat-cow", "childs-pose", "knee-to-chest"]


def page(exercises) -> str:
    """An HTML page with each exercise's figure 8 cm wide, as on a sheet's cards."""
    images = "".join(f'<p style="width: 8cm">{figure(e)}</p>' for e in exercises)
    return (f"<!DOCTYPE html><html><head><style>img {{ width: 100% }} :root {{ "
            f"--figure-height: 3cm }}</style></head><body>{images}</body></html>")


class Clock:
    """CPU time spent inside a function of WeasyPrint's, which it wraps in place."""

    def __init__(self, owner, name: str, table: dict | None = None):
        self.spent = 0.0
        inner = table[name] if table is not None else getattr(owner, name)

        def timed(*args, **kwargs):
            start = time.process_time()
            try:
                return inner(*args, **kwargs)
            finally:
                self.spent += time.process_time() - start

        if table is not None:
            table[name] = timed
        else:
            setattr(owner, name, timed)


def render(html: str) -> bytes:
    """One page of figures to PDF bytes, as WeasyPrint's own two steps."""
    import weasyprint

    return weasyprint.HTML(string=html).render().write_pdf()


def timings(html: str, clocks: dict[str, Clock]) -> dict[str, float]:
    """CPU seconds of one render: the whole of it and each clock's share."""
    before = {name: clock.spent for name, clock in clocks.items()}
    start = time.process_time()
    render(html)
    out = {name: clock.spent - before[name] for name, clock in clocks.items()}
    out["page"] = time.process_time() - start
    return out


def profile_path(html: str) -> None:
    """Print what costs most inside WeasyPrint's ``path()`` for one render."""
    profile = cProfile.Profile()
    profile.runcall(render, html)
    stats = pstats.Stats(profile).sort_stats("tottime")
    stats.print_callees(r"svg/path.py.*\(path\)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--all", action="store_true", help="every figure in the library")
    parser.add_argument("--write-html", type=Path, help="write the page of figures and stop")
    parser.add_argument("--against", type=Path, nargs="*", default=[],
                        help="pages written by --write-html to time beside this one")
    parser.add_argument("--profile", action="store_true", help="profile path() once")
    args = parser.parse_args()
    library = load_library(builtin_library_dir())
    exercises = list(library) if args.all else [library.get(i) for i in SIX]
    pages = {"this checkout": page(exercises)}
    if args.write_html:
        args.write_html.write_text(pages["this checkout"], encoding="utf-8")
        return
    pages = {**{f"page {p.name}": p.read_text(encoding="utf-8") for p in args.against}, **pages}
    from weasyprint.svg import SVG, TAGS

    clocks = {"SVG.draw": Clock(SVG, "draw"), "path()": Clock(None, "path", TAGS)}
    for html in pages.values():
        render(html)  # warm-up: fonts, imports
    runs: dict[str, list[dict]] = {name: [] for name in pages}
    for _ in range(args.rounds):
        for name, html in pages.items():
            runs[name].append(timings(html, clocks))
    count = len(exercises)
    print(f"{count} figures, {args.rounds} rounds, CPU time medians, ms per figure")
    print(f"{'page':<28}{'whole page':>11}{'SVG.draw':>10}{'path()':>8}")
    for name, rows in runs.items():
        ms = {key: statistics.median(r[key] for r in rows) * 1000 / count for key in rows[0]}
        print(f"{name:<28}{ms['page']:>11.1f}{ms['SVG.draw']:>10.1f}{ms['path()']:>8.1f}")
    if args.profile:
        profile_path(pages["this checkout"])


if __name__ == "__main__":
    main()
