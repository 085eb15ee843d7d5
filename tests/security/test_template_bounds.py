"""Templates are bounded: a template that tries to make gigabytes of text or loop
for hours fails at once with a message naming the template and the line."""

from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest
from conftest import FIXTURE_GUIDE, folded
from hypothesis import given, settings
from hypothesis import strategies as st

from guidepress.content.loader import load_guide
from guidepress.errors import TemplateError
from guidepress.look.paper import Paper
from guidepress.look.resources import Resources
from guidepress.render.context import base_context
from guidepress.render.product import fill_template

CONTEXT = base_context(load_guide(FIXTURE_GUIDE), Paper.a4)

# Each within the repetition counts Jinja's sandbox allowed before, and each a bomb.
BOMBS = [
    "{{ ('x' * 10000) * 10000 }}",
    "{{ (['x'] * 10000) * 1000 }}",
    "{{ '%0999999999d' % 1 }}",
    "{{ '%.999999999f' % 1.5 }}",
    "{{ '%*d' % (999999999, 1) }}",
    "{{ '%s' | format('x') * 2 }}{{ '%0999999999d' | format(1) }}",
    "{{ '{:>999999999}'.format(1) }}",
    "{{ '{0:{1}}'.format(1, 999999999) }}",
    "{{ '{x:>999999999}'.format_map({'x': 1}) }}",
    "{{ ('{0}' * 5000).format('y' * 5000) }}",
    "{{ labels.page.format() ~ '{:>999999999}'.format(2) }}",
    "{% set s = ('x' * 10000) * 90 %}{{ s ~ s }}",
    "{% set s = ('x' * 10000) * 90 %}{{ s + s }}",
    "{{ ('x' * 10000) | join('y' * 10000) }}",
    "{{ ('y' * 10000).join('x' * 10000) }}",
    "{{ 'x' | center(999999999) }}",
    "{{ 'x'.ljust(999999999) }}{{ 'x'.zfill(999999999) }}",
    "{{ ('\t' * 1000).expandtabs(999999) }}",
    "{{ (('x' * 10000) * 10).replace('', 'y' * 100) }}",
    "{{ (('x' * 10000) * 10) | replace('x', 'y' * 100) }}",
    "{{ (('x\\n' * 10000) * 10) | indent(1000) }}",
    "{{ (('x ' * 10000) * 10) | wordwrap(1, wrapstring='y' * 100) }}",
    "{{ [1] | batch(999999999, 'x') | list }}",
    "{{ [1] | slice(999999999) | list }}",
    "{{ ([['x'] * 10000] * 100) | sum(start=[]) }}",
    "{% set s = 'x' * 10000 %}{% for a in s %}{% for b in s %}{% endfor %}{% endfor %}",
    "{% for a in ('x' * 10000) * 100 %}{{ a }}{% endfor %}",
    "{% set s = ('x' * 10000) * 99 %}{% for i in 'x' * 1000 %}{{ s }}{% endfor %}",
    "{% for i in ('x' * 10000) * 2 %}" + "x" * 30000 + "{% endfor %}",
    "{% set s = ('x' * 10000) * 50 %}{% for i in ('x' * 10000) * 4 %}{{ s | markdown | length }}{% endfor %}",
    "{% set s = ('x' * 10000) * 50 %}{% for i in ('x' * 10000) * 4 %}{{ s.upper() | length }}{% endfor %}",
    "{{ qr(('x' * 10000) * 90) }}",
    "{{ exercise(('x' * 10000) * 90) }}",
    "{{ (7).to_bytes(999999999, 'big') | length }}",
    "{% macro sq(x, n) %}{{ sq(x * x, n - 1) if n else x % 10 }}{% endmacro %}{{ sq(10 ** 100, 40) }}",
    "{% macro m(n) %}{{ m(n) }}{{ m(n) }}{% endmacro %}{{ m(1) }}",
    "{% for x in [1] recursive %}{{ loop([1, 2]) }}{% endfor %}",
    "{% for x in guide.sections recursive %}{{ loop(guide.sections * 2) }}{% endfor %}",
]

