"""Property tests: whatever a user types, the dose grammar, name templates and the
YAML content loader give a result or our own error, never another exception."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from guidepress.content.doses import parse_dose
from guidepress.content.exercises import builtin_library_dir, load_library
from guidepress.content.guide import Guide
from guidepress.content.prescription import PrescriptionFile
from guidepress.content.yamlfile import load_model
from guidepress.errors import GuidepressError
from guidepress.files import fill_name

LIBRARY = load_library(builtin_library_dir(), "en")
QUICK = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces of the dose grammar, so generated text is often nearly right.
WORDS = st.sampled_from(["bridge", "plank", "cat-cow", "bird-dog", "Bridge", "x", "×", "s", "min",
                         "sec", "/day", "/week", "/d", "/w", "2x12", "3x30s", "1x20min", "0x0",
                         "99999999999999999999x1", "5/week", "2/day", "9/day", "-1", " ", "\t"])
DOSES = st.one_of(st.text(max_size=40), st.lists(st.one_of(WORDS, st.integers(-5, 10**30).map(str)),
                                                 max_size=6).map(" ".join))


@QUICK
@given(DOSES)
def test_any_dose_text_parses_or_is_our_error(text):
    try:
        item = parse_dose(text, LIBRARY)
    except GuidepressError as exc:
        assert str(exc)
    else:
        assert item.exercise.id in {e.id for e in LIBRARY}
        assert 1 <= item.dose.sets <= 10


FIELDS = {"id": "a1", "patient": "Ana García", "clinician": "Dr Lee", "date": "2026-12-01"}
TEMPLATES = st.one_of(st.text(max_size=30), st.lists(st.sampled_from(
    ["{", "}", "{id}", "{patient}", ":", ">999", "!r", ".__class__", "[0]", "x", "{{", "}}", "{}",
     "{0}", "-"]), max_size=8).map("".join))


@QUICK
@given(TEMPLATES)
def test_any_name_template_fills_or_is_our_error(template):
    try:
        name = fill_name(template, FIELDS)
    except GuidepressError as exc:
        assert "plain fields" in str(exc)
    else:
        assert "__" not in name or "__" in template  # nothing from Python's insides
        if "{" not in template and "}" not in template:
            assert name == template


KEYS = st.sampled_from(["title", "version", "reviewed", "author", "sections", "id", "heading",
                        "body", "items", "text", "lead", "faq", "entries", "patient", "exercises",
                        "date", "start", "weeks", "follow_up", "notes", "per_page", "x"])
SCALARS = st.one_of(st.sampled_from(["2026-02-30", "9999-12-31", "2026-10-01", "no", "~", "null",
                                     "0x1F", "012", "1e999", ".inf", "'1'", '"a"', "&a x", "*a",
                                     "!!python/object:os.system", "[", "{", "|", "bridge 2x12"]),
                    st.integers().map(str), st.text(max_size=12))


def _yaml(depth=2):
    value = SCALARS if depth == 0 else st.one_of(SCALARS, st.deferred(lambda: _yaml(depth - 1)))
    mapping = st.dictionaries(KEYS, value, max_size=5).map(
        lambda d: "{" + ", ".join(f"{k}: {v}" for k, v in d.items()) + "}")
    listing = st.lists(value, max_size=4).map(lambda items: "[" + ", ".join(items) + "]")
    return st.one_of(mapping, listing)


DOCUMENTS = st.one_of(
    st.text(max_size=200),
    st.lists(st.tuples(KEYS, st.one_of(SCALARS, _yaml())), max_size=8).map(
        lambda pairs: "".join(f"{k}: {v}\n" for k, v in pairs)),
)


@QUICK
@given(DOCUMENTS, st.sampled_from([Guide, PrescriptionFile]))
def test_any_yaml_text_loads_or_is_our_error(text, model):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "content.yaml"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        try:
            result = load_model(model, path)
        except GuidepressError as exc:
            assert str(exc)
        else:
            assert isinstance(result, model)
