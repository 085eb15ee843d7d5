"""Progress for long runs: a live bar on a terminal, plain periodic lines otherwise."""

from __future__ import annotations

import time
from contextlib import contextmanager

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import Console


@contextmanager
def progress_reporter(console: Console, label: str, every: float = 5.0):
    """Yield ``update(done, total)``; draws a bar on a terminal, else prints lines."""
    if console.is_terminal:
        from rich.progress import (  # only for the bar: plain lines do without it
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TaskProgressColumn,
            TextColumn,
            TimeRemainingColumn,
        )

        columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                   TaskProgressColumn(), TextColumn("{task.fields[rate]}"), TimeRemainingColumn())
        with Progress(*columns, console=console, transient=False) as bar:
            task = bar.add_task(label, total=None, rate="")
            started = time.monotonic()

            def update(done: int, total: int) -> None:
                elapsed = max(time.monotonic() - started, 1e-9)
                bar.update(task, completed=done, total=total, rate=f"{done / elapsed:.1f}/s")

            yield update
        return
    started, last = time.monotonic(), [0.0]

    def update(done: int, total: int) -> None:
        now = time.monotonic()
        if done in (0, total) or now - last[0] >= every:
            last[0] = now
            rate = done / max(now - started, 1e-9)
            left = f", about {(total - done) / rate:.0f} s left" if 0 < done < total else ""
            console.print(f"{label}: {done}/{total} ({rate:.1f}/s{left})", soft_wrap=True)

    yield update
