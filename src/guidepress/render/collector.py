"""Garbage-collector settings for rendering.

A WeasyPrint render makes hundreds of thousands of short-lived objects; with
Python's default thresholds the collector runs thousands of times per sheet and
each full pass walks every long-lived object too (fonts, parsed stylesheets,
modules). Profiled on a routine sheet this was 17 % of the time.
"""

from __future__ import annotations

import contextlib
import functools
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


def release_memory() -> None:
    """Free what a finished document left behind, between the documents of a batch.

    Rendering collects rarely (``RENDER_THRESHOLDS``), so a sheet's garbage
    (boxes in reference cycles, holding Pango layouts and other C memory) waited
    for collections that hardly came while the next sheets allocated around it:
    a batch worker grew by about 30 MB in its first ten sheets and kept growing.
    Collecting the two younger generations after each sheet finds nearly all of
    it for a few hundredths of a second (a full collection costs about 6 % of a
    sheet's time and frees little more). Then the C heap's free pages go back
    to the system, which glibc does not do by itself once the heap is fragmented.
    """
    gc.collect(1)
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@functools.cache
def _malloc_trim():
    """glibc's ``malloc_trim``, or None where the C library has none (macOS, musl)."""
    import ctypes  # here, not above: every command imports this module at start-up

    try:
        return ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError, TypeError):
        return None
