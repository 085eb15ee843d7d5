"""Templates get data, not objects: every value a product's template can reach is
plain (text, numbers, dates, markup, lists, dicts), so no model method such as
pydantic's ``parse_raw``/``parse_file`` is there to unpickle a string or read a file."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import jinja2
import pytest
from conftest import DATA, FIXTURE_GUIDE
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from guidepress.config.workspace import Clinic
from guidepress.content.loader import DEFAULT_GUIDE, load_guide
from guidepress.content.prescription import load_prescription
from guidepress.errors import TemplateError
from guidepress.look.paper import Paper
from guidepress.look.resources import Resources
from guidepress.render.context import base_context
from guidepress.render.product import fill_template

LEAVES = {str, Markup, int, float, bool, Decimal, dt.date, dt.datetime, type(None)}
SOURCE = load_guide(DEFAULT_GUIDE)


class Received(Exception):
    """Raised instead of filling a template: carries the context it was given."""

    def __init__(self, context: dict):
        self.context = context


def _receive(self, *args, **kwargs):
    raise Received(dict(*args, **kwargs))


def _products() -> dict:
    from guidepress.products.handout import render_booklet_pages, render_handout, write_library_sheet
    from guidepress.products.posters import render_card, render_poster
    from guidepress.products.routine import render_routine

    rx = load_prescription(DATA / "prescriptions" / "ana.yaml", SOURCE.library)
    made = {
        "handout": lambda: render_handout(SOURCE),
        "booklet": lambda: render_booklet_pages(SOURCE),
        "routine": lambda: render_routine(SOURCE, rx),
        "routine-compact": lambda: render_routine(SOURCE, rx, per_page=6, tracker="per-exercise",
                                                  fillable=True),
        "card": lambda: render_card(SOURCE),
        "contact-sheet": lambda: write_library_sheet(SOURCE, Path("unused.pdf")),
    }
    for design in SOURCE.guide.posters:
        made[f"poster-{design.id}"] = lambda d=design.id: render_poster(SOURCE, d)
    return made


PRODUCTS = _products()


def received(product: str, monkeypatch) -> dict:
    """The context the product's template is filled with."""
    monkeypatch.setattr(jinja2.Template, "render", _receive)
    with pytest.raises(Received) as caught:
        PRODUCTS[product]()
    return caught.value.context


def reachable(value, where="context"):
    """Every value a template can reach from ``value``, with where it is; what the one
    function in a context (``exercise(name)``) gives is followed for every exercise."""
    yield where, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from reachable(item, f"{where}[{key!r}]")
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            yield from reachable(item, f"{where}[{i}]")
    elif callable(value):
        for exercise in SOURCE.library:
            yield from reachable(value(exercise.id), f"{where}({exercise.id!r})")


def is_plain(value) -> bool:
    if type(value) in LEAVES or type(value) in (list, tuple):
        return True
    # a dict, or the labels' dict: nothing a template can call beyond a dict's own methods
    return isinstance(value, dict) and not {n for n in dir(value) if not n.startswith("_")} - set(dir({}))


@pytest.mark.parametrize("product", sorted(PRODUCTS))
def test_every_value_a_product_template_receives_is_plain_data(product, monkeypatch):
    context = received(product, monkeypatch)
    callables = [where for where, value in reachable(context) if callable(value)]
    assert callables == ["context['exercise']"]
    not_plain = [f"{where}: {type(value).__name__}" for where, value in reachable(context)
                 if not callable(value) and not is_plain(value)]
    assert not not_plain, not_plain[:5]


# What a hostile template tries on every value it can reach.
def attempts(tmp_path: Path) -> list[str]:
    payload = f"cos\nmkdir\n(S'{tmp_path / 'MARK'}'\ntR."  # a pickle that makes a folder when loaded
    (tmp_path / "payload.pickle").write_bytes(payload.encode())
    secret = tmp_path / "secret.json"
    return [
        f"v.parse_raw({payload!r}, proto='pickle', allow_pickle=True)",
        f"v.parse_raw({payload!r}, content_type='application/pickle', allow_pickle=True)",
        f"v.parse_file({str(tmp_path / 'payload.pickle')!r}, proto='pickle', allow_pickle=True)",
        f"v.parse_file({str(secret)!r})",
        "v.model_validate_json('{\"title\": \"x\"}')",
        "v.__class__", "v.construct()", "v.model_construct()", "v.copy()", "v.json()",
        "v.dict()", "v.model_dump()", "v.schema()", "v.model_json_schema()",
        "v.__class__.__init__.__globals__",
    ]


@pytest.fixture
def secret(tmp_path) -> str:
    # a whole guide, so that a model reading it would print its title
    guide = SOURCE.guide.model_copy(update={"title": "SECRET-7f3a"})
    (tmp_path / "secret.json").write_text(guide.model_dump_json())
    return "SECRET-7f3a"


