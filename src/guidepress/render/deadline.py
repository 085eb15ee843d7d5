"""A time bound on laying out and writing one PDF.

A stylesheet may come from anyone on a clinic's team, and some ask WeasyPrint for work
that grows far faster than the page (``column-count: 1000`` on a long block took 49
seconds for 100 paragraphs, and minutes for a guide). An alarm in the main thread stops
it: the default is generous, ``GUIDEPRESS_LAYOUT_SECONDS`` changes it (0: no bound).
The bound costs nothing while it is not reached (no process per render), and is left
out where it cannot be kept: off the main thread, or on a system without timers.
"""

from __future__ import annotations

import contextlib
import math
import os
import signal
import threading
import time
from collections.abc import Iterator

from guidepress.errors import RenderError, UsageError

DEFAULT_SECONDS = 120.0
SETTING = "GUIDEPRESS_LAYOUT_SECONDS"


class LayoutTimeout(RenderError):
    """A layout or write stopped at the time limit: the templates or stylesheets ask for
    too much, so a batch stops rather than let every row wait it out in turn."""


class _Expired(BaseException):
    """Raised by the alarm inside WeasyPrint: not an ``Exception``, so that no
    ``except Exception`` on its way (an image that fails to load is only a warning
    there) can swallow it and lay out on."""


def layout_seconds() -> float:
    """The seconds one layout or write may take (0: no bound), from the environment."""
    text = os.environ.get(SETTING, "").strip()
    if not text:
        return DEFAULT_SECONDS
    try:
        seconds = float(text)
    except ValueError:
        seconds = -1.0
    if not math.isfinite(seconds) or seconds < 0:
        raise UsageError(f'{SETTING}="{text}" is not a number of seconds: give one such as '
                         f"300, or 0 for no bound (the default is {DEFAULT_SECONDS:g})")
    return seconds


def _expire(signum, frame) -> None:
    raise _Expired


def _disarm() -> None:
    try:
        signal.setitimer(signal.ITIMER_REAL, 0)
    except _Expired:  # it rang just now: it is off all the same
        signal.setitimer(signal.ITIMER_REAL, 0)


@contextlib.contextmanager
def deadline(what: str) -> Iterator[None]:
    """Stop ``what`` ("laying out the routine PDF") with a message once it takes longer
    than ``layout_seconds()``. An alarm already set sooner (by whoever runs guidepress)
    is left to ring; one set later is put back afterwards, less the time spent."""
    seconds = layout_seconds()
    usable = (seconds > 0 and hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread())
    earlier = signal.getitimer(signal.ITIMER_REAL) if usable else (0.0, 0.0)
    if not usable or 0 < earlier[0] <= seconds:
        yield
        return
    handler, began = signal.signal(signal.SIGALRM, _expire), time.monotonic()
    signal.setitimer(signal.ITIMER_REAL, seconds, 1.0)  # again each second, if one is swallowed
    try:
        yield
    except _Expired:
        raise LayoutTimeout(
            f"{what} took more than {seconds:g} seconds, so it was stopped: the template or a "
            "stylesheet may ask for more than can be laid out (hundreds of columns, flex or grid "
            "boxes nested deep); check the template and the stylesheets (custom.css), or allow "
            f"more time with {SETTING}=<seconds>") from None
    finally:
        _disarm()
        signal.signal(signal.SIGALRM, signal.SIG_DFL if handler is None else handler)
        if earlier[0]:
            left = max(earlier[0] - (time.monotonic() - began), 0.001)
            signal.setitimer(signal.ITIMER_REAL, left, earlier[1])
