"""Bounds on the text an ``@counter-style`` rule makes, checked before any box is built.

WeasyPrint writes a list's markers (and ``counter()`` text) from the counter styles
the stylesheets define, and lays the text out with Pango: ``pad: 40000000 "0"`` made
a 40-million-character marker for each item, and the text library aborted the whole
process past the memory cap, with no message (in a batch, every worker with it). A
counter style is refused, naming the stylesheet (or the template, for one in its own
``<style>``), when any of its words is longer than ``MAX_SYMBOL`` characters, it has
more than ``MAX_SYMBOLS`` of them, it pads wider than ``MAX_PAD``, or it could make a
marker longer than ``MAX_TEXT`` characters for a number in its range (a symbolic or
additive style repeats its symbols as the number grows, so it needs a bounded range).
"""

from __future__ import annotations

from math import inf, isinf

MAX_SYMBOL = 100  # characters in one symbol, prefix, suffix or negative sign
MAX_SYMBOLS = 1000  # symbols (or additive symbols) in one counter style
MAX_PAD = 100  # the width a counter is padded to
MAX_TEXT = 1000  # characters one counter's text may reach, for any number in its range


def counter_style_problem(styles: dict, names=None) -> str | None:
    """What is wrong with the first counter style in ``styles`` (those ``names``, or
    all) past a bound, as a sentence that follows "it"; or None."""
    from weasyprint.css.counters import CounterStyle

    every = CounterStyle(styles)
    for name in sorted(styles if names is None else names):
        counter = every.resolve_counter(name)
        problem = counter and _problem(counter)
        if problem:
            return (f"defines @counter-style {name} {problem}, more text than guidepress lays "
                    "out for a list; use shorter symbols, a smaller pad or a narrower range")
    return None


def _text(symbol) -> str:
    return symbol[1] if isinstance(symbol, tuple) and len(symbol) == 2 and symbol[0] == "string" \
        and isinstance(symbol[1], str) else ""


def _problem(counter: dict) -> str | None:
    symbols = [_text(s) for s in counter.get("symbols") or ()]
    additive = [(w, _text(s)) for w, s in counter.get("additive_symbols") or ()]
    pad = counter.get("pad") or (0, ("string", ""))
    words = [*symbols, *(s for _, s in additive), _text(pad[1]), _text(counter.get("prefix")),
             _text(counter.get("suffix")), *map(_text, counter.get("negative") or ())]
    if max(map(len, words), default=0) > MAX_SYMBOL:
        return f"with a symbol of {max(map(len, words)):,} characters (at most {MAX_SYMBOL})"
    if max(len(symbols), len(additive)) > MAX_SYMBOLS:
        return f"with {max(len(symbols), len(additive)):,} symbols (at most {MAX_SYMBOLS:,})"
    if pad[0] > MAX_PAD:
        return f"padded to {pad[0]:,} characters (at most {MAX_PAD})"
    system = (counter.get("system") or (None, "symbolic", None))[1]
    longest = _longest(system, symbols, additive, _largest(counter.get("range"), system))
    if longest > MAX_TEXT:
        return (f"that makes {'endless' if isinf(longest) else f'{longest:,}-character'} text "
                f"for the numbers in its range (at most {MAX_TEXT:,} characters)")
    return None


def _largest(ranges, system: str) -> float:
    """The largest number (in size) the style is used for: outside its range, another is."""
    if ranges in ("auto", None):
        return inf
    return max((abs(end) for pair in ranges for end in pair), default=0)


def _longest(system: str, symbols: list[str], additive: list, largest: float) -> float:
    """An upper bound on the characters the style writes for a number up to ``largest``."""
    widest = max(map(len, symbols), default=0)
    if system == "symbolic" and symbols:
        return widest * (-(-largest // len(symbols))) if not isinf(largest) else \
            (inf if widest else 0)
    if system != "additive" or not additive:
        return widest  # cyclic and fixed: one symbol; alphabetic and numeric: one a digit,
        # so they grow only as the number's digits (bounded by the stylesheet's own size)
    total, above = 0, largest  # greedy: each weight used while the rest is at least it
    for weight, text in sorted(additive, key=lambda pair: -pair[0]):
        if weight <= 0:
            continue
        times = above // weight if not isinf(above) else (inf if text else 0)
        total += times * len(text)
        above = weight - 1
    return total


def bounded_counter_style(styles: dict):
    """WeasyPrint's counter styles for a document, each text they make bounded: the
    rules above see only named ``@counter-style`` rules, not ``symbols()`` in a list
    style or a counter set to a large number, which made markers of tens of millions
    of characters (and the text library's abort) just the same."""
    from weasyprint.css.counters import CounterStyle

    class Bounded(CounterStyle):
        def render_value(self, counter_value, counter_name=None, counter=None, *args, **kwargs):
            # measured before it is made: counter-reset 2000000000 made gigabytes first
            longest = _value_longest(self, counter or self.resolve_counter(
                counter_name, list(args[0]) if args and args[0] else None), counter_value)
            text = "" if longest > MAX_TEXT else super().render_value(
                counter_value, counter_name, counter, *args, **kwargs)
            if longest > MAX_TEXT or (text and len(text) > MAX_TEXT):
                from guidepress.errors import HeavyLayout

                size = f"{len(text):,}" if text else f"over {MAX_TEXT:,}"
                raise HeavyLayout(f"makes a list marker or counter text of {size} "
                                  f"characters (at most {MAX_TEXT:,}); use shorter symbols "
                                  "or smaller counter values in its list styles")
            return text

        def copy(self):
            return Bounded(dict.copy(self))

    return Bounded(styles)


def _value_longest(styles, counter, value) -> float:
    """An upper bound on the characters ``counter`` (a resolved style, following what
    it extends) writes for ``value``, before anything is written."""
    symbols, additive, seen, system = [], [], set(), "symbolic"
    while isinstance(counter, dict):
        symbols += [_text(s) for s in counter.get("symbols") or ()]
        additive += [(w, _text(s)) for w, s in counter.get("additive_symbols") or ()]
        extends, system, _ = counter.get("system") or (None, "symbolic", None)
        if not extends or system in seen:
            break
        seen.add(system)
        counter = styles.get(system)
    if not isinstance(value, (int, float)) or isinf(value):
        return 0
    if system in ("symbolic", "additive"):
        return _longest(system, symbols, additive, abs(value))
    digits, left = 1, int(abs(value))  # alphabetic and numeric: a symbol a digit in base
    while len(symbols) > 1 and left >= len(symbols):  # their number; cyclic and fixed: one
        digits, left = digits + 1, left // len(symbols)
    return max(map(len, symbols), default=0) * (digits + 1)