@pytest.mark.parametrize("product", ["handout", "routine", "poster-core-series", "card"])
def test_model_methods_are_nowhere_a_template_can_reach(product, monkeypatch, tmp_path, secret):
    context = received(product, monkeypatch)
    monkeypatch.undo()
    kinds = {}  # one value of each kind the template can reach
    for where, value in reachable(context):
        kinds.setdefault(type(value), (where, value))
    env = Resources().environment
    for code in attempts(tmp_path):
        template = env.from_string("{{ " + code + " }}")
        for where, value in kinds.values():
            try:
                out = template.render(v=value)
            except (jinja2.TemplateError, TypeError, ValueError, LookupError) as exc:
                out = str(exc)
            assert not (tmp_path / "MARK").exists(), f"{code} on {where} ran a pickle"
            assert secret not in out, f"{code} on {where} read a file"
            assert "BaseModel" not in out and "pydantic" not in out, f"{code} on {where}"


@pytest.mark.parametrize("code", [
    "{{ guide.parse_raw(PAYLOAD, proto='pickle', allow_pickle=True) }}",
    "{{ exercise('bridge').parse_raw(PAYLOAD, proto='pickle', allow_pickle=True) }}",
    "{{ guide.sections[0].parse_file(PICKLE, proto='pickle', allow_pickle=True) }}",
    "{{ cover.exercise.dose.parse_raw(PAYLOAD, proto='pickle', allow_pickle=True) }}",
    "{{ guide.safety.groups[0].parse_raw(PAYLOAD, content_type='application/pickle', allow_pickle=True) }}",
    "{{ guide.parse_file(SECRET).title }}",
])
def test_a_templates_folder_cannot_run_a_pickle_or_read_a_file(code, run_cli, tmp_path, secret):
    mark = tmp_path / "MARK"
    payload = f"cos\nmkdir\n(S'{mark}'\ntR."
    (tmp_path / "payload.pickle").write_bytes(payload.encode())
    code = (code.replace("PAYLOAD", repr(payload)).replace("PICKLE", repr(str(tmp_path / "payload.pickle")))
            .replace("SECRET", repr(str(tmp_path / "secret.json"))))
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "handout.html").write_text('{% extends "builtin/handout.html" %}\n'
                                         "{% block summary %}\n" + code + "\n{% endblock %}\n")
    result = run_cli("handout", "--templates", folder, "-o", "h.pdf")  # the built-in guide
    assert result.exit_code == 1, result.output
    assert "template handout.html" in result.output and "line 3" in result.output
    assert "Traceback" not in result.output and secret not in result.output
    assert not mark.exists() and not (tmp_path / "h.pdf").exists()


def test_a_model_slipped_into_a_context_is_refused_before_any_template_sees_it(tmp_path):
    context = base_context(load_guide(FIXTURE_GUIDE), Paper.a4)
    context["clinic_settings"] = [Clinic(name="Riverside")]
    (tmp_path / "handout.html").write_text("{{ guide.title }}")
    with pytest.raises(TypeError, match=r"context\['clinic_settings'\]\[0\]: a .*Clinic is not plain"):
        fill_template(Resources((tmp_path,)), "handout.html", context)


# The gate itself: plain data passes unchanged, anything else anywhere is named.
PLAIN = st.recursive(
    st.one_of(st.text(max_size=5), st.integers(), st.floats(allow_nan=False), st.booleans(),
              st.none(), st.dates(), st.text(max_size=5).map(Markup)),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.tuples(inner, inner),
                            st.dictionaries(st.text(max_size=3), inner, max_size=3)),
    max_leaves=12)
OBJECTS = st.sampled_from([object(), Clinic(name="x"), Paper.a4.sheet.__class__, print,
                           Path("/etc/passwd"), b"bytes", bytearray(b"x"), range(3)])


@settings(max_examples=150, deadline=None)
@given(PLAIN)
def test_plain_data_passes_the_gate_unchanged(value):
    from guidepress.render.view import plain

    assert plain(value) == value


@settings(max_examples=150, deadline=None)
@given(PLAIN, OBJECTS, st.integers(0, 3))
def test_anything_else_anywhere_is_refused_by_the_gate(value, thing, depth):
    from guidepress.render.view import plain

    for level in range(depth):
        thing = {"k": [value, thing]} if level % 2 else [value, (thing,)]
    with pytest.raises(TypeError, match="is not plain data"):
        plain([value, thing])


def test_a_template_error_still_names_the_template(tmp_path):
    (tmp_path / "handout.html").write_text("\n{{ guide.dict() }}")
    with pytest.raises(TemplateError, match=r"template handout.html.*line 2"):
        fill_template(Resources((tmp_path,)), "handout.html",
                      base_context(load_guide(FIXTURE_GUIDE), Paper.a4))


@pytest.mark.parametrize("name", ["r2.csv", "out/manifest.json", "notes.txt", "sheet.pdf"])
def test_a_template_cannot_include_a_file_that_is_not_a_template(run_cli, tmp_path, name):
    # a templates folder beside a roster or output folder must not print them into a sheet
    templates = tmp_path / "T"
    (templates / "out").mkdir(parents=True)
    (templates / name).write_text("id,patient\nq1,Victim Vera\n")
    (templates / "routine.html").write_text(
        '{% extends "builtin/routine.html" %}{% block notes %}LEAK[{% include "' + name
        + '" %}]{% endblock %}')
    result = run_cli("routine", "--patient", "Ana", "-e", "plank", "--templates", templates, "-o", "a.pdf")
    assert result.exit_code == 1 and "is not a template" in result.output
    assert "Victim" not in result.output and not (tmp_path / "a.pdf").exists()
