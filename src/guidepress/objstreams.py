"""How much of a PDF qpdf would build from its object streams, counted from its raw
bytes before qpdf (or pypdf, or pdfium) parses any of it.

qpdf reads every object of a compressed object stream the first time any one of them
is wanted, and keeps each as an object of about 150 bytes: a 59 KB file whose one
object stream held an array of 30 million numbers took 4.3 GB to check, and one whose
page tree sat in that stream took 2 GB and over a minute just to open (qpdf reads the
page tree on opening). So before any parser sees the file, every stream in it whose
dictionary has a ``/First`` (qpdf reads no object stream without one) is inflated
here a megabyte at a time (nothing kept) and its separators counted (whitespace and
delimiters: at least one for each object qpdf would build); a file whose object
streams hold more than a bound is refused. A stream behind a predictor
(``/DecodeParms``) hides its separators, so each byte it inflates to counts as one.
An object stream built in a way this count cannot follow (a filter other than plain
Flate, a filter or length given by reference, an encrypted file) is refused: no PDF
guidepress writes is built so. Objects stored plainly in the file are bounded by its
size and by the memory cap (``guidepress.memory``).

The count's own work is bounded too: the bytes it reads (looking back for headers,
counting plain streams) may be at most ``READ_FACTOR`` times the file's size plus
``READ_SLACK``, and a place where zlib data might begin is tried only if its two
header bytes say so. ``stream`` repeated 120,000 times in 2 MB once took four
minutes; a file that needs more reading than that is refused.
"""

from __future__ import annotations

import re
import zlib

MAX_PARTS = 4_000_000  # separators in all object streams: ~600 MB as qpdf objects; the
# built-in handout's hold about 72,000 and a patient's sheet 23,000
_SEPARATORS = b"\x00\t\n\x0b\x0c\r []<>()/{}%"
_CHUNK = 1 << 20
READ_FACTOR = 8  # bytes the count may read, per byte of the file (a writer's: about 1.1)
READ_SLACK = 16 << 20  # and besides
_DICT_BYTES = (2048, 65_536)  # how far back from ``stream`` its object's header is
# looked for: near first (a writer's stream dictionaries are short), then further
_TRIES = 16  # headers tried, nearest first, for the one whose dictionary ends there
_SPACES = re.compile(rb"[\x00\t\x0b\x0c ]*")  # what qpdf skips after ``stream``, before its line end
_STREAM = re.compile(rb"(?<![^\x00\t\n\x0b\x0c\r \]>)%])stream(?![^\x00\t\n\x0b\x0c\r /\[<(%])")
_GAP = rb"(?:[\x00\t\n\x0b\x0c\r ]|%[^\r\n]*)+"  # white space and comments, at least one
_HEADER = re.compile(rb"\d+" + _GAP + rb"\d+" + _GAP + rb"obj(?![^\x00\t\n\x0b\x0c\r /\[<(%])")
_OBJ = re.compile(rb"(?<![^\x00\t\n\x0b\x0c\r \]>)%])obj(?![^\x00\t\n\x0b\x0c\r /\[<(%])")
_SKIP = re.compile(rb"(?:[\x00\t\n\x0b\x0c\r ]|%[^\r\n]*)*")  # whitespace and comments
_WORD = re.compile(rb"[^\x00\t\n\x0b\x0c\r /\[\]<>(){}%]*")
_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_ENCRYPT = re.compile(b"/" + b"".join(b"(?:%s|#%x|#%X)" % (bytes([c]), c, c)
                                      for c in b"Encrypt") + rb"(?![^\x00\t\n\x0b\x0c\r /\[\]<>(){}%])")
_REFERENCE = re.compile(rb"[\x00\t\n\x0b\x0c\r ]+\d+[\x00\t\n\x0b\x0c\r ]+R(?![^\x00\t\n\x0b\x0c\r /\[\]<>(){}%])")
_BRACKETS = re.compile(rb"[()\\]")
_FLATE = {b"FlateDecode", b"Fl"}
_REF = ("R",)  # a reference: the value is elsewhere
_TWICE = ("twice",)  # a key the dictionary gives more than once (readers differ on which wins)
_KEYS = (b"First", b"Filter", b"DecodeParms", b"DP", b"Length")  # what the count reads


class Unreadable(Exception):
    """An object stream built in a way the count cannot follow (the message says how)."""


class _Budget:
    """The bytes the count may still read."""

    def __init__(self, size: int):
        self.left = READ_FACTOR * size + READ_SLACK

    def spend(self, size: int) -> None:
        self.left -= size
        if self.left < 0:
            raise Unreadable("its streams take more reading than any PDF's should")


