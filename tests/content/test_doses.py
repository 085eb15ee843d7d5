"""The dose grammar and prescriptions: parsing, ranges, duplicates, names."""

from __future__ import annotations

import pytest

from guidepress.content.doses import parse_dose
from guidepress.content.exercises import builtin_library_dir, load_library
from guidepress.content.prescription import PrescriptionFile, resolve
from guidepress.errors import ContentError
from guidepress.files import safe_stem


@pytest.fixture(scope="module")
def library():
    return load_library(builtin_library_dir())


@pytest.mark.parametrize("text, expected", [
    ("bridge 2x12", dict(sets=2, reps=12)),
    ("plank 3x30s 5/week", dict(sets=3, hold_seconds=30, per_week=5)),
    ("cat-cow 1x10 2/day 7/week", dict(sets=1, reps=10, per_day=2, per_week=7)),
    ("Bird Dog 2 x 8 2/day", dict(sets=2, reps=8, per_day=2)),
    ("Child's Pose 1x45s", dict(sets=1, hold_seconds=45)),
    ("swimming 1x20min 3/week", dict(sets=1, minutes=20, per_week=3)),
])
def test_parses_the_grammar(library, text, expected):
    item = parse_dose(text, library)
    for key, value in expected.items():
        assert getattr(item.dose, key) == value
    measures = {"reps", "hold_seconds", "minutes"}
    given = measures & expected.keys()
    assert all(getattr(item.dose, m) is None for m in measures - given)


def test_bare_name_takes_the_library_default(library):
    item = parse_dose("bridge", library)
    assert item.dose == library.get("bridge").dose


def test_frequency_not_given_keeps_the_library_default(library):
    default = library.get("plank").dose
    item = parse_dose("plank 3x30s", library)
    assert (item.dose.per_day, item.dose.per_week) == (default.per_day, default.per_week)


@pytest.mark.parametrize("text, reason", [
    ("plank 11x30s", "sets must be within 1-10"),
    ("bridge 2x101", "reps must be within 1-100"),
    ("plank 1x301s", "hold must be within 1-300 s"),
    ("bridge 2x10 6/day", "times a day must be within 1-5"),
    ("bridge 2x10 8/week", "days a week must be within 1-7"),
    ("bridge 2x10 3/day 4/day", "given twice"),
    ("bridge 2y10", "does not follow the grammar"),
])
def test_bad_doses_quote_the_dose_and_show_the_grammar(library, text, reason):
    with pytest.raises(ContentError) as caught:
        parse_dose(text, library)
    message = str(caught.value)
    assert f'dose "{text}"' in message and reason in message
    assert "<sets>x<reps>" in message


def test_unknown_exercise_suggests_ids(library):
    with pytest.raises(ContentError, match=r'unknown exercise "brige".*did you mean "bridge"'):
        parse_dose("brige 2x10", library)


def test_same_exercise_twice_is_an_error(library):
    form = PrescriptionFile(patient="A", exercises=["bridge 2x10", "Bridge 3x12"])
    with pytest.raises(ContentError, match=r"exercises\[1\]: \"Bridge\" is already prescribed \(exercises\[0\]\)"):
        resolve(form, library, "exercises[{i}]")


def test_more_than_twelve_exercises_warns(library):
    form = PrescriptionFile(patient="A", exercises=library.ids[:13])
    assert "13 exercises prescribed" in resolve(form, library, "exercises[{i}]").warnings[0]


@pytest.mark.parametrize("name, expected", [
    ("Ana García", "Ana-García"), ("../../escape", "escape"), ("CON", "_CON"),
    ("   ", "sheet"), (".hidden", "hidden"), ("王小明", "王小明"), ("محمد علي", "محمد-علي"),
    ("a/b\\c:d", "a-b-c-d"),
])
def test_safe_file_names(name, expected):
    assert safe_stem(name) == expected


def test_long_names_are_cut_on_a_character_boundary():
    stem = safe_stem("é" * 300)
    assert len(stem.encode()) <= 120 and set(stem) == {"é"}


# --- doses that look like slips -------------------------------------------------------

@pytest.mark.parametrize("text, meant", [
    ("plank 3x30", "plank 3x30s"),                      # a held exercise in repetitions
    ("side-plank 2 x 20 5/week", "side-plank 2x20s 5/week"),
    ("bridge 2x12s 2/day", "bridge 2x12 2/day"),        # a repeated one in seconds
    ("swimming 1x20", "swimming 1x20min"),              # a timed one in repetitions
])
def test_a_dose_in_another_measure_is_a_warning_with_the_likely_meaning(library, text, meant):
    form = PrescriptionFile(patient="Ann", exercises=["cat-cow", text])
    rx = resolve(form, library, "--exercise #{n}")
    assert len(rx.warnings) == 1
    assert rx.warnings[0].startswith(f'--exercise #2: dose "{text}": ')
    assert f'did you mean "{meant}"?' in rx.warnings[0]
    with pytest.raises(ContentError, match="did you mean"):
        resolve(form, library, "--exercise #{n}", strict=True)


@pytest.mark.parametrize("text", ["plank 3x30s", "bridge 2x12", "swimming 1x20min 3/week", "bridge",
                                  "plank"])
def test_a_dose_in_the_exercise_own_measure_is_no_slip(library, text):
    assert resolve(PrescriptionFile(patient="Ann", exercises=[text]), library, "#{n}",
                   strict=True).warnings == []


@pytest.mark.parametrize("name", ["COM¹", "lpt²", "CONIN$", "conout$.pdf", "aux.tar.gz", "com3", "Nul"])
def test_every_name_windows_reserves_is_prefixed(name):
    assert safe_stem(name).startswith("_")
