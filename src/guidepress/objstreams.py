"""How much of a PDF qpdf would build from its object streams, counted first.

qpdf reads every object of a compressed object stream the first time any one of them
is wanted, and keeps each as an object of about 150 bytes: a 59 KB file whose one
object stream held an array of 30 million numbers took 4.3 GB to check, and a 78 KB
file left where guidepress writes took 5.8 GB to ask whose it was. Before any object
is read, each object stream is inflated here a megabyte at a time (nothing kept) and
its separators counted (whitespace and delimiters: at least one for each object qpdf
would build); a file whose object streams hold more than a bound is refused.
Objects stored plainly in the file are bounded by its size and by the memory cap
(``guidepress.memory``).
"""

from __future__ import annotations

import zlib

MAX_PARTS = 4_000_000  # separators in all object streams: ~600 MB as qpdf objects; the
# built-in handout's hold about 72,000 and a patient's sheet 23,000
_SEPARATORS = b"\x00\t\n\x0c\r []<>()/{}%"
_CHUNK = 1 << 20
_WORST = 4096  # what a filter other than Flate could expand to, at worst (check.bounds)


def crowded(pdf) -> str | None:
    """Why ``pdf`` (a pikepdf.Pdf, none of its objects read yet) holds too much in its
    object streams for qpdf to read, or None."""
    limit = MAX_PARTS
    table = pdf.get_xref_table()
    numbers = sorted({entry.obj_stream_number for entry in table.values() if entry.type == 2})
    total = 0
    for number in numbers:
        entry = table.get((number, 0))
        if entry is None or entry.type != 1:  # an object stream inside another: malformed
            return f"object stream {number} is not stored as a stream"
        total += _parts(pdf.get_object((number, 0)), limit - total)
        if total > limit:
            return f"its object streams hold more than {limit:,} objects"
    return None


def _parts(stream, allowed: int) -> int:
    """The separators ``stream`` holds once decoded, counting at most ``allowed`` + 1."""
    import pikepdf

    if not isinstance(stream, pikepdf.Stream):
        return allowed + 1
    raw = stream.read_raw_bytes()
    found = stream.get("/Filter")
    filters = [str(f) for f in found] if isinstance(found, pikepdf.Array) else \
        [] if found is None else [str(found)]
    if not filters:
        return _count(raw)
    if filters not in (["/FlateDecode"], ["/Fl"]):
        return len(raw) * _WORST
    inflater, total, chunk = zlib.decompressobj(), 0, raw
    try:
        while chunk and total <= allowed:
            total += _count(inflater.decompress(chunk, _CHUNK))
            chunk = inflater.unconsumed_tail
    except zlib.error:
        return total  # damaged data: qpdf reads no more than this of it
    return total


def _count(data: bytes) -> int:
    return len(data) - len(data.translate(None, _SEPARATORS))
