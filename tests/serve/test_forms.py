"""The composer's form, checked by the prescription's own rules, and the files it writes."""

from __future__ import annotations

import pytest

from guidepress.content.loader import load_guide
from guidepress.content.prescription import read_prescription, resolve

pytest.importorskip("starlette", reason="guidepress serve needs the extra: pip install guidepress[serve]")

from guidepress.serve.forms import check, from_yaml, to_yaml  # noqa: E402
from guidepress.serve.sheets import download_name  # noqa: E402


@pytest.fixture(scope="module")
def library():
    return load_guide().library


def form(*lines, **fields):
    return {"patient": "Ana García", **fields,
            "exercises": [{"id": i, "dose": d, "note": n} for i, d, n in lines]}


@pytest.mark.parametrize("dose, words", [
    ("3x", '"3x" is not a dose'),
    ("twice", '"twice" is not a dose'),
    ("11x10", "Sets must be within 1-10"),
    ("2x10 9/day", "Times a day must be within 1-5"),
])
def test_a_bad_dose_is_placed_beside_its_exercise_in_plain_words(library, dose, words):
    checked = check(form(("bridge", "2x12", ""), ("plank", dose, "")), library)
    assert not checked.ok
    assert set(checked.doses) == {1}
    assert checked.doses[1].startswith(words)
    assert "3x30s" in checked.doses[1]  # how to write one, with an example
    assert "--exercise" not in checked.doses[1] and "exercises[" not in checked.doses[1]


def test_a_dose_that_looks_like_a_slip_is_a_note_with_the_likely_dose(library):
    checked = check(form(("plank", "3x30", "")), library)
    assert checked.ok
    assert checked.notes[0].endswith('did you mean "3x30s"?')


def test_an_empty_dose_takes_the_librarys(library):
    checked = check(form(("bridge", "", "")), library)
    assert checked.rx.items[0].dose == library.get("bridge").dose


@pytest.mark.parametrize("fields, field, words", [
    ({"patient": ""}, "patient", "Give the patient's name"),
    ({"weeks": "40"}, "weeks", "from 1 to 12"),
    ({"start": "2026-12-10", "follow_up": "2026-12-01"}, "follow_up", "before the programme starts"),
    ({"start": "2026-13-10"}, "start", "not a date"),
])
def test_patient_field_problems_are_placed_by_field(library, fields, field, words):
    checked = check(form(("bridge", "", ""), **fields), library)
    assert not checked.ok
    assert list(checked.fields) == [field]
    assert words in checked.fields[field]
    assert not {"follow_up", "patient_id"} & set(checked.fields[field].split())  # labels, not keys


def test_no_exercise_asks_for_one(library):
    checked = check(form(), library)
    assert checked.general == ["Add at least one exercise from the library."]


def test_an_exercise_twice_is_refused_with_the_prescriptions_own_rule(library):
    checked = check(form(("bridge", "", ""), ("bridge", "2x12", "")), library)
    assert not checked.ok
    assert "already prescribed" in " ".join(checked.general)


def test_a_saved_prescription_is_read_by_the_command_lines_reader(library, tmp_path):
    sent = form(("bridge", "2x12", "slowly"), ("plank", "3x30s 5/week", ""), clinician="Dr Lee",
                start="2026-12-14", weeks="3", follow_up="2027-01-04")
    checked = check(sent, library)
    path = tmp_path / "ana.yaml"
    path.write_text(to_yaml(checked.rx, sent["exercises"]), encoding="utf-8")
    rx = resolve(read_prescription(path), library, "x")
    assert [(p.exercise.id, p.dose, p.note) for p in rx.items] == [
        (p.exercise.id, p.dose, p.note) for p in checked.rx.items]
    assert (rx.form.patient, rx.form.weeks, str(rx.form.follow_up)) == ("Ana García", 3, "2027-01-04")
    reopened = from_yaml(path.read_text(encoding="utf-8"), "ana.yaml", library)
    assert reopened["exercises"] == sent["exercises"]
    assert reopened["start"] == "2026-12-14" and reopened["clinician"] == "Dr Lee"


def test_an_opened_file_with_a_mistake_names_the_file_and_line(library):
    from guidepress.errors import ContentError

    with pytest.raises(ContentError, match=r"visit\.yaml.*exercises"):
        from_yaml("patient: Ana\nexercises:\n  - bridge 2x12\n  - brdge 2x12\n", "visit.yaml", library)
    with pytest.raises(ContentError, match=r"visit\.yaml.*paitent"):
        from_yaml("paitent: Ana\nexercises: [bridge]\n", "visit.yaml", library)


def test_a_non_ascii_file_name_is_kept_for_the_browser():
    header = download_name("Ana-García-routine.pdf")
    assert "filename*=UTF-8''Ana-Garc%C3%ADa-routine.pdf" in header
    assert header.split(";")[1].strip().isascii()


@pytest.mark.parametrize("sent, words", [
    ({"patient": "x" * 2001, "exercises": []}, "patient: at most 2000 characters"),
    ({"patient": "A", "exercises": [{"id": "bridge"}] * 101}, "a sheet takes at most 100"),
    ({"patient": ["A"], "exercises": []}, "patient: expected text"),
    ({"patient": "A", "exercises": "bridge"}, "expected a list of exercises"),
])
def test_a_form_out_of_bounds_is_a_message_not_a_cut(library, sent, words):
    from guidepress.errors import ContentError

    with pytest.raises(ContentError, match=words):
        check(sent, library)
