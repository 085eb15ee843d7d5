"""What ``guidepress check`` will read of a PDF it was handed, which may be hostile:
a regular file under a size cap, without a password, with a bounded number of
objects and pages, streams that decompress to a bounded size, pages that draw
bounded content (``drawwork``), and pictures of bounded size; pages rendered at a resolution whose bitmap stays under a pixel
budget, and a time budget per file. A file over a bound is refused with a
message naming it; a page over a bound is skipped with a finding.
"""

from __future__ import annotations

import os
import stat
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from guidepress.check.report import Finding
from guidepress.errors import ContentError

MAX_FILE_BYTES = 256 * 1024 * 1024
MAX_OBJECTS = 500_000
MAX_PAGES = 2_000
MAX_DECODED = 256 * 1024 * 1024   # all streams but pictures, decompressed
MAX_PICTURE_PIXELS = 60_000_000   # one picture, as pdfium would decode it to draw the page
MAX_SIDE_PT = 5000 / 25.4 * 72    # 5 m: no paper is larger; such a page is not rendered
MAX_BITMAP_PIXELS = 30_000_000    # a rendered page (A0 at 108 dpi is 18 million)
MAX_TEXT_RUNS = 200_000           # text objects read from the whole file
SECONDS = 120.0                   # time for one file's checks before they stop, with a finding
_READ = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
_IMAGE_FILTERS = {"/DCTDecode", "/JPXDecode", "/CCITTFaxDecode", "/JBIG2Decode"}


def read_pdf(path: Path) -> bytes:
    """The bytes of ``path``, if it is a regular file under the size cap (a pipe or
    device is refused without waiting on it)."""
    try:
        fd = os.open(path, _READ)
    except OSError as exc:
        raise ContentError(f"{path}: cannot open this file ({exc.strerror})") from None
    with os.fdopen(fd, "rb") as file:
        info = os.fstat(file.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise ContentError(f"{path}: not a regular file (a pipe, device or folder); "
                               "give the path of a PDF file")
        if info.st_size > MAX_FILE_BYTES:
            raise ContentError(f"{path}: {info.st_size // 2**20} MB is more than the "
                               f"{MAX_FILE_BYTES // 2**20} MB guidepress checks")
        data = file.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise ContentError(f"{path}: larger than the {MAX_FILE_BYTES // 2**20} MB guidepress checks")
    return data


def refuse_crowded(data: bytes, path: Path) -> None:
    """Refuse the PDF whose bytes are ``data`` before any parser reads it if its object
    streams hold more than qpdf can build in bounded memory (``guidepress.objstreams``)."""
    from guidepress.objstreams import crowded

    reason = crowded(data)
    if reason:
        raise ContentError(f"{path}: {reason}; guidepress does not check such a file")


def scan(pdf, path: Path) -> set[int]:
    """Refuse ``pdf`` if it holds too many objects or pages, or streams that
    decompress to too much; return the object numbers of pictures too large to draw."""
    import pikepdf

    table = pdf.get_xref_table()  # read, not the objects: ``pdf.objects`` builds them all
    count = sum(1 for entry in table.values() if entry.type in (1, 2))
    if count > MAX_OBJECTS or len(pdf.pages) > MAX_PAGES:
        raise ContentError(f"{path}: {count} objects on {len(pdf.pages)} pages is more than "
                           f"guidepress checks ({MAX_OBJECTS} objects, {MAX_PAGES} pages)")
    decoded, large = 0, set()
    for number, entry in table.items():
        if entry.type != 1:  # free, or in an object stream, which holds no streams
            continue
        obj = pdf.get_object(number)
        if not isinstance(obj, pikepdf.Stream):
            continue
        if obj.get("/Subtype") == "/Image":
            if _pixels(obj) > MAX_PICTURE_PIXELS:
                large.add(obj.objgen[0])
            continue
        decoded += _decoded_size(obj, MAX_DECODED - decoded)
        if decoded > MAX_DECODED:
            raise ContentError(f"{path}: its streams decompress to more than "
                               f"{MAX_DECODED // 2**20} MB; guidepress does not check such a file")
    return large


def _pixels(image) -> int:
    try:
        return int(image.get("/Width", 0)) * int(image.get("/Height", 0))
    except (TypeError, ValueError):
        return MAX_PICTURE_PIXELS + 1


def _filters(stream) -> list[str]:
    found = stream.get("/Filter")
    if found is None:
        return []
    return [str(f) for f in found] if hasattr(found, "__iter__") and not hasattr(found, "keys") \
        else [str(found)]


def _decoded_size(stream, allowed: int) -> int:
    """How large ``stream`` decompresses, counting at most ``allowed`` + 1 bytes."""
    raw = stream.read_raw_bytes()
    filters = _filters(stream)
    if not filters:
        return len(raw)
    if filters in (["/FlateDecode"], ["/Fl"]):
        return _inflated(raw, allowed)
    if set(filters) & _IMAGE_FILTERS:
        return len(raw)  # a picture's data: bounded by its pixels, drawn only when rendered
    return len(raw) * 4096  # LZW and the rest: what they could expand to, at worst


def _inflated(raw: bytes, allowed: int) -> int:
    """The length ``raw`` inflates to, reading no more than ``allowed`` + 1 bytes of it."""
    inflater, total, chunk = zlib.decompressobj(), 0, raw
    try:
        while chunk and total <= allowed:
            out = inflater.decompress(chunk, 1 << 20)
            total += len(out)
            chunk = inflater.unconsumed_tail
    except zlib.error:
        return total  # damaged data: pdfium reads what it can, no more than this
    return total


def render_scale(page, wanted: float) -> float | None:
    """The scale to render ``page`` at: ``wanted``, less if its bitmap would pass the
    pixel budget; None for a page larger than any paper (not rendered at all)."""
    width, height = page.get_size()
    if not (0 < width <= MAX_SIDE_PT and 0 < height <= MAX_SIDE_PT):
        return None
    budget = (MAX_BITMAP_PIXELS / (width * height)) ** 0.5
    return min(wanted, budget)


@dataclass
class Budget:
    """The time one file's checks may take; checked between pages."""

    seconds: float = field(default_factory=lambda: SECONDS)
    start: float = field(default_factory=time.monotonic)
    stopped_at: int | None = None  # the first page not checked

    def spent(self, page: int) -> bool:
        """Whether time is up before ``page`` (1-based); remembers the first such page."""
        if self.stopped_at is None and time.monotonic() - self.start > self.seconds:
            self.stopped_at = page
        return self.stopped_at is not None

    def left(self) -> float:
        """Seconds left of the file's time (0 when spent)."""
        return max(0.0, self.seconds - (time.monotonic() - self.start))

    def finding(self, pages: int) -> list[Finding]:
        if self.stopped_at is None:
            return []
        return [Finding("time", "error", f"stopped after {self.seconds:g} s: pages "
                        f"{self.stopped_at}-{pages} were not checked")]
