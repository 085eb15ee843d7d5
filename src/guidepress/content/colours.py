"""Colours as a clinic writes them, checked strictly before they reach a stylesheet."""

from __future__ import annotations

import re

# One colour and nothing else: a hex code, a name, or one closed rgb()/hsl() call.
# The CSS parser alone is too lenient: it accepts "#7a1f5c /*" (a comment that would
# swallow the next rules) and "rgb(200,0,0" (closed for it by the end of the text).
_SHAPE = re.compile(r"#[0-9a-fA-F]{3,8}|[a-zA-Z]+|(?:rgb|rgba|hsl|hsla)\([0-9.,%\s/+-]*\)")


def is_colour(value: str) -> bool:
    """Whether ``value`` is exactly one CSS colour."""
    import tinycss2.color3

    text = value.strip()
    return bool(_SHAPE.fullmatch(text)) and tinycss2.color3.parse_color(text) is not None
