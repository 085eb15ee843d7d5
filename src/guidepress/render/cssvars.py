"""CSS custom properties resolved once, when a render's stylesheets are put together.

The design system keeps its sizes, spacing and colours as variables in the
stylesheets (``:root { --color-accent: ... }``), where a theme or a clinic's
custom.css changes them. WeasyPrint resolves each ``var()`` again for every
element of every document. A variable that is only ever set on ``:root`` has
one value for a given list of stylesheets, so it is substituted here, once,
and the result is parsed once per renderer. A variable set anywhere else (on
a class, inside an at-rule, with ``!important``, or by the document itself)
is left to WeasyPrint. The ``:root`` declarations stay, so a template that
uses ``var()`` still finds every variable.

What a variable expands to is bounded: five levels of variables each naming the one
below ten times make a 626-byte stylesheet into 10 million characters, which took
minutes to expand and then aborted the text library. A variable, or a rule, whose
``var()`` references expand past ``MAX_EXPANDED`` characters is refused, naming the
stylesheet (``TooLarge``).
"""

from __future__ import annotations

import copy
from pathlib import Path

import tinycss2
from tinycss2.ast import FunctionBlock

_ROOT = ":root"
MAX_EXPANDED = 1_000_000  # characters the var() references in one variable or rule make


class TooLarge(ValueError):
    """A variable or rule expands past ``MAX_EXPANDED``: ``sheet`` is the index of the
    stylesheet that holds it, ``name`` the variable (or the rule's selector)."""

    def __init__(self, sheet: int, name: str):
        super().__init__(f"{name} expands to more than {MAX_EXPANDED:,} characters")
        self.sheet, self.name = sheet, name


def resolve_variables(texts: list[str], keep: frozenset[str] = frozenset(),
                      paths: list | None = None) -> list[str]:
    """The stylesheets' texts, in cascade order, with every ``var()`` of a constant
    variable replaced by its value; names in ``keep`` (set elsewhere: by the document,
    or in a stylesheet that one of these imports) are left alone. One that expands
    past the bound is a ``ResourceError`` naming its stylesheet (from ``paths``)."""
    sheets = [tinycss2.parse_stylesheet(text) for text in texts]
    try:
        constants = _constants(sheets, keep)
        return [tinycss2.serialize(_substituted(rule, constants, index) for rule in rules)
                for index, rules in enumerate(sheets)]
    except TooLarge as exc:  # var() inside var(): a few hundred bytes made millions
        from guidepress.errors import ResourceError

        where = paths[exc.sheet] if paths else f"number {exc.sheet + 1}"
        raise ResourceError(f"stylesheet {where}: its {exc.name} expands to more than "
                            f"{MAX_EXPANDED:,} characters through var(); use shorter "
                            "values or fewer references") from None


def imported_variables(text: str, path: Path, read, seen: set | None = None) -> set[str]:
    """Custom properties declared in the stylesheets that ``text`` (the stylesheet at
    ``path``) imports, at any depth; ``read(path)`` gives a file's text, or None
    where it may not be read."""
    seen = set() if seen is None else seen
    names: set[str] = set()
    for rule in tinycss2.parse_stylesheet(text):
        target = _local_import(rule, Path(path))
        if target is None or target in seen:
            continue
        seen.add(target)
        inner_text = read(target)
        if inner_text is None:
            continue
        for inner in tinycss2.parse_stylesheet(inner_text):
            names |= _declared(inner)
        names |= imported_variables(inner_text, target, read, seen)
    return names


def _local_import(rule, path: Path) -> Path | None:
    """The local file an ``@import`` rule names, if it exists."""
    if rule.type != "at-rule" or rule.lower_at_keyword != "import":
        return None
    token = next((t for t in rule.prelude if t.type not in ("whitespace", "comment")), None)
    if token is None:
        return None
    if token.type in ("url", "string"):
        url = token.value
    elif token.type == "function" and token.lower_name == "url" and token.arguments:
        url = getattr(token.arguments[0], "value", "")
    else:
        return None
    if ":" in url:
        return None
    target = (path.parent / url).resolve()
    return target if target.is_file() else None


