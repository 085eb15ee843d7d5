"""Work on a PDF handed to ``check`` done in a child process, within a time limit and
a memory cap.

How long pdfium takes over a page, and how much memory it asks for, is not bounded
by the file's size or by the counts ``bounds`` and ``drawwork`` make: a few kilobytes
can ask for thirty thousand fills of an A0 page, or clip paths whose cost grows with
the square of their number until pdfium aborts the process. So each file's checks run
in a child process (a fork) under the memory cap, and each page is drawn in a child of
that one; a child that takes longer than its time is killed, and one that dies (pdfium
aborts when it reaches the cap) is reported, naming the file, while the other files
are still checked. Where a process cannot fork safely (a system without ``fork``, or
a process running other threads, such as the composer, which checks only sheets it
made itself), the work is done in this process.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import threading
import time
from collections.abc import Callable

PAGE_SECONDS = 15.0  # one page; an A0 poster draws in about a second


class Stopped(Exception):
    """The child did not finish: ``reason`` says why, in words for a message."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def can_fork() -> bool:
    """Whether work is done in a child process with a time limit."""
    return hasattr(os, "fork") and threading.active_count() == 1


def within(work: Callable[[], object], seconds: float, memory_mb: int = 0):
    """What ``work()`` returns, done in a child process given ``seconds`` (and at most
    ``memory_mb`` of memory, when given); ``Stopped`` when it runs out of time or dies.
    An exception ``work`` raises is raised here (it must pickle)."""
    if not can_fork():
        return work()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: work, send, and leave without running the parent's clean-up
        code = 1
        try:
            os.close(read)
            _bounded(seconds)
            if memory_mb:
                from guidepress.memory import cap_at

                cap_at(memory_mb)
            try:
                answer = (True, work())
            except Exception as exc:  # noqa: BLE001 - raised again in the parent
                answer = (False, exc)
            _send(write, pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))
            code = 0
        finally:
            os._exit(code)
    os.close(write)
    try:
        data = _receive(read, time.monotonic() + max(seconds, 0.0))
    finally:
        os.close(read)
        status = _end(pid)
    if data is None:
        raise Stopped(f"it took longer than {seconds:g} s")
    if not data:
        raise Stopped(_died(status, memory_mb))
    try:
        done, value = pickle.loads(data)
    except (pickle.UnpicklingError, EOFError, ValueError):  # it died part way through
        raise Stopped(_died(status, memory_mb)) from None
    if not done:
        raise value
    return value


def draw_within(page, scale: float, seconds: float):
    """``page`` rendered at ``scale`` as an RGB picture, or None when drawing it fails
    or takes longer than ``seconds``."""
    from PIL import Image  # before the fork: the child imports nothing

    def draw():
        picture = page.render(scale=scale).to_pil().convert("RGB")
        return picture.size, picture.tobytes()

    try:
        size, pixels = within(draw, seconds)
    except Stopped:
        return None
    return Image.frombytes("RGB", size, pixels)


def _bounded(seconds: float) -> None:
    """In the child: end it with its parent (killed, it can no longer stop the child),
    and in any case after ``seconds`` of processor time (Linux and other POSIX systems)."""
    try:
        import resource

        limit = int(seconds) + 5
        resource.setrlimit(resource.RLIMIT_CPU, (limit, limit + 5))
    except (ImportError, OSError, ValueError):
        pass  # a lower limit set from outside holds; the parent's time limit while it lives
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        if hasattr(libc, "prctl"):
            libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # no such call here: the processor-time limit still ends it


def _died(status: int, memory_mb: int) -> str:
    if os.WIFSIGNALED(status):
        name = signal.Signals(os.WTERMSIG(status)).name
        if name in ("SIGXCPU", "SIGKILL"):
            return f"reading it took more processor time than it was given ({name})"
        cap = f" (the {memory_mb:,} MB memory cap reached, most likely)" if memory_mb else ""
        return f"reading it stopped the PDF library ({name}){cap}"
    return "reading it stopped the PDF library"


def _send(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _receive(fd: int, deadline: float) -> bytes | None:
    """Everything the child writes before it closes the pipe; None if that is not
    done by ``deadline``."""
    parts = []
    while (left := deadline - time.monotonic()) > 0:
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            break
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b"".join(parts)
        parts.append(chunk)
    return None


def _end(pid: int) -> int:
    """Stop the child if it is still working, collect it, and return its status."""
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    return os.waitpid(pid, 0)[1]
