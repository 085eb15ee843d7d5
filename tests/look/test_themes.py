"""Themes: each is a layer over the base look (contrast and sizes are measured on the
rendered pages, in tests/products/test_print_quality.py)."""

from __future__ import annotations

import pytest

from guidepress.builtin import BUILTIN_STYLES
from guidepress.errors import UsageError
from guidepress.look.resources import Resources
from guidepress.look.themes import BUILTIN, available_themes, theme_stylesheet


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
