"""Garbage-collector settings for rendering.

A WeasyPrint render makes hundreds of thousands of short-lived objects; with
Python's default thresholds the collector runs thousands of times per sheet and
each full pass walks every long-lived object too (fonts, parsed stylesheets,
modules). Profiled on a routine sheet this was 17 % of the time.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

RENDER_THRESHOLDS = (20_000, 20, 20)  # allocations before a young collection; then the ratios

_state = {"renders": 0, "frozen": False}


@contextlib.contextmanager
def rendering() -> Iterator[None]:
    """Collect less often during a render; the thresholds are restored afterwards.

    From the second render of a process on, what survived the first (fonts,
    stylesheets, images, imported modules) is frozen first: collections no
    longer walk it, and forked workers do not copy pages by touching it.
    """
    if _state["renders"] == 1 and not _state["frozen"] and gc.isenabled():
        gc.collect()
        gc.freeze()
        _state["frozen"] = True
    _state["renders"] += 1
    old = gc.get_threshold()
    gc.set_threshold(*RENDER_THRESHOLDS)
    try:
        yield
    finally:
        gc.set_threshold(*old)


@contextlib.contextmanager
def one_off(*, exiting: bool = False) -> Iterator[None]:
    """No collections at all while a command renders once and exits.

    The memory a single handout or build could reclaim is small next to the
    time the collector would spend looking for it. With ``exiting`` (the
    process ends after the command) everything is frozen at the end instead of
    collected, so the interpreter's final collection at exit has nothing to walk.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if exiting:
            gc.freeze()
        if was_enabled:
            gc.enable()