def crowded(data) -> str | None:
    """Why the PDF whose bytes are ``data`` (bytes or a read-only mmap) holds too much
    in its object streams to be read in bounded memory, or None. The reason follows
    the file's name in a message ("…: {reason}")."""
    limit, total, encrypted, budget = MAX_PARTS, 0, None, _Budget(len(data))
    try:
        floor = 0  # a header is looked for after the keyword before (see ``_dictionary``)
        for match in _STREAM.finditer(data):
            head = _dictionary(data, match.start(), budget, floor)
            floor = match.end()
            if head is not None and b"First" not in head:
                continue  # not an object stream: qpdf reads none without /First
            if encrypted is None:
                encrypted = bool(_ENCRYPT.search(data))
            if encrypted:
                raise Unreadable("it is encrypted and keeps objects in object streams")
            total += _parts(data, match.end(), head, limit - total, budget)
            if total > limit:
                return f"its object streams hold more than {limit:,} objects"
    except Unreadable as exc:
        return f"it is built in a way guidepress does not read ({exc})"
    return None


def _dictionary(data, at: int, budget: _Budget, floor: int) -> dict | None:
    """The keys of the dictionary of the stream whose keyword is at ``at``: the one
    that, read from an ``N G obj`` before it, ends just there. None if none does (not
    a stream a reader takes, or a dictionary this reading cannot follow). Where a
    header hides inside another's dictionary (a comment or string around its ``obj``,
    a decoy before it), the readings disagree: one with ``/First`` is taken, and a
    dictionary holding another ``obj`` is refused rather than guessed at. Nothing before
    ``floor`` (the keyword before) is read, so each byte is looked at once or twice: a
    dictionary holding the word ``stream`` is not found (and its stream not counted
    but refused, if compressed)."""
    for size in _DICT_BYTES:
        if size > _DICT_BYTES[0] and at - _DICT_BYTES[0] <= floor:
            break  # the nearer look already reached the keyword before
        window = bytes(data[max(0, floor, at - size):at])
        budget.spend(len(window))
        found = []
        for header in reversed(list(_HEADER.finditer(window))[-_TRIES:]):
            try:
                value, end = _value(window, _SKIP.match(window, header.end()).end(), 0)
            except (ValueError, IndexError):
                continue
            if isinstance(value, dict) and _SKIP.match(window, end).end() == len(window):
                found.append((value, header.end()))
        if found:
            return _one(found, window)
    return None


def _one(found: list, window: bytes) -> dict:
    """The dictionary the count reads, of those ``found`` ending at the keyword."""
    first = [value for value, _ in found if b"First" in value]
    if first:
        if any({k: v.get(k) for k in _KEYS} != {k: first[0].get(k) for k in _KEYS}
               for v in first):
            raise Unreadable("an object stream's dictionary can be read two ways")
        return first[0]
    value, end = found[0]
    if _OBJ.search(window, end):
        raise Unreadable("a stream's dictionary holds another object's header")
    return value


def _value(text: bytes, at: int, depth: int):
    """The PDF object at ``at`` in ``text`` and where it ends: a dict (keys decoded),
    a list, ("/", name), a word, or _REF; ValueError where it is not one."""
    if depth > 64:
        raise ValueError("nested too deep")
    lead = text[at:at + 1]
    if text.startswith(b"<<", at):
        return _dict(text, at + 2, depth)
    if lead == b"[":
        items, at = [], _SKIP.match(text, at + 1).end()
        while text[at:at + 1] != b"]":
            item, at = _value(text, at, depth + 1)
            items.append(item)
            at = _SKIP.match(text, at).end()
        return items, at + 1
    if lead == b"(":
        return ("(",), _string_end(text, at)
    if lead == b"<":
        return ("<",), text.index(b">", at) + 1
    if lead == b"/":
        word = _WORD.match(text, at + 1)
        return ("/", _ESCAPE.sub(lambda m: bytes([int(m[1], 16)]), word[0])), word.end()
    word = _WORD.match(text, at)
    if not word[0]:
        raise ValueError(f"unexpected {lead!r}")
    found = _REFERENCE.match(text, word.end()) if word[0].isdigit() else None
    return (_REF, found.end()) if found else (word[0], word.end())


def _dict(text: bytes, at: int, depth: int):
    keys = {}
    while True:
        at = _SKIP.match(text, at).end()
        if text.startswith(b">>", at):
            return keys, at + 2
        key, at = _value(text, at, depth + 1)
        if not (isinstance(key, tuple) and key[0] == "/"):
            raise ValueError("a dictionary key that is not a name")
        value, at = _value(text, _SKIP.match(text, at).end(), depth + 1)
        keys[key[1]] = _TWICE if key[1] in keys else value


