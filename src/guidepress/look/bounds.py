"""How much a template may make: the size of one text, the work of one render.

Jinja's sandbox stops a template reaching Python internals, not one that builds
gigabytes (``'x' * 10**9``, ``'%0999999999d' % 1``, ``'{:>999999999}'.format(1)``,
a string joined to itself in a loop) or loops for hours. The sandbox (``sandbox.py``)
checks here the size of what an operation would make before making it where it
can be estimated, and what it made afterwards everywhere; each render also counts
its loop turns and calls, every character it makes or prints or hands a filter or
a text method to read, and, for what none of these count (``'y' in text`` in a
loop), its processor time.
"""

from __future__ import annotations

import re
import time
from collections.abc import Mapping
from contextvars import ContextVar
from dataclasses import dataclass, field

from jinja2.sandbox import SecurityError

MAX_TEXT = 1_000_000  # characters (or items) in one text or list a template makes
MAX_STEPS = 50_000  # loop turns and calls in one render
MAX_WORK = 100_000_000  # characters made, printed or read by a filter in one render
MAX_BITS = 14_300  # a whole number of about 4,300 digits, the most Python prints
MAX_SECONDS = 10.0  # processor time of one render: the last stop for work nothing counts


class TooMuch(SecurityError):
    """A template would make more than a bound allows."""


@dataclass
class Work:
    """What one render has done so far."""

    steps: int = 0
    made: int = 0
    began: float = field(default_factory=time.process_time)
    shapes: dict = field(default_factory=dict)  # id -> (list or dict, its shape), see ``shape``


_WORK: ContextVar[Work | None] = ContextVar("guidepress_template_work", default=None)


def start() -> object:
    """Count a new render's work from zero; give the token to ``finish``."""
    return _WORK.set(Work())


def finish(token) -> None:
    """Stop counting the render ``start`` began."""
    _WORK.reset(token)


def _work() -> Work:
    work = _WORK.get()
    if work is None:  # a template rendered some other way still gets bounds
        work = Work()
        _WORK.set(work)
    return work


def step() -> None:
    """Count one loop turn or call."""
    work = _work()
    work.steps += 1
    if work.steps > MAX_STEPS:
        raise TooMuch(f"runs more than {MAX_STEPS:,} loop turns and calls, which is not allowed "
                      "in templates")
    if time.process_time() - work.began > MAX_SECONDS:
        raise TooMuch(f"runs for more than {MAX_SECONDS:g} seconds, which is not allowed "
                      "in templates")


def charge(characters: int) -> None:
    """Count characters a render made, printed or gave a filter or method to read."""
    work = _work()
    work.made += characters
    if work.made > MAX_WORK:
        raise TooMuch(f"makes more than {MAX_WORK:,} characters in all, which is not allowed "
                      "in templates")


def ensure(size: int) -> None:
    """Refuse, before making it, a text or list of ``size`` characters or items."""
    if size > MAX_TEXT:
        raise TooMuch(f"makes a text or list of more than {MAX_TEXT:,} characters or items, "
                      "which is not allowed in templates")


def digits(bits: int) -> None:
    """Refuse, before making it, a whole number of more than ``MAX_BITS`` bits."""
    if bits > MAX_BITS:
        raise TooMuch("makes a number of more than 4,300 digits, which is not allowed in templates")


def made(value):
    """``value``, once checked and counted if it is a text or list."""
    if isinstance(value, (str, bytes, list, tuple)):
        ensure(len(value))
        charge(len(value))
    elif isinstance(value, int):  # from_bytes, or int(text, 16): no digit limit there
        digits(value.bit_length())
    return value


def printed(value):
    """``value`` as a template prints it (Jinja's ``finalize``), counted; a list or dict
    whose text would be too long is refused before it is made."""
    if isinstance(value, str):
        charge(len(value))
    elif isinstance(value, CONTAINERS):
        charge(sized(value))
    return value


