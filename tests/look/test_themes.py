"""Themes: each is a layer over the base look; contrast and large-print sizes hold."""

from __future__ import annotations

import re

import pytest

from guidepress.builtin import BUILTIN_STYLES
from guidepress.errors import UsageError
from guidepress.look.resources import Resources
from guidepress.look.themes import BUILTIN, available_themes, theme_stylesheet


def variables(*names: str) -> dict[str, str]:
    """CSS custom properties set in ``:root`` of the given built-in stylesheets, in order."""
    found: dict[str, str] = {}
    for name in names:
        css = (BUILTIN_STYLES / name).read_text(encoding="utf-8")
        for block in re.findall(r":root\s*\{([^}]*)\}", css):
            found.update(re.findall(r"(--[\w-]+)\s*:\s*([^;]+);", block))
    return found


def luminance(hex_colour: str) -> float:
    value = hex_colour.strip().lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    channels = [int(value[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


# Every text colour and the backgrounds it is printed on.
TEXT_ON = {
    "--color-text": ["#ffffff", "--color-accent-soft"],
    "--color-muted": ["#ffffff", "--color-accent-soft"],
    "--color-accent": ["#ffffff", "--color-accent-soft"],
    "--color-alert": ["#ffffff"],
}


@pytest.mark.parametrize("theme, minimum", [("default", 4.5), ("high-contrast", 7.0),
                                             ("ink-saver", 7.0)])
def test_text_colours_meet_their_contrast_ratio(theme, minimum):
    colours = variables("print.css", theme_stylesheet(theme))
    for text, backgrounds in TEXT_ON.items():
        for background in backgrounds:
            ground = colours.get(background, background)
            ratio = contrast(colours[text], ground)
            assert ratio >= minimum, f"{theme}: {text} on {background} is {ratio:.2f}:1"


def test_every_builtin_theme_has_a_stylesheet():
    for name in BUILTIN:
        assert (BUILTIN_STYLES / theme_stylesheet(name)).is_file()


def test_the_theme_layer_comes_after_the_product_and_before_custom_css(tmp_path):
    styles = tmp_path / "styles"
    (styles / "themes").mkdir(parents=True)
    (styles / "custom.css").write_text("")
    (styles / "themes" / "clinic-blue.css").write_text(":root { --color-accent: #003366; }")
    found = Resources((), (styles,), theme="clinic-blue").stylesheets(["print.css", "handout.css"])
    assert [p.name for p in found] == ["print.css", "handout.css", "clinic-blue.css", "custom.css"]
    assert "clinic-blue" in available_themes((styles,))


def test_unknown_theme_lists_the_available_ones():
    with pytest.raises(UsageError, match="unknown theme \"glitter\"; available: default, large-print"):
        Resources(theme="glitter")
