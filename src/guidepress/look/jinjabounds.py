"""The Jinja hooks behind the sandbox's bounds: counted loops, checked joins and
formatting, bounded filters and text methods (the accounting is in ``bounds``)."""

from __future__ import annotations

import functools
import types

import jinja2
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, operators, optimizeconst
from jinja2.sandbox import SandboxedEscapeFormatter, SandboxedFormatter

from guidepress.look import bounds


class BoundedTemplate(jinja2.Template):
    """A template whose every render counts its work from zero."""

    def render(self, *args, **kwargs):
        token = bounds.start()
        try:
            return super().render(*args, **kwargs)
        finally:
            bounds.finish(token)


class BoundedCodeGenerator(CodeGenerator):
    """Compiles templates so that every loop turn is counted, every ``~`` checked and
    every piece of the template's own text counted when it is printed."""

    _loop_iter: nodes.Node | None = None

    def visit_Template(self, node, frame=None):
        # Jinja folds ``"nan" | float`` at compile time and writes the float as Python
        # source, ``nan`` or ``inf``: names that must exist, or the render is a NameError
        self.writeline("inf, nan = float('inf'), float('nan')")
        super().visit_Template(node, frame)

    def visit(self, node, *args, **kwargs):
        if node is not None and node is self._loop_iter:
            self.write("environment.loop_turns(")
            super().visit(node, *args, **kwargs)
            self.write(")")
            return None
        return super().visit(node, *args, **kwargs)

    def write(self, x: str) -> None:
        if x == "reciter" and self._loop_iter is not None:  # the items of a recursive loop
            x = "environment.loop_turns(reciter)"
        super().write(x)

    def visit_For(self, node, frame):
        outer, self._loop_iter = self._loop_iter, node.iter
        try:
            super().visit_For(node, frame)
        finally:
            self._loop_iter = outer

    def visit_Concat(self, node, frame):
        # Jinja's own, with the pieces checked (``joinable``) before they are joined
        joiner = ("(markup_join if context.eval_ctx.volatile else str_join)" if frame.eval_ctx.volatile
                  else "markup_join" if frame.eval_ctx.autoescape else "str_join")
        self.write(f"environment.made({joiner}(environment.joinable((")
        for piece in node.nodes:
            self.visit(piece, frame)
            self.write(", ")
        self.write("))))")

    @optimizeconst
    def visit_Compare(self, node, frame):
        # each side checked (``comparable``): comparing two lists that share their parts
        # takes as long as printing them would (30 doublings: hours, in one step)
        self.write("(environment.comparable(")
        self.visit(node.expr, frame)
        self.write(")")
        for operand in node.ops:
            self.write(f" {operators[operand.op]} environment.comparable(")
            self.visit(operand.expr, frame)
            self.write(")")
        self.write(")")

    def visit_Output(self, node, frame):
        text = sum(len(child.data) for child in node.nodes if isinstance(child, nodes.TemplateData))
        if text and not (frame.require_output_check and self.has_known_extends):
            self.writeline(f"environment.charge({text})")
        super().visit_Output(node, frame)


class _Bounded(SandboxedFormatter):
    """``str.format`` in a template: each field's width bounded, the text made counted."""

    def vformat(self, format_string, args, kwargs):
        self._made = len(format_string)
        return super().vformat(format_string, args, kwargs)

    def convert_field(self, value, conversion):
        bounds.sized(value)  # ``{0!r}`` makes the text before any field spec is seen
        return super().convert_field(value, conversion)

    def format_field(self, value, format_spec):
        bounds.format_spec(format_spec)
        bounds.sized(value)
        text = super().format_field(value, format_spec)
        self._made += len(text)
        bounds.ensure(self._made)
        return text


class _BoundedEscape(_Bounded, SandboxedEscapeFormatter):
    """The same for ``Markup.format``, which escapes each field."""


def bounded_format(environment, method):
    """``text.format`` or ``text.format_map`` from a template, bounded."""
    text = method.__self__
    formatter = (_BoundedEscape(environment, escape=text.escape) if hasattr(text, "__html__")
                 else _Bounded(environment))

    def run(*args, **kwargs):
        if method.__name__ == "format_map":
            if kwargs or len(args) != 1:
                raise TypeError("format_map() takes exactly one argument")
            args, kwargs = (), args[0]
        return bounds.made(type(text)(formatter.vformat(text, args, kwargs)))

    return functools.update_wrapper(run, method)


def _width(text, width, *rest):
    bounds.ensure(int(width))


def _tabs(text, tabsize=8):
    tabs = text.count(b"\t" if isinstance(text, bytes) else "\t")
    bounds.ensure(len(text) + tabs * max(int(tabsize), 0))


def _refused(*args, **kwargs):
    raise bounds.TooMuch("translating text is not allowed in templates")


# Text methods whose result can be far longer than the text: checked before they run.
TEXT_CHECKS = {"center": _width, "ljust": _width, "rjust": _width, "zfill": _width,
               "expandtabs": _tabs, "replace": bounds.replaced, "translate": _refused,
               "maketrans": _refused}


def text_method_args(method, args: tuple) -> tuple:
    """``args`` for calling ``method``; a text method that could make too long a text
    is refused first (``join`` is given its items as a list, to count them), as is a
    built-in method given a count over ``MAX_TEXT`` (``(1).to_bytes(10**9)``)."""
    owner = getattr(method, "__self__", None)
    if not (isinstance(method, types.BuiltinMethodType)
            or isinstance(method, types.MethodType) and isinstance(owner, str)):  # Markup's own
        return args
    for arg in args:
        if isinstance(arg, int):
            bounds.ensure(arg)
    if not isinstance(owner, (str, bytes)):
        return args
    bounds.charge(len(method.__self__) + sum(len(a) for a in args if isinstance(a, (str, bytes))))
    name = method.__name__
    if name == "join" and args:
        items = list(args[0])
        bounds.joined(items, method.__self__)
        return (items, *args[1:])
    if name in TEXT_CHECKS:
        TEXT_CHECKS[name](method.__self__, *args)
    return args