CONTAINERS = (list, tuple, dict, set, frozenset)
NUMBER_CHARACTERS = 32  # a float, date or small number printed; longer whole numbers by their bits


def shape(value) -> tuple[int, int, int]:
    """What ``value`` makes when printed or turned to JSON, without making it: its
    characters (at least), its items and the sum of their depths (which indenting
    multiplies). A list or dict met again counts again, each time, as printing it does
    (``[l, l]`` doubled 30 times prints 2**30 ones from 30 small lists); the walk
    itself looks at each list or dict once and stops as soon as the text is too long."""
    if isinstance(value, (str, bytes)):
        return len(value) + 2, 1, 0
    if isinstance(value, int):
        return value.bit_length() // 3 + 2, 1, 0
    if not isinstance(value, CONTAINERS):
        return NUMBER_CHARACTERS, 1, 0
    shapes = _work().shapes
    known = shapes.get(id(value))
    if known is not None and known[0] is value:
        return known[1]
    items = [*value.keys(), *value.values()] if isinstance(value, dict) else value
    characters, count, depths = 2, 1, 0
    for item in items:
        inner = shape(item)
        characters, count, depths = characters + inner[0] + 2, count + inner[1], depths + inner[2] + inner[1]
        if characters > MAX_TEXT:  # too long already: the rest need not be looked at
            break
    shapes[id(value)] = (value, (characters, count, depths))  # kept alive: ids stay its own
    return characters, count, depths


def sized(value) -> int:
    """The characters ``value`` prints as (at least), refused if over ``MAX_TEXT``."""
    characters = len(value) if isinstance(value, (str, bytes)) else shape(value)[0]
    ensure(characters)
    return characters


def comparable(value):
    """``value``, once checked that comparing it takes no longer than printing it may."""
    if isinstance(value, CONTAINERS):
        sized(value)
    return value


def joinable(values: tuple) -> tuple:
    """``values`` for ``a ~ b``, refused before joining if the text would be too long."""
    ensure(sum(sized(value) for value in values))
    return values


def loop_turns(iterable):
    """A loop's items, each turn counted."""
    for item in iterable:
        step()
        yield item


_PERCENT = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(\*|\d+)?(?:\.(\*|\d+))?[hlL]?([a-zA-Z%])")
_NUMBERS = re.compile(r"\d+")
FLOAT_DIGITS = 330  # the most characters a float printed without a width takes


def percent(template: str, args) -> None:
    """Refuse ``template % args`` if it could make more than ``MAX_TEXT`` characters."""
    specs = _PERCENT.findall(template)
    if any("*" in (width, precision) for width, precision, _ in specs):
        raise TooMuch("a width given by * in % formatting is not allowed in templates")
    widest = max((int(n) for width, precision, _ in specs for n in (width, precision) if n),
                 default=0)
    ensure(widest)
    values = (args.values() if isinstance(args, Mapping)
              else args if isinstance(args, tuple) else (args,))
    longest = max((sized(value) for value in values), default=0)
    ensure(len(template) + len(specs) * (widest + longest + FLOAT_DIGITS))


def format_spec(spec: str) -> None:
    """Refuse a ``str.format`` field spec with a width or precision over ``MAX_TEXT``."""
    ensure(max((int(n) for n in _NUMBERS.findall(spec)), default=0))


def replaced(text: str, old: str, new: str, count: int = -1) -> None:
    """Refuse ``text.replace(old, new)`` if its result would be too long."""
    found = len(text) + 1 if not old else text.count(old)
    if count is not None and int(count) >= 0:
        found = min(found, int(count))
    ensure(len(text) + found * len(new))


def joined(items: list, separator: str) -> None:
    """Refuse joining ``items`` with ``separator`` if the text would be too long."""
    total = sum(sized(item) for item in items)
    ensure(total + max(len(items) - 1, 0) * len(separator))
