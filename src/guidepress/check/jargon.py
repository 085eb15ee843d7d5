"""Words patients may not know, each with a plain alternative, from a content file.

The lists are ``jargon.<language>.yaml`` beside this module: one ``term: plain
alternative`` a line. A term matches as a whole word in any case, with the usual
endings (English -s, -es, -d, -ed, -ing, -ly; Spanish -s, -es). A term that is
explained where it is first used is not reported: followed by "(", ":", " means",
" – " or " — " ("core: the muscles of your belly and back"), or given in brackets
after its explanation ("the muscles of your belly and back (core)").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from guidepress.errors import ContentError

HERE = Path(__file__).resolve().parent
_ENDINGS = {"en": r"(?:s|es|d|ed|ing|ly)?", "es": r"(?:s|es)?"}
_EXPLAINED_AFTER = re.compile(r"\s*(?:\(|:|\s+means\b|\s+significa\b|\s+[–—]\s)")


@dataclass(frozen=True)
class Term:
    """A jargon term, its plain alternative, and the pattern that finds it."""

    term: str
    plain: str
    pattern: re.Pattern


@dataclass(frozen=True)
class Use:
    """Where a term is first used, how often, and whether it is explained there."""

    term: Term
    first: int  # index of the text piece of the first use
    count: int
    explained: bool


def jargon_file(language: str) -> Path:
    """The jargon list of ``language`` (base tag), English when there is none."""
    base = language.lower().split("-")[0].split("_")[0]
    path = HERE / f"jargon.{base}.yaml"
    return path if path.is_file() else HERE / "jargon.en.yaml"


@cache
def load_terms(path: Path) -> tuple[Term, ...]:
    """The terms of one jargon file, checked: each a term with a plain alternative."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not all(isinstance(v, str) and v for v in data.values()):
        raise ContentError(f"{path}: write one 'term: plain alternative' a line")
    language = path.name.split(".")[1]
    return tuple(Term(str(term), plain, _pattern(str(term), language)) for term, plain in data.items())


def _pattern(term: str, language: str) -> re.Pattern:
    """The term with its endings; an English term in -e also drops it ("alleviating")."""
    if language == "en" and term.endswith("e"):
        return re.compile(rf"\b{re.escape(term[:-1])}(?:e|es|ed|ing|ely)?\b", re.IGNORECASE)
    return re.compile(rf"\b{re.escape(term)}{_ENDINGS.get(language, _ENDINGS['en'])}\b", re.IGNORECASE)


def find_jargon(texts: list[str], language: str) -> list[Use]:
    """Each listed term used in ``texts`` (pieces in reading order)."""
    uses = []
    for term in load_terms(jargon_file(language)):
        hits = [(i, m) for i, text in enumerate(texts) for m in term.pattern.finditer(text)]
        if not hits:
            continue
        index, match = hits[0]
        text = texts[index]
        explained = bool(_EXPLAINED_AFTER.match(text, match.end())) or _bracketed(text, match)
        uses.append(Use(term, index, len(hits), explained))
    return uses


def _bracketed(text: str, match: re.Match) -> bool:
    """The term is the bracketed name of what the words before it explain."""
    return text[:match.start()].rstrip().endswith("(") and text[match.end():].lstrip().startswith(")")
