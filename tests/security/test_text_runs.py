"""One text too long for the text library to lay out at once (Pango asked for hundreds
of megabytes for 20 million characters, and GLib aborted the process with no message)
is refused before it reaches Pango, naming the template or stylesheet that made it,
however it was made: a template, ``content`` with CSS variables, an SVG ``<text>``."""

from __future__ import annotations

import pytest
from conftest import folded

import guidepress.render.cssvars as cssvars
import guidepress.render.textruns as textruns
from guidepress.content import svgcheck
from guidepress.content.svgcheck import svg_problem


def _routine(run_cli, *options):
    return run_cli("routine", "--patient", "Ana", "-e", "plank", *options, "-o", "ana.pdf")


def _refused(result, tmp_path, *said):
    message = folded(result.output)
    assert result.exit_code == 1 and "Traceback" not in message, message
    assert all(words in message for words in said), message
    assert not (tmp_path / "ana.pdf").exists()


def _styles(tmp_path, css: str):
    styles = tmp_path / "S"
    styles.mkdir()
    (styles / "custom.css").write_text(css)
    return styles


def test_a_template_printing_one_long_text_is_refused_naming_it(run_cli, tmp_path, monkeypatch):
    monkeypatch.setattr(textruns, "MAX_RUN", 3000)
    folder = tmp_path / "T"
    folder.mkdir()
    (folder / "routine.html").write_text(
        '{% extends "builtin/routine.html" %}{% block notes %}'
        '<p>{% for i in "abcd" %}{{ "x" * 1000 }}{% endfor %}</p>{% endblock %}\n')
    _refused(_routine(run_cli, "--templates", folder), tmp_path, "template routine.html",
             "lays out one text of 4,000 characters", "more than the 3,000")


def test_generated_content_of_repeated_variables_is_refused(run_cli, tmp_path, monkeypatch):
    monkeypatch.setattr(textruns, "MAX_RUN", 3000)
    long = "x" * 1000
    styles = _styles(tmp_path, f':root {{ --s: "{long}" }}\n'
                               "h1::after { content: var(--s) var(--s) var(--s) var(--s) }\n")
    _refused(_routine(run_cli, "--styles", styles), tmp_path, "lays out one text of 4,0")


def test_a_text_within_the_bound_is_laid_out(run_cli, tmp_path, monkeypatch):
    monkeypatch.setattr(textruns, "MAX_RUN", 3000)
    styles = _styles(tmp_path, f'h1::after {{ content: "{"x" * 2000}" }}\n')
    result = _routine(run_cli, "--styles", styles)
    assert result.exit_code == 0, result.output


def test_variables_nested_to_a_huge_value_are_refused_naming_the_stylesheet(
        run_cli, tmp_path, monkeypatch):
    monkeypatch.setattr(cssvars, "MAX_EXPANDED", 5000)
    levels = [':root { --a: "' + "x" * 100 + '";']
    for inner, outer in zip("abcd", "bcde"):
        levels.append(f"--{outer}: " + " ".join([f"var(--{inner})"] * 10) + ";")
    styles = _styles(tmp_path, "\n".join(levels) + " }\nh1::after { content: var(--e) }\n")
    _refused(_routine(run_cli, "--styles", styles), tmp_path, "custom.css: its --",
             "expands to more than 5,000 characters through var()")


def test_a_rule_repeating_a_long_variable_is_refused(run_cli, tmp_path, monkeypatch):
    monkeypatch.setattr(cssvars, "MAX_EXPANDED", 5000)
    styles = _styles(tmp_path, f':root {{ --s: "{"x" * 1000}" }}\n'
                               "h1::after { content: " + " ".join(["var(--s)"] * 6) + " }\n")
    _refused(_routine(run_cli, "--styles", styles), tmp_path, "custom.css: its h1::after",
             "expands to more than 5,000")


@pytest.mark.parametrize("where", ["<text>{}</text>", "<text><tspan>a</tspan>{}</text>"])
def test_an_svg_text_past_the_bound_is_refused(where):
    svg = ('<svg xmlns="http://www.w3.org/2000/svg">'
           + where.format("x" * (svgcheck.MAX_TEXT + 1)) + "</svg>")
    assert f"holds a text of {svgcheck.MAX_TEXT + 1:,} characters" in svg_problem(svg.encode())
    assert svg_problem(svg.replace("x" * 2, "", 1).encode()) == ""
