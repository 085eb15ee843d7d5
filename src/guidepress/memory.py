"""A bound on the memory one guidepress process may take.

Some inputs a few kilobytes long ask for gigabytes: a PDF whose compressed object
stream holds an array of millions of numbers (qpdf builds every one), or a grid of
100,000 by 100,000 tracks in a template. The cheap checks refuse the kinds known
(``check.bounds``, ``render.layouts``); this is the bound for the rest. The
``guidepress`` program (not the library, nor the tests that run the CLI in-process)
caps its data segment at start (``RLIMIT_DATA``: heap and private anonymous memory,
not files mapped or stacks), and the processes it starts (batch workers, the
composer's render server) inherit the cap; a batch's workers each lower theirs to a
share of it (``worker_share``), so that a batch of many takes no more than one
process would, unless the shares' floor (``WORKER_LEAST_MB``) is reached. A run
that reaches it gets a
``MemoryError``, which the code reading or laying out an input turns into a message
naming it. ``GUIDEPRESS_MEMORY_MB`` changes the cap (0: no cap).
"""

from __future__ import annotations

import os

from guidepress.errors import UsageError

SETTING = "GUIDEPRESS_MEMORY_MB"
DEFAULT_MB = 2048  # measured peaks: build of the whole guide, serve and check under 200 MB
LEAST_MB = 300  # below this, thread stacks alone can exhaust the cap (measured at 100)
MOST_MB = 1_048_576  # a terabyte
WORKER_LEAST_MB = 512  # a batch worker's share at the least: measured, one peaks near 120 MB
_SHARE: dict = {}  # in a batch worker: its share of the cap, and how many share it


def memory_mb() -> int:
    """The cap in megabytes from the environment (0: no cap)."""
    text = os.environ.get(SETTING, "").strip()
    if not text:
        return DEFAULT_MB
    # ASCII digits only ("²" is a digit to Python, not a number), and no more than a
    # machine could hold; below LEAST the program's own threads cannot start
    if not (text.isascii() and text.isdecimal()) or not (int(text) == 0
                                                         or LEAST_MB <= int(text) <= MOST_MB):
        raise UsageError(f'{SETTING}="{text}" is not a number of megabytes guidepress can run '
                         f"in: give one such as 4096 (from {LEAST_MB} to {MOST_MB:,}), or 0 for "
                         f"no cap (the default is {DEFAULT_MB})")
    return int(text)


def cap_memory() -> None:
    """Cap this process's data segment at ``memory_mb()`` (never above a cap already
    set from outside); nothing where the system has no such limit."""
    mb = memory_mb()
    if mb:
        _lower(mb, only_if_capped=False)


def cap_at(mb: int) -> None:
    """Cap this process's data segment at ``mb`` megabytes (a child doing work that
    could ask for too much, such as reading a PDF handed to ``check``)."""
    _lower(mb, only_if_capped=False)


def worker_share(workers: int) -> int:
    """The megabytes each of a batch's ``workers`` may use: the cap divided among them,
    but never below ``WORKER_LEAST_MB`` (0: no cap)."""
    mb = memory_mb()
    return min(mb, max(WORKER_LEAST_MB, mb // max(1, workers))) if mb else 0


def cap_worker(mb: int, workers: int) -> None:
    """In a batch worker: lower the cap this process inherited to its share, ``mb``
    (nothing where no cap was set: the library's, or the tests', own processes)."""
    if mb and _lower(mb, only_if_capped=True):
        _SHARE.update(mb=mb, workers=workers)


def _lower(mb: int, only_if_capped: bool) -> bool:
    """Lower the soft data limit to ``mb`` megabytes; whether it now holds that."""
    try:
        import resource
    except ImportError:  # not a POSIX system
        return False
    limit = getattr(resource, "RLIMIT_DATA", None)
    if limit is None:
        return False
    soft, hard = resource.getrlimit(limit)
    if only_if_capped and soft == resource.RLIM_INFINITY:
        return False
    wanted = mb * 2**20
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    if soft == resource.RLIM_INFINITY or wanted < soft:
        try:
            resource.setrlimit(limit, (wanted, hard))
        except (ValueError, OverflowError, OSError):  # the system refuses: no cap
            return False
    return True


def out_of_memory() -> str:
    """What a message about running out of memory adds: the cap and how to change it."""
    if _SHARE:
        return (f"it needs more than the {_SHARE['mb']:,} MB each of the batch's "
                f"{_SHARE['workers']} workers may use (its share of the {SETTING} setting; "
                "raise it, or use fewer --workers, only for files you trust)")
    try:
        mb = memory_mb()
    except UsageError:
        mb = DEFAULT_MB
    if not mb:
        return "the machine ran out of memory"
    return (f"it needs more than the {mb:,} MB guidepress may use (the {SETTING} setting; "
            "raise it only for a file you trust)")
