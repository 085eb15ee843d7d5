"""guidepress.toml: broken colours are refused (they would comment out or swallow
the rules after them), a BOM is fine, an absurd number is a message."""

from __future__ import annotations

import pytest
from conftest import FIXTURE_GUIDE

from guidepress.config.workspace import load_workspace
from guidepress.errors import ContentError, TemplateError
from guidepress.look.filters import css_colour


@pytest.mark.parametrize("colour", ["#7a1f5c /*", "rgb(200,0,0", "red; } body { display: none",
                                    "#7a1f5c</style>", "url(x.png)", "red !important"])
def test_a_broken_colour_is_refused_with_its_key(tmp_path, colour):
    path = tmp_path / "guidepress.toml"
    path.write_text(f'[colors]\ntext = "#222222"\naccent = "{colour}"\n')
    with pytest.raises(ContentError, match=r"guidepress.toml line 3, colors.accent: .*is not a colour"):
        load_workspace(path)
    with pytest.raises(TemplateError):
        css_colour(colour)


@pytest.mark.parametrize("colour", ["#7a1f5c", "#abc", "navy", "rgb(29, 91, 134)",
                                    "rgba(0,0,0,0.5)", "hsl(210, 50%, 30%)"])
def test_real_colours_pass(tmp_path, colour):
    path = tmp_path / "guidepress.toml"
    path.write_text(f'[colors]\naccent = "{colour}"\n')
    assert load_workspace(path).config.colors.accent == colour
    assert css_colour(colour) == colour


def test_a_bom_in_guidepress_toml_is_accepted(run_cli, tmp_path):
    (tmp_path / "guidepress.toml").write_bytes('\ufeff[clinic]\nname = "Clínica Sur"\n'.encode())
    assert load_workspace(tmp_path / "guidepress.toml").config.clinic.name == "Clínica Sur"
    result = run_cli("handout", "-g", FIXTURE_GUIDE, "-o", "h.pdf")
    assert result.exit_code == 0, result.output


def test_a_5000_digit_number_in_guidepress_toml_is_a_message(tmp_path):
    path = tmp_path / "guidepress.toml"
    path.write_text("[clinic]\nname = " + "9" * 5000 + "\n")
    with pytest.raises(ContentError, match="guidepress.toml: not valid TOML"):
        load_workspace(path)
