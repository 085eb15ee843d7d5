"""Markdown-ish guide text as sentences and words, each sentence with its line.

Rules, chosen to score patient material the way a reader meets it:
- Every paragraph and every list item ends a sentence, with or without a full
  stop, so bullet points never merge into one long sentence.
- Inside a paragraph a sentence ends at ``.``, ``!``, ``?`` or ``…`` followed by
  a space and a capital, a digit or an opening mark (``¿``, ``¡``, quotes),
  except after a known abbreviation ("Dr.", "e.g.", "p. ej.").
- A paragraph or item of one or two words without end punctuation is a
  label (a heading, an exercise name) and is not a sentence.
- Links count by their words, images and emphasis marks not at all.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*|\d+(?:[.,:]\d+)*")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_EMPHASIS = re.compile(r"(?<!\w)(\*\*|__|\*|_)(?=\S)|(?<=\S)(\*\*|__|\*|_)(?!\w)|`")
_BLOCK_START = re.compile(r"^\s*(?:[-*+•]|\d+[.)]|#{1,6}|>)\s+")
_END = re.compile(r"[.!?…][\"'”’)\]]*\s+(?=[\"'“‘(\[¿¡]?[A-ZÁÉÍÓÚÑÜ0-9])")
_FINAL = re.compile(r"[.!?…:;][\"'”’)\]]*$")
ABBREVIATIONS = {"dr", "dra", "mr", "mrs", "ms", "st", "sr", "sra", "vs", "e.g", "i.e", "etc",
                 "approx", "no", "ej", "p. ej", "núm", "aprox", "ud", "uds"}
LABEL_WORDS = 3


@dataclass(frozen=True)
class Sentence:
    """One sentence: its plain text, its words, and its line (0-based) in the source text."""

    text: str
    words: tuple[str, ...]
    line: int = 0


def plain(text: str) -> str:
    """The text with Markdown links, images and emphasis marks reduced to their words."""
    text = _IMAGE.sub("", text)
    text = _LINK.sub(r"\1", text)
    return _EMPHASIS.sub("", text)


def words(text: str) -> list[str]:
    """The words of ``text``: letters with inner apostrophes or hyphens, or numbers."""
    return WORD.findall(plain(text))


def _blocks(text: str) -> list[tuple[int, str]]:
    """Paragraphs and list items as (first line, text joined on one line)."""
    blocks: list[tuple[int, list[str]]] = []
    open_block = False
    for number, line in enumerate(text.splitlines()):
        if not line.strip():
            open_block = False
            continue
        marker = _BLOCK_START.match(line)
        if marker or not open_block:
            blocks.append((number, []))
            open_block = True
        blocks[-1][1].append(line[marker.end():] if marker else line.strip())
    return [(start, " ".join(parts)) for start, parts in blocks]


def _is_abbreviation(block: str, end: int) -> bool:
    before = block[:end + 1].rsplit(None, 2)
    last = before[-1].rstrip(".").lower() if before else ""
    pair = " ".join(before[-2:]).rstrip(".").lower() if len(before) > 1 else last
    return last in ABBREVIATIONS or pair in ABBREVIATIONS


def _split_block(block: str) -> list[tuple[int, str]]:
    """(character offset, sentence) for each sentence of one paragraph."""
    out, start = [], 0
    for match in _END.finditer(block):
        if _is_abbreviation(block, match.start()):
            continue
        out.append((start, block[start:match.end()].strip()))
        start = match.end()
    out.append((start, block[start:].strip()))
    return [(offset, s) for offset, s in out if s]


def sentences(text: str, *, labels: bool = False) -> list[Sentence]:
    """The sentences of Markdown-ish ``text``; short unpunctuated labels are left out
    unless ``labels`` is true."""
    found: list[Sentence] = []
    for first_line, block in _blocks(plain(text)):
        is_label = len(WORD.findall(block)) < LABEL_WORDS and not _FINAL.search(block)
        if is_label and not labels:
            continue
        line_starts = _line_starts(text, first_line, block)
        for offset, sentence in _split_block(block):
            line = first_line + bisect.bisect_right(line_starts, offset) - 1
            found.append(Sentence(sentence, tuple(WORD.findall(sentence)), line))
    return found


def _line_starts(text: str, first_line: int, block: str) -> list[int]:
    """Offsets in the joined ``block`` where each of its source lines begins."""
    starts, offset = [], 0
    lines = plain(text).splitlines()[first_line:]
    for line in lines:
        piece = _BLOCK_START.sub("", line).strip() if not starts else line.strip()
        if not piece or offset >= len(block):
            break
        starts.append(offset)
        offset += len(piece) + 1
    return starts or [0]
