"""An ``@counter-style`` rule that would make a huge marker (a pad of millions, a
symbol repeated without end) is refused before any box is built, naming the stylesheet
or the template that defines it; one within the bounds numbers a list as asked."""

from __future__ import annotations

import pytest
from conftest import folded

from guidepress.render.counters import MAX_PAD, MAX_SYMBOL, MAX_TEXT

LIST = '<ol class="steps" style="list-style: big inside"><li>Rest.</li><li>Ice.</li></ol>'

TOO_MUCH = {
    "a wide pad": (f'system: cyclic; symbols: "x"; pad: {MAX_PAD * 400} "0"', "padded to"),
    "a long symbol": (f'system: cyclic; symbols: "{"x" * (MAX_SYMBOL + 1)}"', "a symbol of"),
    "a long pad symbol": (f'system: cyclic; symbols: "x"; pad: 3 "{"0" * (MAX_SYMBOL + 1)}"',
                          "a symbol of"),
    "symbols repeated without a range": ('system: symbolic; symbols: "*"', "endless text"),
    "symbols repeated over a wide range": (f'system: symbolic; symbols: "*"; range: 1 {MAX_TEXT * 2}',
                                           f"{MAX_TEXT * 2:,}-character text"),
    "additive ones without a range": ('system: additive; additive-symbols: 5 "v", 1 "i"',
                                      "endless text"),
}


def _routine(run_cli, *options):
    return run_cli("routine", "--patient", "Ana", "-e", "plank", *options, "-o", "ana.pdf")


@pytest.mark.parametrize("rule, said", TOO_MUCH.values(), ids=TOO_MUCH.keys())
def test_a_counter_style_in_a_stylesheet_past_a_bound_is_refused_naming_it(
        run_cli, tmp_path, rule, said):
    styles = tmp_path / "S"
    styles.mkdir()
    (styles / "custom.css").write_text(f"@counter-style big {{ {rule} }}\n"
                                       "ol.steps { list-style: big inside }\n")
    result = _routine(run_cli, "--styles", styles)
    message = folded(result.output)
    assert result.exit_code == 1 and "Traceback" not in message, message
    assert "custom.css: it defines @counter-style big" in message and said in message, message
    assert not (tmp_path / "ana.pdf").exists()


def test_a_counter_style_in_a_template_past_a_bound_is_refused_naming_it(run_cli, tmp_path):
    folder = tmp_path / "T"
    folder.mkdir()
    (folder / "routine.html").write_text(
        '{% extends "builtin/routine.html" %}{% block notes %}<style>@counter-style big '
        f'{{ system: cyclic; symbols: "x"; pad: 40000 "0" }}</style>{LIST}{{% endblock %}}\n')
    result = _routine(run_cli, "--templates", folder)
    message = folded(result.output)
    assert result.exit_code == 1 and "Traceback" not in message, message
    assert "template routine.html: it defines @counter-style big padded to 40,000" in message
    assert not (tmp_path / "ana.pdf").exists()


@pytest.mark.parametrize("rule", ['system: cyclic; symbols: "x"; pad: 3 "0"',
                                  'system: symbolic; symbols: "*" "+"; range: 1 20',
                                  'system: additive; range: 1 3999; additive-symbols: '
                                  '1000 "M", 500 "D", 100 "C", 50 "L", 10 "X", 5 "V", 1 "I"'])
def test_a_counter_style_within_the_bounds_numbers_the_list(run_cli, tmp_path, rule):
    styles = tmp_path / "S"
    styles.mkdir()
    (styles / "custom.css").write_text(f"@counter-style big {{ {rule} }}\n"
                                       "ol.steps { list-style: big inside }\n")
    result = _routine(run_cli, "--styles", styles)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("rule", [
    f'ol.steps {{ list-style-type: symbols(symbolic "{"x" * 50}"); counter-reset: list-item 500 }}',
    'ol.steps li::before { content: counter(list-item, symbols(symbolic "*")) } '
    'ol.steps { counter-reset: list-item 5000 }',
])
def test_a_counter_text_past_the_bound_without_a_named_style_is_refused(run_cli, tmp_path, rule):
    """``symbols()`` in a list style, or a counter set high, makes its text without any
    ``@counter-style`` rule to check: the text itself is bounded where it is made."""
    styles = tmp_path / "S"
    styles.mkdir()
    (styles / "custom.css").write_text(rule + "\n")
    result = _routine(run_cli, "--styles", styles)
    message = folded(result.output)
    assert result.exit_code == 1 and "Traceback" not in message, message
    assert f"(at most {MAX_TEXT:,})" in message and "list marker or counter text" in message
    assert not (tmp_path / "ana.pdf").exists()


@pytest.mark.parametrize("counter", [("symbols()", ("symbolic", "*")),
                                     ("symbols()", ("additive",))])
def test_a_counter_text_is_measured_before_it_is_made(monkeypatch, counter):
    """``counter-reset: list-item 2000000000`` once made a 2-billion-character text
    before it was measured: the bound is checked first."""
    from weasyprint.css.counters import CounterStyle

    from guidepress.errors import HeavyLayout
    from guidepress.render.counters import bounded_counter_style

    made = []
    monkeypatch.setattr(CounterStyle, "render_value", lambda self, value, *a, **k: made.append(value)
                        or "1")
    styles = bounded_counter_style({})
    if counter[1] == ("additive",):  # an additive style of one-character symbols
        counter = {"system": (None, "additive", None), "additive_symbols": ((1, ("string", "i")),),
                   "symbols": None, "range": None}
    else:
        counter = styles.resolve_counter(counter)
    with pytest.raises(HeavyLayout, match="at most 1,000"):
        styles.render_value(2_000_000_000, counter=counter)
    assert made == []
    assert styles.render_value(3, counter=counter) == "1" and made == [3]
