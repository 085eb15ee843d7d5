"""Drawing one page of a PDF handed to ``check``, within a time limit.

How long pdfium takes to draw a page is not bounded by the file's size or by the
counts ``drawwork`` makes: a few kilobytes can ask for thirty thousand fills of an
A0 page, or one shading of forty thousand patches, minutes of work inside a single
call that cannot be interrupted. So the page is drawn in a child process (a fork:
the page, with its text hidden, is already in memory) that sends the picture back
through a pipe; when the page takes longer than its time, the child is killed and
the page is reported as not measured. Where a process cannot fork safely (a system
without ``fork``, or a process running other threads, such as the composer, which
only checks sheets it made itself), the page is drawn in this process.
"""

from __future__ import annotations

import os
import select
import signal
import struct
import threading
import time

PAGE_SECONDS = 15.0  # one page; an A0 poster draws in about a second
_HEADER = struct.Struct("<II")  # width, height of the RGB picture that follows


def can_fork() -> bool:
    """Whether pages are drawn in a child process with a time limit."""
    return hasattr(os, "fork") and threading.active_count() == 1


def draw_within(page, scale: float, seconds: float):
    """``page`` rendered at ``scale`` as an RGB picture, or None when drawing it
    takes longer than ``seconds``."""
    from PIL import Image  # before the fork: the child imports nothing

    if not can_fork():
        return _draw(page, scale)
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: draw, send, and leave without running the parent's clean-up
        code = 1
        try:
            os.close(read)
            picture = _draw(page, scale)
            _send(write, _HEADER.pack(*picture.size) + picture.tobytes())
            code = 0
        finally:
            os._exit(code)
    os.close(write)
    try:
        data = _receive(read, time.monotonic() + max(seconds, 0.0))
    finally:
        os.close(read)
        _end(pid)
    if data is None or len(data) < _HEADER.size:
        return None
    width, height = _HEADER.unpack_from(data)
    if len(data) != _HEADER.size + width * height * 3:
        return None  # the child failed part way (out of memory, say)
    return Image.frombytes("RGB", (width, height), data[_HEADER.size:])


def _draw(page, scale: float):
    return page.render(scale=scale).to_pil().convert("RGB")


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


def _end(pid: int) -> None:
    """Stop the child if it is still drawing, and collect it."""
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    os.waitpid(pid, 0)
