"""``guidepress exercises --preview FILE.yaml``: draw one exercise file, then again on every save.

The drawing and its checks are ``guidepress.figures.preview``; the watching is the
``watch`` command's own loop (``guidepress.watch``). A save that breaks the file
prints its error and the watch goes on; Ctrl-C stops it.
"""

from __future__ import annotations

import gc
import time
from pathlib import Path

from rich.markup import escape

from guidepress.commands.options import err, out
from guidepress.errors import ContentError, GuidepressError, UsageError
from guidepress.owned import replacing


def check_options(preview: Path | None, *, once: bool, out_dir: Path | None, others: dict) -> None:
    """Refuse options that do not go with --preview, or that need it."""
    if preview is None:
        for name, given in (("--once", once), ("-o", out_dir is not None)):
            if given:
                raise UsageError(f"{name} goes with --preview FILE.yaml, the exercise to draw")
        return
    given = [name for name, value in others.items() if value]
    if given:
        raise UsageError(f"--preview draws one exercise file; leave out {', '.join(given)} "
                         "(run them as a command of their own)")


def run_preview(source: Path, folder: Path, *, png: bool = False, once: bool = False,
                force: bool = False, interval: float = 0.5, rounds: int | None = None,
                sleep=time.sleep) -> None:
    """Draw ``source`` into ``folder``; with ``once`` stop there (ContentError if the pose
    breaks a rule), else draw again on every save until Ctrl-C (``rounds`` bounds it, for tests)."""
    from guidepress.figures.preview import check_source, write_preview

    source = Path(source)
    check_source(source)  # a wrong path is a typo: say so now rather than watch nothing
    with replacing(force, "choose another -o folder"):
        if once:
            result = write_preview(source, folder, png)
            _report(result, first=True)
            if result.findings:
                raise ContentError(f"{source}: {_broken(result.findings)} (listed above); the "
                                   "library refuses this file until they are fixed")
            return
        _watch(source, folder, png, interval, rounds, sleep)


def _broken(findings: list[str]) -> str:
    from guidepress.figures.preview import checked

    count = f"{len(findings)} rule{'s' if len(findings) > 1 else ''}"
    return f"the pose breaks {count}" if checked(findings) == "pose rules" else \
        f"the pose or the names break {count}"


def _watch(source: Path, folder: Path, png: bool, interval: float, rounds, sleep) -> None:
    from guidepress.figures.preview import write_preview
    from guidepress.watch import watch

    drawn = {"first": True}

    def draw() -> None:
        try:
            result = write_preview(source, folder, png)
        except GuidepressError as exc:
            err.print(f"[bold red]error:[/] {escape(str(exc))}", soft_wrap=True, emoji=False)
            err.print(f"{time.strftime('%H:%M:%S')} not drawn; still watching: save "
                      f"{source.name} again once it is fixed", soft_wrap=True)
            return
        _report(result, first=drawn["first"])
        drawn["first"] = False

    gc.enable()  # a watch may run for hours: collect as usual (one-off commands do not)
    out.print(f"watching {escape(str(source))}; Ctrl-C to stop", soft_wrap=True)
    try:
        watch(lambda: [source], draw, interval=interval, rounds=rounds, sleep=sleep)
    except KeyboardInterrupt:
        out.print("stopped", soft_wrap=True)


def _report(result, *, first: bool) -> None:
    """Say what was drawn: the file and where to open it the first time, then a line a draw."""
    from guidepress.figures.preview import summary

    frames = len(result.exercise.figure.frame_names)
    verdict = summary(result.findings)
    if first:
        out.print(f"wrote {escape(str(result.path))} ({frames} frames, {result.seconds:.2f} s); {verdict}",
                  soft_wrap=True)
        out.print(f"open {escape(result.path.resolve().as_uri())} in a browser; reload it after each save",
                  soft_wrap=True)
    else:
        out.print(f"{time.strftime('%H:%M:%S')} re-drawn in {result.seconds:.2f} s; {verdict}",
                  soft_wrap=True)
    for finding in result.findings:
        out.print(f"  {escape(finding)}", soft_wrap=True, emoji=False)
