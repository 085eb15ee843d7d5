"""Load YAML content files and validate them into models, keeping line numbers.

Errors name the file, the key path and the line, and suggest the closest valid
key for a typo, e.g. ``guide.yaml line 12, sections[2].itmes: unknown key (did
you mean "items"?)``.
"""

from __future__ import annotations

import difflib
import re
import types
import typing
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from guidepress.errors import ContentError

M = TypeVar("M", bound=BaseModel)


class _FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """libyaml's loader, with only true/false as booleans (as in YAML 1.2), so that
    words such as "no" or "on" stay text exactly as the line-keeping parser reads them."""


_FastLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_FastLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentError(f"{path}: file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ContentError(f"{path}: cannot read the file ({exc})") from None


def read_yaml(path: Path, text: str | None = None) -> Any:
    """Parse one YAML file, keeping the line of every key and list item."""
    text = _read_text(path) if text is None else text
    try:
        return YAML(typ="rt", pure=True).load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f" line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = exc.problem or exc.context or "malformed YAML"
        raise ContentError(
            f"{path}{where}: {problem} (check the indentation and quoting there)"
        ) from None
    except YAMLError as exc:
        raise ContentError(f"{path}: malformed YAML ({exc})") from None


def load_model(model: type[M], path: Path, *, context: dict | None = None) -> M:
    """Read ``path`` and validate it as ``model``; raise ContentError on failure.

    Valid files (nearly all of them) are parsed by libyaml, about ten times faster
    than the pure-Python parser; anything that fails is parsed again with line
    numbers kept, so the error can point at the line.
    """
    text = _read_text(path)
    try:
        return model.model_validate(yaml.load(text, Loader=_FastLoader), context=context)
    except (yaml.YAMLError, ValidationError):
        pass
    return validate(model, read_yaml(path, text), path, context=context)


def validate(model: type[M], data: Any, path: Path, *, context: dict | None = None) -> M:
    """Validate parsed YAML ``data`` as ``model``, mapping errors back to lines."""
    if data is None:
        raise ContentError(f"{path}: the file is empty")
    try:
        return model.model_validate(data, context=context)
    except ValidationError as exc:
        raise ContentError(describe_errors(exc, data, path, model)) from None


def describe_errors(exc: ValidationError, data: Any, path: Path, model: type[BaseModel]) -> str:
    """One line per problem: file, line, key path, what is wrong and what to do."""
    problems = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        line = _line_of(data, loc)
        where = f" line {line}" if line else ""
        problems.append(f"{where}, {format_loc(loc) or '(top level)'}: {_explain(err, model)}")
    if len(problems) == 1:
        return f"{path}{problems[0]}"
    listed = "\n".join(f"  {path.name}{p}" for p in problems)
    return f"{path}: {len(problems)} problems\n{listed}"


def format_loc(loc: tuple) -> str:
    """Render a pydantic location as ``sections[2].items[0].lead``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif str(part).startswith(("function-", "tagged-union")):
            continue
        else:
            out += f".{part}" if out else str(part)
    return out


def _explain(err: dict, model: type[BaseModel]) -> str:
    kind, loc = err["type"], tuple(err["loc"])
    if kind == "extra_forbidden":
        allowed = _fields_at(model, loc[:-1])
        hint = suggest(str(loc[-1]), allowed)
        return "unknown key" + (f" (did you mean {hint}?)" if hint else
                                f" (allowed keys: {', '.join(sorted(allowed))})" if allowed else "")
    if kind == "missing":
        return "required key is missing"
    msg = err["msg"]
    if kind.startswith("value_error"):
        msg = msg.removeprefix("Value error, ")
    return msg


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


def _line_of(data: Any, loc: tuple) -> int | None:
    """1-based line of the deepest node of ``loc`` that exists in the YAML."""
    node, line = data, None
    for part in loc:
        if isinstance(node, CommentedMap) and part in node:
            line = node.lc.key(part)[0] + 1
            node = node[part]
        elif isinstance(node, CommentedSeq) and isinstance(part, int) and part < len(node):
            line = node.lc.item(part)[0] + 1
            node = node[part]
        else:
            break
    if line is None and isinstance(data, CommentedMap):
        return (data.lc.line or 0) + 1
    return line