def _is_root(rule) -> bool:
    return rule.type == "qualified-rule" and tinycss2.serialize(rule.prelude).strip() == _ROOT


def _constants(sheets: list[list], keep: frozenset[str]) -> dict[str, list]:
    """Variables set only on ``:root`` (the last value wins), with nested ``var()`` resolved."""
    values: dict[str, list] = {}
    origin: dict[str, int] = {}  # the stylesheet that sets each, for the message
    unsafe = set(keep)
    for index, rules in enumerate(sheets):
        for rule in rules:
            if _is_root(rule):
                for item in tinycss2.parse_blocks_contents(rule.content):
                    if item.type == "declaration" and item.name.startswith("--"):
                        values[item.name], origin[item.name] = _trimmed(item.value), index
                        if item.important:
                            unsafe.add(item.name)
            else:
                unsafe |= _declared(rule)
    resolved: dict[str, list] = {}
    for name in values:
        try:
            _resolve(name, values, unsafe, resolved, set())
        except TooLarge as exc:
            raise TooLarge(origin[exc.name], exc.name) from None
    return {name: value for name, value in resolved.items() if value is not None}


def _counted(lookup, name: str, sheet: int = 0):
    """``lookup``, adding up the characters of what it finds and raising ``TooLarge``
    (for ``name``) once they pass the bound."""
    made = 0

    def counting(inner: str):
        nonlocal made
        found = lookup(inner)
        if found is not None:
            made += len(tinycss2.serialize(found))
            if made > MAX_EXPANDED:
                raise TooLarge(sheet, name)
        return found

    return counting


def _trimmed(tokens: list) -> list:
    """``tokens`` without white space and comments at either end."""
    kept = list(tokens)
    while kept and kept[0].type in ("whitespace", "comment"):
        kept.pop(0)
    while kept and kept[-1].type in ("whitespace", "comment"):
        kept.pop()
    return kept


def _declared(rule) -> set[str]:
    """Custom properties declared anywhere inside ``rule``."""
    if getattr(rule, "content", None) is None:
        return set()
    names = set()
    for item in tinycss2.parse_blocks_contents(rule.content):
        if item.type == "declaration" and item.name.startswith("--"):
            names.add(item.name)
        elif item.type in ("qualified-rule", "at-rule"):
            names |= _declared(item)
    return names


def _resolve(name: str, values: dict, unsafe: set, done: dict, seen: set) -> list | None:
    """The tokens of variable ``name`` with nested references resolved (None if it cannot be)."""
    if name in done:
        return done[name]
    if name in unsafe or name not in values or name in seen:
        return None
    seen.add(name)
    ok = True

    def lookup(inner: str):
        nonlocal ok
        found = _resolve(inner, values, unsafe, done, seen)
        ok = ok and found is not None
        return found

    tokens = _replace(values[name], _counted(lookup, name))
    done[name] = tokens if ok else None
    return done[name]


def _substituted(rule, constants: dict[str, list], sheet: int):
    """``rule`` with constant ``var()`` references replaced (``:root`` itself is kept as it is)."""
    if _is_root(rule) or getattr(rule, "content", None) is None:
        return rule
    where = tinycss2.serialize(getattr(rule, "prelude", None) or []).strip()[:60] or "a rule"
    rule = copy.copy(rule)
    rule.content = _replace(rule.content, _counted(constants.get, where, sheet))
    return rule


def _replace(tokens: list, lookup) -> list:
    """``tokens`` with each ``var(--name...)`` that ``lookup`` resolves replaced, at any depth."""
    out = []
    for token in tokens:
        if isinstance(token, FunctionBlock) and token.lower_name == "var":
            name = next((t.value for t in token.arguments if t.type == "ident"), None)
            value = lookup(name) if name and name.startswith("--") else None
            if value is not None:
                out.extend(value)
                continue
        if getattr(token, "arguments", None) is not None:
            token = copy.copy(token)  # never change the tokens of the :root declarations
            token.arguments = _replace(token.arguments, lookup)
        elif getattr(token, "content", None) is not None and token.type != "comment":
            token = copy.copy(token)
            token.content = _replace(token.content, lookup)
        out.append(token)
    return out
