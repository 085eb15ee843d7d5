"""Checks of a guide's safety part: present, urgent signs first, how to get help,
time frames, one sign a line, and coverage of a declared list of red flags.

Red-flag lists are content files, ``red_flags/<name>.<language>.yaml``: a guide names
its list with ``red_flags: <name>``, found in the guide's own ``red_flags/`` folder,
then the workspace's, then the ones that ship beside this module (``low-back-pain``
and ``knee``). A pattern is words or phrases separated by ``|``, a ``?`` after a
letter that may be left out: letters, digits, spaces, apostrophes and hyphens
between the ``|``, and nothing else of regular expressions (no ``.``, groups, ``*``,
``+``, ``{}`` or classes), no empty alternative (it would match every line), and at
most ``MAX_OPTIONAL`` ``?``, so matching costs a bounded number of steps a character:
a list from elsewhere cannot hang ``check`` nor pass every line (``^([a-z ]+ ?)*$``
and ``numb|`` are refused, naming the file and the sign).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import yaml

from guidepress.confine import inside, part_of, read_text
from guidepress.errors import ContentError, GuidepressError
from guidepress.check.text import sentences

RED_FLAGS = Path(__file__).resolve().parent / "red_flags"
# Words that say how to get help, and words that give a time frame, per language.
_HOW = {"en": r"\b(call|phone|ring|emergency|999|911|112|A&E)\b",
        "es": r"\b(llame|llamar|teléfono|urgencias|emergencias|112|911)\b"}
_WHEN = {"en": r"\b(today|tonight|within|hours?|days?|weeks?|at once|now|straight away|right away)\b",
         "es": r"\b(hoy|dentro de|horas?|días?|semanas?|enseguida|ahora|de inmediato|ya)\b"}

Problem = tuple[str, str, str, tuple]  # (level, code, message, key path)
MAX_PATTERN = 200  # characters in one pattern
MAX_OPTIONAL = 4   # ``?`` in one pattern: each doubles the ways a line is tried
MAX_SIGN = 2000    # characters of a sign searched (a sign is one line, not a page)
# what a pattern may hold beside letters and digits; nothing else of regular expressions
_WORDS = frozenset(" '’-|?")


def _base(language: str) -> str:
    base = language.lower().split("-")[0].split("_")[0]
    return base if base in _HOW else "en"


def red_flag_lists(folders: tuple[Path, ...] = ()) -> list[str]:
    """Names of the red-flag lists in ``folders`` and those that ship with guidepress."""
    shown = [d for d in folders if inside(d, [Path(os.path.realpath(d.parent))])]  # no link out
    return sorted({p.name.split(".")[0] for d in (*shown, RED_FLAGS) for p in d.glob("*.yaml")})


def load_red_flags(name: str, language: str,
                   folders: tuple[Path, ...] = ()) -> dict[str, dict[str, list[str]]]:
    """The red-flag list ``name`` in ``language`` (English if not translated), from the
    first of ``folders`` (then the built-in lists) that has it. A list must really lie
    inside the guide or workspace that holds its folder: a folder link out is refused."""
    for folder in (*folders, RED_FLAGS):
        for path in (folder / f"{name}.{_base(language)}.yaml", folder / f"{name}.en.yaml"):
            if path.is_file():
                root = folder if folder == RED_FLAGS else part_of(folder, folder.parent,
                                                                  "red-flag lists")
                return _flags(path, root)
    raise ContentError(f'red_flags: no list named "{name}" (lists: {", ".join(red_flag_lists(folders))}); '
                       f"write red_flags/{name}.en.yaml in the guide's folder or the workspace, "
                       "as the README's \"Red-flag lists\" says")


def _flags(path: Path, root: Path) -> dict[str, dict[str, list[str]]]:
    """A red-flag list file, checked: urgent and soon, each a mapping of a sign to a list
    of patterns."""
    try:  # through the one reader: inside its folder, a regular file, under the content cap
        data = yaml.safe_load(read_text(path, "content", [root])) or {}
        if not isinstance(data, dict) or set(data) - {"urgent", "soon"}:
            raise ValueError("the keys are urgent: and soon:")
        for kind in data.values():
            for sign, patterns in (kind or {}).items():
                if not (isinstance(patterns, list) and patterns):
                    raise ValueError(f'"{sign}" needs a list of patterns, e.g. [numb, leg]')
                for pattern in patterns:
                    if problem := _pattern_problem(str(pattern)):
                        raise ValueError(f'"{sign}": the pattern "{pattern}" {problem}')
                    re.compile(str(pattern))
    except (GuidepressError, OSError, yaml.YAMLError, ValueError, re.error, AttributeError) as exc:
        raise ContentError(f"{path}: not a red-flag list ({exc})") from None
    return data


def _pattern_problem(pattern: str) -> str | None:
    """Why ``pattern`` is not words or phrases separated by ``|`` with an optional letter
    marked ``?``; None if it is. Anything outside that subset is refused, not only the
    syntax known to be costly (``.?`` matches any character, an empty alternative every line)."""
    if len(pattern) > MAX_PATTERN:
        return f"is over {MAX_PATTERN} characters; split the sign's words into several patterns"
    others = sorted({c for c in pattern if not (c.isalnum() or c in _WORDS)})
    if others:
        return (f"uses {' '.join(others)}: a pattern is words or phrases separated by |, "
                "with ? after a letter that may be left out (e.g. gives? way|buckl)")
    if any(not part.strip() for part in pattern.split("|")):
        return ("has an empty alternative (| at the start or end, or ||), which matches every "
                "line; remove the extra |")
    if any(c == "?" and (i == 0 or not pattern[i - 1].isalpha()) for i, c in enumerate(pattern)):
        return "has a ? that does not follow a letter; put it after the letter that may be left out"
    if pattern.count("?") > MAX_OPTIONAL:
        return f"has more than {MAX_OPTIONAL} ?; write the other forms out, separated by |"
    return None


def safety_problems(guide, language: str, red_flag_dirs: tuple[Path, ...] = ()) -> list[Problem]:
    """Everything wrong with the guide's safety part (an empty list when it is right);
    ``red_flag_dirs`` are searched for the guide's red-flag list before the built-in ones."""
    safety = guide.safety
    if safety is None:
        return [("error", "safety-missing", "the guide has no safety part (\"Stop and get help\"): "
                 "add safety: with what to do and the warning signs", ())]
    if getattr(safety, "language", ""):  # left out by a partial translation
        return [("warning", "safety-untranslated", "the safety part is not translated: it prints "
                 f"in the guide's own language ({safety.language}); translate it", ())]
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
        try:
            flags = load_red_flags(name, language, red_flag_dirs)
        except ContentError as exc:
            return [*out, ("error", "red-flags-list", str(exc).removeprefix("red_flags: "), ("red_flags",))]
        out += _coverage(safety, flags, name)
    else:
        out.append(("warning", "red-flags-none", "the guide names no red-flag list, so nothing "
                    "checks that its safety part has every warning sign; add red_flags: <name> "
                    f"(lists: {', '.join(red_flag_lists(red_flag_dirs))})", ()))
    return out


def _coverage(safety, flags: dict, name: str) -> list[Problem]:
    """Each red flag of the list appears in the right group."""
    out: list[Problem] = []
    for kind in ("urgent", "soon"):
        lines = [s for g in safety.groups if g.urgent or kind == "soon" for s in g.signs]
        for flag, patterns in (flags.get(kind) or {}).items():
            if not any(all(re.search(p, line[:MAX_SIGN], re.IGNORECASE) for p in patterns)
                       for line in lines):
                place = "an urgent group" if kind == "urgent" else "the warning signs"
                out.append(("error", "red-flag-missing",
                            f'red flag "{flag}" (list {name}) is not among {place}', ("safety", "groups")))
    return out
