"""``guidepress watch``: render again whenever an input changes.

Polls modification times: no extra dependency, and it works the same on every
system and on network folders where change notifications do not arrive.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from pathlib import Path

Snapshot = dict[Path, float]


def snapshot(paths: Iterable[Path]) -> Snapshot:
    """Modification time of every file below (or at) ``paths``."""
    found: Snapshot = {}
    for root in paths:
        root = Path(root)
        files = [root] if root.is_file() else (p for p in root.rglob("*") if p.is_file())
        for path in files:
            if "__pycache__" in path.parts or path.name.startswith("."):
                continue
            try:
                found[path] = path.stat().st_mtime
            except OSError:
                continue
    return found


def changed(before: Snapshot, after: Snapshot) -> list[Path]:
    """Files added, removed or modified between two snapshots."""
    return sorted({p for p in before.keys() | after.keys() if before.get(p) != after.get(p)})


def watch(paths: Callable[[], list[Path]], render: Callable[[], None],
          on_change: Callable[[list[Path]], None] = lambda files: None, *,
          interval: float = 0.5, rounds: int | None = None, sleep=time.sleep) -> None:
    """Render once, then again after every change; ``rounds`` bounds the loop (tests).

    ``paths`` is called each round, so a change of configuration that points at
    other folders is followed too.
    """
    render()
    before = snapshot(paths())
    done = 0
    while rounds is None or done < rounds:
        sleep(interval)
        done += 1
        after = snapshot(paths())
        files = changed(before, after)
        if files:
            on_change(files)
            render()
            before = snapshot(paths())
