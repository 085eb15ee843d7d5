"""YAML parsed with the line of every key and list item kept (ruamel's round-trip
parser): for messages that point at a line. Imported only when one is needed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import ConstructorError, DuplicateKeyError, RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from guidepress.errors import ContentError

MAX_DIGITS = 4000  # as in yamlfile: Python refuses to convert integers of more than 4,300 digits
_INT, _TIMESTAMP = (f"tag:yaml.org,2002:{t}" for t in ("int", "timestamp"))


class _LineConstructor(RoundTripConstructor):
    """ruamel's round-trip constructor, reading dates as text and refusing huge numbers."""

    def construct_yaml_int(self, node):
        if len(str(node.value)) > MAX_DIGITS:
            raise ConstructorError(None, None, f"a number of more than {MAX_DIGITS} digits; "
                                   "write it as text, in quotes", node.start_mark)
        return super().construct_yaml_int(node)

    def construct_yaml_timestamp(self, node, values=None):
        return self.construct_scalar(node)


_LineConstructor.add_constructor(_INT, _LineConstructor.construct_yaml_int)
_LineConstructor.add_constructor(_TIMESTAMP, _LineConstructor.construct_yaml_timestamp)


def parse_with_lines(path: Path, text: str) -> Any:
    """Parse the text of one YAML file, keeping the line of every key and list item."""
    parser = YAML(typ="rt", pure=True)
    parser.Constructor = _LineConstructor
    try:
        return parser.load(text)
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f" line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = exc.problem or exc.context or "malformed YAML"
        raise ContentError(f"{path}{where}: {problem}{_hint(exc)}") from None
    except YAMLError as exc:
        raise ContentError(f"{path}: malformed YAML ({exc})") from None


def _hint(exc: MarkedYAMLError) -> str:
    if isinstance(exc, DuplicateKeyError):
        return "; each key may be given once, so remove or rename one of them"
    if isinstance(exc, ConstructorError):
        return ""
    return " (check the indentation and quoting there)"


def line_of(data: Any, loc: tuple) -> int | None:
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
