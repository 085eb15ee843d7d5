"""One way to report invalid input: structured problems (file, line, key, message, suggestion).

Every reader (YAML content, guidepress.toml, rosters, command-line options) turns
pydantic's validation errors into ``Problem`` values with ``problems_from`` and
raises ``ProblemsError``, so all of them read the same way.
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from guidepress.errors import ContentError


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where it is, what is wrong and what to do."""

    message: str
    file: str = ""
    line: int | None = None
    key: str = ""  # a key path (sections[2].lead), a column ('column "id"') or an option

    def __str__(self) -> str:
        where = self.file + (f" line {self.line}" if self.line else "")
        place = ", ".join(p for p in (where, self.key) if p)
        return f"{place}: {self.message}" if place else self.message


class ProblemsError(ContentError):
    """Invalid input, with every problem found (``.problems``)."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__(format_problems(problems))


def format_problems(problems: list[Problem]) -> str:
    """One line for one problem; a count and an indented list for several in one file."""
    if len(problems) == 1:
        return str(problems[0])
    files = {p.file for p in problems}
    if len(files) == 1 and problems[0].file:
        name = Path(problems[0].file).name
        listed = "\n".join(f"  {Problem(p.message, name, p.line, p.key)}" for p in problems)
        return f"{problems[0].file}: {len(problems)} problems\n{listed}"
    return "\n".join(str(p) for p in dict.fromkeys(problems))


def problems_from(exc: ValidationError, model: type[BaseModel], *, file: str | Path = "",
                  line_of: Callable[[tuple], int | None] = lambda loc: None,
                  key_of: Callable[[tuple], str] | None = None,
                  missing: str = "required key is missing") -> list[Problem]:
    """The problems of a pydantic ``ValidationError``, placed by ``line_of`` and named by ``key_of``."""
    found = []
    for err in _one_per_union(exc.errors(include_url=False)):
        loc = tuple(err["loc"])
        key = key_of(loc) if key_of else (format_loc(loc) or "(top level)")
        message = missing if err["type"] == "missing" else explain(err, model)
        found.append(Problem(message, str(file), line_of(loc), key))
    return found


def format_loc(loc: tuple) -> str:
    """A pydantic location as ``sections[2].items[0].lead``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif str(part).startswith(("function-", "tagged-union")) or _member(part):
            continue
        else:
            out += f".{part}" if out else str(part)
    return out


def explain(err: dict, model: type[BaseModel]) -> str:
    kind, loc = err["type"], tuple(err["loc"])
    if kind == "extra_forbidden":
        allowed = _fields_at(model, loc[:-1])
        hint = suggest(str(loc[-1]), allowed)
        return "unknown key" + (f" (did you mean {hint}?)" if hint else
                                f" (allowed keys: {', '.join(sorted(allowed))})" if allowed else "")
    if kind == "missing":
        return "required key is missing"
    if kind == "string_pattern_mismatch" and _SLUG in str(err.get("ctx", {}).get("pattern", "")):
        return (f'"{_cut(err["input"])}" is not an id: use lowercase letters, digits and single '
                "hyphens, e.g. back-in-action")
    if kind == "string_too_long":
        return (f'{len(err["input"]):,} characters is more than the {err["ctx"]["max_length"]:,} '
                "this key may hold; shorten it")
    msg = err["msg"]
    if kind.startswith("value_error"):
        msg = msg.removeprefix("Value error, ")
    return msg


_SLUG = "[a-z0-9]+(-[a-z0-9]+)*"  # the form of an id (content/guide.py's SLUG, groups aside)
_BUILTIN_MEMBERS = {"str": "text", "constrained-str": "text", "int": "a number",
                    "float": "a number", "bool": "true or false"}


def _member(part) -> bool:
    """Whether a location part names one kind of a union (``str``, ``ExerciseLine``),
    not a key: keys are lowercase, models are named in capitals."""
    text = str(part)
    camel = text[:1].isupper() and text.isalnum() and any(c.islower() for c in text)
    return isinstance(part, str) and (text in _BUILTIN_MEMBERS or camel
                                      or text.startswith(("list[", "dict[")))


def _one_per_union(errors: list[dict]) -> list[dict]:
    """Pydantic's errors with one per value that matched no kind of a union: the
    error of the kind the value is (text too long), else one saying which kinds fit."""
    groups: dict[tuple, list[dict]] = {}
    for err in errors:
        at = next((i for i, part in enumerate(err["loc"]) if _member(part)), None)
        key = tuple(err["loc"][:at]) if at is not None else (id(err),)
        groups.setdefault(key, []).append(err)
    out = []
    for key, group in groups.items():
        if len(group) == 1:
            out += group
            continue
        fitting = [e for e in group if not e["type"].endswith("_type")]
        if fitting:
            out += fitting
            continue
        kinds = [_BUILTIN_MEMBERS.get(str(e["loc"][len(key)]), "a mapping") for e in group]
        out.append({**group[0], "loc": key, "type": "value_error",
                    "msg": "give " + " or ".join(dict.fromkeys(kinds))})
    return out


def _cut(value, limit: int = 60) -> str:
    text = str(value)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def suggest(word: str, choices: typing.Iterable[str], n: int = 3) -> str:
    """Return '"a"' or '"a" or "b"' for the closest choices, or '' if none is close.

    Only choices nearly as close as the best one are named, so a clear typo
    gets one suggestion rather than a list of loose matches.
    """
    folded = {c.lower(): c for c in choices}
    scored = sorted(((difflib.SequenceMatcher(None, word.lower(), c).ratio(), c) for c in folded),
                    reverse=True)
    if not scored or scored[0][0] < 0.6:
        return ""
    best = scored[0][0]
    close = [c for score, c in scored[:n] if score >= 0.6 and score >= best - 0.12]
    return " or ".join(f'"{folded[c]}"' for c in close)


def _fields_at(model: Any, loc: tuple) -> set[str]:
    """The field names of the model found by walking ``loc`` from ``model``."""
    current = model
    for part in loc:
        current = _unwrap(current)
        if isinstance(part, int):
            continue
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(str(part))
            if field is None:
                return set()
            current = field.annotation
        else:
            return set()
    current = _unwrap(current)
    if isinstance(current, type) and issubclass(current, BaseModel):
        return set(current.model_fields)
    return set()


def _unwrap(tp: Any) -> Any:
    """Strip Optional[...] and list[...] down to the model inside, where there is one."""
    for _ in range(4):
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (list, tuple, set, frozenset, typing.Union, types.UnionType):
            models = [a for a in typing.get_args(tp)
                      if isinstance(_unwrap(a), type) and issubclass(_unwrap(a), BaseModel)]
            if not models:
                return tp
            tp = models[0]
        else:
            return tp
    return tp
