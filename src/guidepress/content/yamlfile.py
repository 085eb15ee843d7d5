"""Load YAML content files and validate them into models, keeping line numbers.

Errors name the file, the key path and the line, and suggest the closest valid
key for a typo, e.g. ``guide.yaml line 12, sections[2].itmes: unknown key (did
you mean "items"?)``.

Both parsers read the same way: a key given twice is an error (not "last one
wins"), dates stay text for the models to check (so ``2026-02-30`` is a message,
not a crash), and numbers longer than Python will convert, files over
``MAX_FILE_BYTES`` and nesting deeper than Python can follow are refused.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from guidepress.content.problems import ProblemsError, problems_from
from guidepress.errors import ContentError

M = TypeVar("M", bound=BaseModel)
MAX_FILE_BYTES = 5_000_000  # a long guide is about 50 KB
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




def _read_text(path: Path) -> str:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise ContentError(f"{path}: the file is over {MAX_FILE_BYTES // 1_000_000} MB; "
                               "content files are text and much smaller (is it the right file?)")
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentError(f"{path}: file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ContentError(f"{path}: cannot read the file ({exc})") from None


def read_yaml(path: Path, text: str | None = None) -> Any:
    """Parse one YAML file, keeping the line of every key and list item.

    That parser (ruamel) is only needed for a file with a mistake, or to find a
    line: it is imported then (see ``yamllines``), so loading good content skips it.
    """
    from guidepress.content.yamllines import parse_with_lines

    return parse_with_lines(path, _read_text(path) if text is None else text)


def load_model(model: type[M], path: Path, *, context: dict | None = None) -> M:
    """Read ``path`` and validate it as ``model``; raise ContentError on failure.

    Valid files (nearly all of them) are parsed by libyaml, about ten times faster
    than the pure-Python parser; anything that fails is parsed again with line
    numbers kept, so the error can point at the line.
    """
    text = _read_text(path)
    try:
        try:
            return model.model_validate(yaml.load(text, Loader=_FastLoader), context=context)
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
    try:
        return model.model_validate(data, context=context)
    except ValidationError as exc:
        raise ProblemsError(problems_from(exc, model, file=path,
                                          line_of=lambda loc: _line_of(data, loc))) from None


def line_at(path: Path, loc: tuple) -> int | None:
    """The 1-based line of key path ``loc`` (e.g. ``("figure", "end")``) in a YAML file."""
    return _line_of(read_yaml(path), loc)


def _line_of(data: Any, loc: tuple) -> int | None:
    from guidepress.content.yamllines import line_of

    return line_of(data, loc)