def _indent(text, width=4, *rest, **options):
    lines = str(text).count("\n") + 1
    bounds.ensure(len(str(text)) + lines * (int(width) if isinstance(width, int) else len(str(width))))


def _wordwrap(text, width=79, break_long_words=True, wrapstring=None, *rest, **options):
    breaks = len(str(text)) // max(int(width), 1) + 1
    bounds.ensure(len(str(text)) + breaks * len(wrapstring or "\n"))


def _count(value, count, *rest, **options):
    bounds.ensure(int(count))


def _format(value, *args, **kwargs):
    bounds.percent(str(value), kwargs or args)


def _replace(text, old, new, count=None):
    bounds.replaced(str(text), str(old), str(new), -1 if count is None else count)


def _tojson(value, indent=None):
    width = 0 if indent is None else int(indent) if isinstance(indent, int) else len(str(indent))
    characters, items, depths = bounds.shape(value)
    bounds.ensure(characters + items + depths * max(width, 0))  # a line per item, indented


def _urlize(text, trim_url_limit=None, nofollow=False, target=None, rel=None, *rest, **options):
    added = sum(len(str(options.get(k) or v or "")) for k, v in (("target", target), ("rel", rel)))
    words = str(text).count(" ") + str(text).count("\n") + 1
    bounds.ensure(3 * len(str(text)) + words * (added + 64))


def _sum(iterable, attribute=None, start=0):
    if not isinstance(start, (int, float)):
        raise bounds.TooMuch("summing anything but numbers is not allowed in templates")


# Filters whose result can be far longer than what they are given: checked before they run.
FILTER_CHECKS = {"center": _width, "indent": _indent, "wordwrap": _wordwrap, "batch": _count,
                 "slice": _count, "format": _format, "replace": _replace, "sum": _sum,
                 "tojson": _tojson, "urlize": _urlize}
# Filters that never turn what they are given into text; every other one is given
# lists and dicts only if their text is within bounds (``bounds.sized``).
NOT_TEXT = frozenset({"attr", "batch", "count", "default", "d", "dictsort", "first", "groupby",
                      "items", "last", "length", "list", "map", "max", "min", "random",
                      "reject", "rejectattr", "reverse", "select", "selectattr", "slice",
                      "sort", "sum", "unique", "tojson"})


def _bounded(name: str, func, cost: int = 1):
    check = FILTER_CHECKS.get(name)
    passes = getattr(func, "jinja_pass_arg", None) is not None

    @functools.wraps(func)
    def run(*args, **kwargs):
        given = args[1:] if passes else args
        if given and isinstance(given[0], str):  # reading a text is work too
            bounds.charge(len(given[0]) * cost)
        if name not in NOT_TEXT or name in COMPARING:
            # what select/reject filter, or what is sorted by an attribute, is not compared whole
            by_attribute = "attribute" in kwargs or len(given) > ATTRIBUTE_AT.get(name, len(given))
            whole = name not in ("select", "reject") and not by_attribute
            for value in (*(given if whole else given[1:]), *kwargs.values()):
                if isinstance(value, bounds.CONTAINERS):
                    bounds.sized(value)
        if check is not None:
            check(*given, **kwargs)
        if name == "join" and given:  # its items as a list, to count them first
            args, kwargs = _join_args(args, len(given), kwargs)
        return bounds.made(func(*args, **kwargs))

    return run


# Filters and tests that compare what they are given, item by item: checked like a comparison.
COMPARING = frozenset({"sort", "unique", "min", "max", "dictsort", "groupby", "select", "reject",
                       "eq", "equalto", "==", "ne", "!=", "lt", "<", "le", "<=", "gt", ">",
                       "ge", ">=", "lessthan", "greaterthan", "in"})

ATTRIBUTE_AT = {"sort": 3, "unique": 2, "min": 2, "max": 2, "groupby": 1}  # its place if given


def bounded_tests(tests: dict) -> dict:
    """The tests that compare (``COMPARING``), each with what it is given checked."""
    def bounded(func):
        @functools.wraps(func)
        def run(*args, **kwargs):
            for value in (*args, *kwargs.values()):
                bounds.comparable(value)
            return func(*args, **kwargs)
        return run

    return {name: bounded(func) for name, func in tests.items() if name in COMPARING}


def _join_args(args: tuple, given: int, kwargs: dict) -> tuple[tuple, dict]:
    """``join``'s arguments with its items (or their ``attribute``) as a list, checked."""
    from jinja2.filters import make_attrgetter

    passed, value, *rest = args[:-given], *args[-given:]
    separator = rest[0] if rest else kwargs.get("d", "")
    attribute = rest[1] if len(rest) > 1 else kwargs.get("attribute")
    items = list(value)
    if attribute is not None:
        items = list(map(make_attrgetter(passed[0].environment, attribute), items))
    bounds.joined(items, str(separator))
    return (*passed, items, separator), {}


def bounded_filters(filters: dict, cost: int = 1) -> dict:
    """``filters``, each checked (``FILTER_CHECKS``), the text it reads counted ``cost``
    times (a filter slower per character counts more) and its result counted."""
    return {name: _bounded(name, func, cost) for name, func in filters.items()}