# Small values made huge by printing, joining, formatting or a filter: each took 0.5 to
# 30 seconds and 0.5 to 3.9 GB before its result was refused; now refused before it is made.
# a list that prints as 2**25 ones, made from 25 lists of two items
DOUBLED = "{% macro d(l, n) %}{% if n %}{{ d([l, l], n - 1) }}{% else %}CODE{% endif %}{% endmacro %}{{ d([1], 25) }}"

AMPLIFIERS = [
    "{{ 'x'.encode() * 10**9 }}",
    "{{ '%0999999999d'.encode() % 1 }}",
    "{{ ('x'.encode() * 1000).center(999999999) }}",
    "{{ ('x' | e).center(999999999) }}",  # Markup's own methods
    "{{ ('x' | e).zfill(999999999) }}",
    "{{ ('x' | safe).ljust(999999999) }}",
    "{{ {'a': 1} | tojson(indent=999999999) }}",
    "{{ ([{'a': 'x' * 1000000}] * 1000) | join(attribute='a') }}",
    "{{ ([{'a': 'x' * 1000000}] * 1000) | join('-', 'a') }}",
    "{{ qr('x' * 1000, '{url}' * 200000) }}",
    "{{ ('f' * 200000) | int(base=16) }}",
    "{{ (7).from_bytes('x'.encode() * 200000, 'big') }}",
    "{{ (('a.com ' * 10000) * 50) | urlize(target='y' * 100000) }}",
    *(DOUBLED.replace("CODE", code) for code in [
        "{{ l }}", "{{ l | string }}", "{{ l | e }}", "{{ [l] | join }}", "{{ 'a' ~ l }}",
        "{{ ('x' | e) + l }}", "{{ '%s' % (l,) }}", "{{ '%s' | format(l) }}",
        "{{ '{}'.format(l) }}", "{{ '{0!r}'.format(l) }}", "{{ l | tojson }}", "{{ {'k': l} }}",
        "{{ l | upper }}", "{{ {'a': l} | xmlattr }}", "{{ l | markdown }}"]),
]

# two such lists: comparing them takes as long as printing them (26 doublings: 3 seconds;
# each one more, twice as long)
COMPARED = "{% macro d(l, m, n) %}{% if n %}{{ d([l, l], [m, m], n - 1) }}{% else %}CODE{% endif %}{% endmacro %}{{ d([1], [1], 26) }}"
AMPLIFIERS += [COMPARED.replace("CODE", code) for code in [
    "{{ l == m }}", "{{ [l, m] | sort }}", "{{ l is eq m }}", "{{ [l] | select('eq', m) | list }}",
    "{{ l in [m] }}"]]
BOMBS += AMPLIFIERS


def fill(tmp_path, code: str, name: str = "routine.html") -> str:
    folder = tmp_path / "templates"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(f"<p>\n<b>\n{code}\n</b>")
    return fill_template(Resources((folder,)), name, CONTEXT)


@pytest.mark.parametrize("code", BOMBS)
def test_a_template_bomb_fails_at_once_naming_the_template_and_line(tmp_path, code):
    began = time.perf_counter()
    with pytest.raises(TemplateError) as caught:
        fill(tmp_path, code)
    assert time.perf_counter() - began < 1.0
    message = str(caught.value)
    assert message.startswith("template routine.html") and "line 3" in message, message
    assert any(why in message for why in ("not allowed", "without end", "too long",
                                                 "no exercise has a name of")), message


# Widths, counts and repeats of every size: a result within the bound, or our error.
MAKERS = ["{{{{ 'ab' * {n} }}}}", "{{{{ '%0{n}d' % 7 }}}}", "{{{{ '{{:>{n}}}'.format(7) }}}}",
          "{{{{ 'x' | center({n}) }}}}", "{{{{ 'x'.rjust({n}) }}}}", "{{{{ ['a', 'b'] | join('-' * {n}) }}}}",
          "{{{{ ('x' * 100) | replace('x', 'y' * ({n} // 1000)) }}}}",
          "{{% for i in 'x' * ({n} // 100) %}}{{{{ i }}}}{{% endfor %}}"]


