"""Load YAML content files and validate them into models, keeping line numbers.

Errors name the file, the key path and the line, and suggest the closest valid
key for a typo, e.g. ``guide.yaml line 12, sections[2].itmes: unknown key (did
you mean "items"?)``.

Both parsers read the same way: a key given twice is an error (not "last one
wins"), dates stay text for the models to check (so ``2026-02-30`` is a message,
not a crash), and numbers longer than Python will convert, nesting deeper than
Python can follow and aliases that multiply the content (``MAX_NODES`` once each
alias is counted where it is used) are refused. Files are read through the
confined reader (``confine``): inside their folder, regular files, at most 5 MB.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from guidepress.confine import OWN_FOLDER, read_text
from guidepress.content.problems import ProblemsError, problems_from
from guidepress.errors import ContentError

M = TypeVar("M", bound=BaseModel)
MAX_NODES = 50_000  # values once aliases are expanded; a long guide has about 5,000
MAX_DIGITS = 4000  # Python refuses to convert integers of more than 4,300 digits
_INT, _TIMESTAMP, _BOOL = (f"tag:yaml.org,2002:{t}" for t in ("int", "timestamp", "bool"))


class _FastLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """libyaml's loader, with only true/false as booleans (as in YAML 1.2), so that
    words such as "no" or "on" stay text exactly as the line-keeping parser reads them."""

    def construct_mapping(self, node, deep=False):
        keys = [k.value for k, _ in node.value if isinstance(k, yaml.ScalarNode)]
        if len(keys) != len(set(keys)):  # the line-keeping parser says which and where
            raise yaml.constructor.ConstructorError(None, None, "duplicate key", node.start_mark)
        return super().construct_mapping(node, deep)

    def construct_yaml_int(self, node):
        if len(str(node.value)) > MAX_DIGITS:
            raise yaml.constructor.ConstructorError(None, None, "number too long", node.start_mark)
        return super().construct_yaml_int(node)


_FastLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in (_BOOL, _TIMESTAMP)]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_FastLoader.add_implicit_resolver(
    _BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))
_FastLoader.add_constructor(_INT, _FastLoader.construct_yaml_int)


def _read_text(path: Path, roots: list[Path] | None, kind: str) -> str:
    return read_text(path, kind, OWN_FOLDER if roots is None else roots)


def read_yaml(path: Path, text: str | None = None, *, roots: list[Path] | None = None) -> Any:
    """Parse one YAML file, keeping the line of every key and list item.

    That parser (ruamel) is only needed for a file with a mistake, or to find a
    line: it is imported then (see ``yamllines``), so loading good content skips it.
    """
    from guidepress.content.yamllines import parse_with_lines

    return parse_with_lines(path, _read_text(path, roots, "content") if text is None else text)


def load_model(model: type[M], path: Path, *, roots: list[Path] | None = None,
               context: dict | None = None, kind: str = "content", text: str | None = None) -> M:
    """Read ``path`` and validate it as ``model``; raise ContentError on failure.

    Valid files (nearly all of them) are parsed by libyaml, about ten times faster
    than the pure-Python parser; anything that fails is parsed again with line
    numbers kept, so the error can point at the line. The file must lie inside
    ``roots`` (by default, the folder it is in). ``text``, when given, is the file's
    content already in hand (an upload): ``path`` then only names it in messages.
    """
    text = _read_text(path, roots, kind) if text is None else text
    try:
        try:
            data = yaml.load(text, Loader=_FastLoader)
            check_expansion(data, path)
            return model.model_validate(data, context=context)
        except (yaml.YAMLError, ValidationError):
            pass
        return validate(model, read_yaml(path, text), path, context=context)
    except RecursionError:
        raise ContentError(f"{path}: lists or mappings are nested too deeply; "
                           "content is a few levels deep at most") from None


def validate(model: type[M], data: Any, path: Path, *, context: dict | None = None) -> M:
    """Validate parsed YAML ``data`` as ``model``, mapping errors back to lines."""
    if data is None:
        raise ContentError(f"{path}: the file is empty")
    check_expansion(data, path)
    try:
        return model.model_validate(data, context=context)
    except ValidationError as exc:
        raise ProblemsError(problems_from(exc, model, file=path,
                                          line_of=lambda loc: _line_of(data, loc))) from None


def check_expansion(data: Any, path: Path) -> None:
    """Refuse YAML whose aliases (``*name``) multiply it past ``MAX_NODES`` values, or
    that contains itself: the models would build every copy (minutes, gigabytes)."""
    sizes: dict[int, int] = {}  # id of a list or mapping -> its values, aliases expanded

    def size(node: Any) -> int:
        if not isinstance(node, (dict, list)):
            return 1
        key = id(node)
        if key in sizes:
            if sizes[key] < 0:
                raise ContentError(f"{path}: an alias (*name) refers to the list or mapping "
                                   "that holds it; write the content out instead")
            return sizes[key]
        sizes[key] = -1  # being counted: meeting it again inside means it holds itself
        total = 1
        for child in (node.values() if isinstance(node, dict) else node):
            total += size(child)
            if total > MAX_NODES:
                raise ContentError(
                    f"{path}: aliases (*name) repeat the content into over {MAX_NODES:,} "
                    "values; write each part once, or use fewer aliases")
        sizes[key] = total
        return total

    size(data)


def line_at(path: Path, loc: tuple) -> int | None:
    """The 1-based line of key path ``loc`` (e.g. ``("figure", "end")``) in a YAML file."""
    return _line_of(read_yaml(path), loc)


def _line_of(data: Any, loc: tuple) -> int | None:
    from guidepress.content.yamllines import line_of

    return line_of(data, loc)