def _string_end(text: bytes, at: int) -> int:
    """Where the literal string opening at ``at`` ends (nested brackets, escapes)."""
    depth, at = 0, at
    while True:
        found = _BRACKETS.search(text, at)
        if found is None:
            raise ValueError("an unterminated string")
        char, at = found[0], found.end()
        if char == b"\\":
            at += 1
        elif char == b"(":
            depth += 1
        else:
            depth -= 1
            if depth == 0:
                return at


def _filters(head: dict) -> list[bytes]:
    found = head.get(b"Filter")
    items = [] if found in (None, b"null") else found if isinstance(found, list) else [found]
    if not all(isinstance(i, tuple) and i[0] == "/" for i in items):
        raise Unreadable("an object stream's filter is given by reference")
    return [i[1] for i in items]


def _parts(data, start: int, head: dict | None, allowed: int, budget: _Budget) -> int:
    """The separators (or, behind a predictor, the bytes) of the stream whose data
    begins after ``start``, counting at most ``allowed`` + 1. Where its dictionary
    could not be read, the more of both ways."""
    # qpdf skips (with a warning) spaces after the keyword, then takes CR LF, LF, or
    # (warning) CR or none: each place the data may begin, tried once
    spaced = _SPACES.match(data, start).end()
    begins = dict.fromkeys((start, start + 1, start + 2, spaced, spaced + 1, spaced + 2))
    if head is None:  # the word "stream" in a page's text, or a stream hiding its dictionary
        if any(_inflated(data, at, 0, True) for at in begins):
            raise Unreadable("a compressed stream's dictionary cannot be read")
        return _plain(data, start, None, allowed, budget)
    if any(head.get(key) is _TWICE for key in _KEYS):
        raise Unreadable("an object stream's dictionary gives a key twice")
    filters = _filters(head)
    if len(filters) > 1 or any(f not in _FLATE for f in filters):
        raise Unreadable("an object stream is compressed other than with plain Flate")
    if not filters:
        return _plain(data, start, head.get(b"Length"), allowed, budget)
    predicted = head.get(b"DecodeParms", head.get(b"DP")) not in (None, b"null")
    return max(_inflated(data, at, allowed, predicted) for at in begins)


def _plain(data, start: int, length, allowed: int, budget: _Budget) -> int:
    """The separators of an unfiltered stream: to its /Length, or to the first
    ``endstream`` (where qpdf looks when the length is wrong), whichever is further."""
    if length is not None and not (isinstance(length, bytes) and length.isdigit()):
        raise Unreadable("an object stream's length is given by reference")
    end = data.find(b"endstream", start)
    end = len(data) if end < 0 else end
    end = max(end, start + 2 + int(length)) if length is not None else end
    total, at = 0, start
    while at < min(end, len(data)) and total <= allowed:
        chunk = bytes(data[at:min(end, at + _CHUNK)])
        budget.spend(len(chunk))
        total += _count(chunk)
        at += _CHUNK
    return total


def _inflated(data, at: int, allowed: int, predicted: bool) -> int:
    """What the zlib data at ``at`` inflates to (separators, or bytes if ``predicted``),
    counting at most ``allowed`` + 1; zlib itself says where its data ends. Nothing
    is copied where no zlib header begins (zlib would stop there at once)."""
    if not _zlib_header(data, at):
        return 0
    inflater, total, began = zlib.decompressobj(), 0, False
    chunk = bytes(data[at:at + _CHUNK])
    taken = at + len(chunk)
    try:
        while total <= allowed and not inflater.eof:
            out = inflater.decompress(chunk, _CHUNK)
            began = began or bool(out)
            total += len(out) if predicted else _count(out)
            chunk = inflater.unconsumed_tail
            if not chunk and not out:
                if taken >= len(data):
                    break
                chunk = bytes(data[taken:taken + _CHUNK])
                taken += len(chunk)
    except zlib.error:  # damaged past its start (a wrong checksum, say), which qpdf
        # reads on regardless
        raise Unreadable("an object stream's compressed data is damaged") from None
    return total


def _zlib_header(data, at: int) -> bool:
    """Whether a zlib stream's two header bytes (deflate, checked) begin at ``at``."""
    head = bytes(data[at:at + 2])
    return len(head) == 2 and head[0] & 0x0F == 8 and (head[0] << 8 | head[1]) % 31 == 0


def _count(data: bytes) -> int:
    return len(data) - len(data.translate(None, _SEPARATORS))