@settings(max_examples=120, deadline=None)
@given(st.sampled_from(MAKERS), st.one_of(st.integers(0, 2000), st.integers(0, 10**12)))
def test_any_size_makes_a_bounded_text_or_our_error(tmp_path_factory, maker, n):
    tmp_path = tmp_path_factory.mktemp("t")
    began = time.perf_counter()
    try:
        html = fill(tmp_path, maker.format(n=n))
    except TemplateError as exc:
        assert "routine.html" in str(exc) and "not allowed" in str(exc)
    else:
        assert len(html) <= 1_000_100  # bounds.MAX_TEXT and the markup around it
    assert time.perf_counter() - began < 1.0


def test_ordinary_loops_and_formatting_stay_allowed(tmp_path):
    html = fill(tmp_path, "{% for c in 'x' * 5000 %}{{ loop.index % 10 }}{% endfor %}|"
                          "{{ '%05d' % 42 }}|{{ '{:>8}'.format('ok') }}|{{ labels.page }}")
    assert html.split("\n")[2].split("|")[1:] == ["00042", "      ok", "page"]


def test_a_bomb_in_a_templates_folder_stops_the_command_cleanly(run_cli, tmp_path):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "routine.html").write_text('{% extends "builtin/routine.html" %}\n{% block notes %}\n'
                                         "{{ '{:>999999999}'.format(guide.title) }}\n{% endblock %}\n")
    result = run_cli("routine", "-g", FIXTURE_GUIDE, "--patient", "Ana", "-e", "bridge 2x12",
                     "--templates", folder, "-o", "ana.pdf")
    assert result.exit_code == 1, result.output
    assert "template routine.html" in result.output and "line 3" in result.output
    assert "not allowed" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "ana.pdf").exists()


def test_work_nothing_counts_is_stopped_by_the_clock(tmp_path, monkeypatch):
    from guidepress.look import bounds

    monkeypatch.setattr(bounds, "MAX_SECONDS", 0.05)
    with pytest.raises(TemplateError, match=r"routine.html line 3\): runs for more than 0.05 seconds"):
        fill(tmp_path, "{% set s = ('x' * 10000) * 100 %}"
                       "{% for i in ('x' * 10000) * 4 %}{% if 'y' in s %}{% endif %}{% endfor %}")


@pytest.mark.parametrize("css", ["@page { size: 5000000mm 5000000mm !important; }",
                                 "body { font-size: 1e30px }", "p { font-size: 1e300px }"])
def test_a_page_or_font_too_large_to_lay_out_is_a_message(run_cli, tmp_path, css):
    styles = tmp_path / "S"
    styles.mkdir()
    (styles / "custom.css").write_text(css)
    result = run_cli("routine", "--patient", "Ana", "-e", "plank", "--styles", styles, "-o", "a.pdf")
    assert result.exit_code == 1 and "too large to lay out" in result.output, result.output
    assert "Traceback" not in result.output and not (tmp_path / "a.pdf").exists()


def test_pprint_which_indents_by_a_key_is_not_a_filter(tmp_path):
    with pytest.raises(TemplateError, match="No filter named 'pprint'"):
        fill(tmp_path, "{{ {('k' * 500000): [1, 2, 3] * 1000} | pprint }}")


def test_a_filter_given_the_wrong_kind_of_value_is_a_message(tmp_path):
    with pytest.raises(TemplateError, match=r"routine.html line 3\): AttributeError"):
        fill(tmp_path, "{{ 10 | wordwrap(1) }}")


def test_ordinary_lists_dicts_and_json_still_print(tmp_path):
    html = fill(tmp_path, "{{ {'k': [1, 2]} | tojson(indent=2) }}|{{ ['a', 'b'] | join('-') }}|"
                          "{{ [{'a': 'x'}, {'a': 'y'}] | join(',', attribute='a') }}|{{ 'a' ~ [1, 2] }}|"
                          "{{ [1, 2] }}|{{ qr('https://example.org', 'QR: {url}') | length > 100 }}")
    parts = html.split("\n</b>")[0].split("\n<b>\n")[1].split("|")
    assert json.loads(parts[0].replace("&#34;", '"')) == {"k": [1, 2]}
    assert parts[1:] == ["a-b", "x,y", "a[1, 2]", "[1, 2]", "True"]


