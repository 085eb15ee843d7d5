"""Checks of a guide's safety part: present, urgent signs first, how to get help,
time frames, one sign a line, and coverage of a declared list of red flags.

Red-flag lists are content files, ``red_flags/<name>.<language>.yaml`` beside this
module (``low-back-pain`` ships with guidepress); a guide names its list with
``red_flags: <name>``.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from guidepress.errors import ContentError
from guidepress.check.text import sentences

RED_FLAGS = Path(__file__).resolve().parent / "red_flags"
# Words that say how to get help, and words that give a time frame, per language.
_HOW = {"en": r"\b(call|phone|ring|emergency|999|911|112|A&E)\b",
        "es": r"\b(llame|llamar|teléfono|urgencias|emergencias|112|911)\b"}
_WHEN = {"en": r"\b(today|tonight|within|hours?|days?|weeks?|at once|now|straight away|right away)\b",
         "es": r"\b(hoy|dentro de|horas?|días?|semanas?|enseguida|ahora|de inmediato|ya)\b"}

Problem = tuple[str, str, str, tuple]  # (level, code, message, key path)


def _base(language: str) -> str:
    base = language.lower().split("-")[0].split("_")[0]
    return base if base in _HOW else "en"


def red_flag_lists() -> list[str]:
    """Names of the red-flag lists that ship with guidepress."""
    return sorted({p.name.split(".")[0] for p in RED_FLAGS.glob("*.yaml")})


def load_red_flags(name: str, language: str) -> dict[str, dict[str, list[str]]]:
    """The red-flag list ``name`` in ``language`` (English if not translated)."""
    path = RED_FLAGS / f"{name}.{_base(language)}.yaml"
    if not path.is_file():
        path = RED_FLAGS / f"{name}.en.yaml"
    if not path.is_file():
        raise ContentError(f'red_flags: no list named "{name}"; lists: {", ".join(red_flag_lists())}')
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def safety_problems(guide, language: str) -> list[Problem]:
    """Everything wrong with the guide's safety part (an empty list when it is right)."""
    safety = guide.safety
    if safety is None:
        return [("error", "safety-missing", "the guide has no safety part (\"Stop and get help\"): "
                 "add safety: with what to do and the warning signs", ())]
    lang = _base(language)
    out: list[Problem] = []
    urgent = [i for i, g in enumerate(safety.groups) if g.urgent]
    if not urgent:
        out.append(("warning", "safety-urgent", "no group of warning signs is marked urgent: true",
                    ("safety", "groups")))
    elif urgent[0] != 0:
        out.append(("error", "safety-order", "the urgent group of warning signs must come first",
                    ("safety", "groups", urgent[0])))
    for i, group in enumerate(safety.groups):
        here = ("safety", "groups", i, "heading")
        if group.urgent and not re.search(_HOW[lang], group.heading, re.IGNORECASE):
            out.append(("warning", "safety-how", f'"{group.heading}" does not say how to get help '
                        '(e.g. "call your local emergency number")', here))
        if not re.search(_WHEN[lang], group.heading, re.IGNORECASE):
            out.append(("warning", "safety-when", f'"{group.heading}" gives no time frame '
                        '(e.g. "within a day or two")', here))
        for j, sign in enumerate(group.signs):
            if len(sentences(sign, labels=True)) > 1:
                out.append(("warning", "safety-one-sign", f'"{sign}" holds more than one sentence: '
                            "give each sign its own line", ("safety", "groups", i, "signs", j)))
    name = getattr(guide, "red_flags", None)
    if name:
        out += _coverage(safety, load_red_flags(name, language), name)
    return out


def _coverage(safety, flags: dict, name: str) -> list[Problem]:
    """Each red flag of the list appears in the right group."""
    out: list[Problem] = []
    for kind in ("urgent", "soon"):
        lines = [s for g in safety.groups if g.urgent or kind == "soon" for s in g.signs]
        for flag, patterns in (flags.get(kind) or {}).items():
            if not any(all(re.search(p, line, re.IGNORECASE) for p in patterns) for line in lines):
                place = "an urgent group" if kind == "urgent" else "the warning signs"
                out.append(("error", "red-flag-missing",
                            f'red flag "{flag}" (list {name}) is not among {place}', ("safety", "groups")))
    return out