PEAK = """
import resource, sys, tempfile, pathlib
sys.path.insert(0, sys.argv[1])
from conftest import FIXTURE_GUIDE
from guidepress.content.loader import load_guide
from guidepress.errors import TemplateError
from guidepress.look.paper import Paper
from guidepress.look.resources import Resources
from guidepress.render.context import base_context
from guidepress.render.product import fill_template
context = base_context(load_guide(FIXTURE_GUIDE), Paper.a4)
folder = pathlib.Path(tempfile.mkdtemp()) / "templates"
folder.mkdir()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
for number, code in enumerate(sys.argv[2:]):
    (folder / f"t{number}.html").write_text(code)
    try:
        fill_template(Resources((folder,)), f"t{number}.html", context)
    except TemplateError:
        pass
print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024)
"""


def test_refusing_the_largest_amplifiers_takes_no_memory(tmp_path):
    """Peak memory, measured in a process of its own, grows by less than 100 MB."""
    from pathlib import Path

    codes = [AMPLIFIERS[0], AMPLIFIERS[6], AMPLIFIERS[9], DOUBLED.replace("CODE", "{{ l | string }}")]
    done = subprocess.run([sys.executable, "-c", PEAK, str(Path(__file__).parents[1]), *codes],
                          capture_output=True, text=True, timeout=120, check=True)
    assert int(done.stdout.split()[-1]) < 100, done.stdout


def test_a_number_that_is_not_finite_is_a_value_not_a_traceback(tmp_path):
    """Jinja folds ``"nan" | float`` into the compiled template as the word nan: it was a
    NameError (a traceback) as soon as the value was used again."""
    html = fill(tmp_path, "{{ ('nan' | float) * 2 }}|{{ [('inf' | float), ('-inf' | float)] }}|"
                          "{{ {'a': 'nan' | float} | length }}|{{ ('inf' | float) > 10 ** 100 }}")
    assert html.split("\n")[2].split("|") == ["nan", "[inf, -inf]", "1", "True"]
    with pytest.raises(TemplateError, match=r"routine.html line 3\): nan is not a length"):
        fill(tmp_path, "{{ ('nan' | float) | css_mm }}")
    with pytest.raises(TemplateError, match=r"routine.html line 3\): OverflowError"):
        fill(tmp_path, "{{ ('inf' | float) | int }}")


@pytest.mark.parametrize("opens", ['<div>', '<span>', '<table><tr><td>', '<b>'])
def test_html_nested_thousands_deep_is_refused_before_layout(run_cli, tmp_path, opens):
    folder = tmp_path / "T"
    folder.mkdir()
    (folder / "routine.html").write_text('{% extends "builtin/routine.html" %}\n{% block notes %}'
                                         f'{{% for c in ("x" * 3000)|list %}}{opens}{{% endfor %}}x'
                                         "{% endblock %}\n")
    started = time.monotonic()
    result = run_cli("routine", "--patient", "Ana", "-e", "plank", "--templates", folder,
                     "-o", "ana.pdf")
    assert result.exit_code == 1, result.output
    message = folded(result.output)
    assert "template routine.html: its HTML nests elements" in message and "more than the 100" in message
    assert "Traceback" not in result.output and not (tmp_path / "ana.pdf").exists()
    assert time.monotonic() - started < 30


@pytest.mark.parametrize("html", ["<ul>" + "<li>x" * 3000 + "</ul>", "<p>x" * 3000,
                                  "<div>" * 60 + "x" + "</div>" * 60, "<p><b><i>x</p>" * 500])
def test_html_the_parser_keeps_shallow_is_not_refused(html):
    from guidepress.render.depth import MAX_DEPTH, parsed_depth, refuse_deep

    refuse_deep(html, "routine.html")
    assert parsed_depth(html) <= MAX_DEPTH
