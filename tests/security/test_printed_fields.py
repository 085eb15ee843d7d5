"""What a roster row or the command line prints is bounded and visible: a name of
thousands of characters would take minutes to lay out, and one of zero-width spaces
would print a sheet that names nobody."""

from __future__ import annotations

import re

import pytest
from conftest import folded, pdf_text

from guidepress.batch.export import GuideSet
from guidepress.content.prescription import MAX_NAME, MAX_NOTES
from guidepress.content.roster import check_rows, read_roster


@pytest.fixture(scope="module")
def guides():
    return GuideSet(None)


def _rows(tmp_path, lines: list[str], guides):
    path = tmp_path / "roster.csv"
    path.write_text("id,patient,clinician,clinic,notes,exercises\n" + "\n".join(lines) + "\n",
                    encoding="utf-8")
    rows = read_roster(path)
    check_rows(rows, guides.library)
    return rows


@pytest.mark.parametrize("column, limit", [("patient", MAX_NAME), ("clinician", MAX_NAME),
                                           ("clinic", MAX_NAME), ("notes", MAX_NOTES)])
def test_a_huge_printed_cell_fails_its_row_alone_and_says_the_limit(tmp_path, guides, column, limit):
    values = {"patient": "Ana", "clinician": "Dr Ruiz", "clinic": "Centro", "notes": "Rest"}
    values[column] = "y" * 19_999  # within the roster's cell cap, far beyond what prints
    big = ",".join(["a1", *values.values(), "plank 3x30s"])
    rows = _rows(tmp_path, [big, "a2,Bob,Dr Ruiz,Centro,Rest,plank 3x30s"], guides)
    assert [r.ok for r in rows] == [False, True]
    assert rows[0].problems == [f'column "{column}": 19,999 characters; '
                                f"{'a note' if column == 'notes' else 'a name or id'} may have "
                                f"at most {limit:,}: shorten it"]


def test_a_name_at_the_limit_is_kept(tmp_path, guides):
    rows = _rows(tmp_path, [f"a1,{'p' * MAX_NAME},{'c' * MAX_NAME},,{'n' * MAX_NOTES},plank"], guides)
    assert rows[0].ok, rows[0].problems
    assert rows[0].prescription.form.patient == "p" * MAX_NAME


def test_an_exercise_note_is_bounded_too(tmp_path, guides):
    path = tmp_path / "roster.yaml"
    path.write_text("- id: a1\n  patient: Ana\n  exercises:\n    - dose: plank 3x30s\n"
                    f"      note: {'x' * (MAX_NOTES + 1)}\n", encoding="utf-8")
    rows = read_roster(path)
    check_rows(rows, guides.library)
    assert not rows[0].ok and f"at most {MAX_NOTES:,}" in " ".join(rows[0].problems)


@pytest.mark.parametrize("blank", ["\u200b\u200b", "\u200d", "\ufeff \u2060", "\u3164", "\u00a0"])
def test_a_name_that_prints_nothing_is_empty_so_the_id_prints(tmp_path, guides, blank):
    rows = _rows(tmp_path, [f'p2,"{blank}",,,,plank 3x30s'], guides)
    assert rows[0].ok, rows[0].problems
    assert rows[0].prescription.who == "p2"


def test_a_name_with_a_zero_width_space_inside_is_kept(tmp_path, guides):
    rows = _rows(tmp_path, ["p2,Ana\u200bMaría,,,,plank 3x30s"], guides)
    assert rows[0].prescription.who == "Ana\u200bMaría"


def test_a_blank_patient_on_the_command_line_is_refused(run_cli, tmp_path):
    result = run_cli("routine", "--patient", "\u200b\u200b", "-e", "plank", "-o", "a.pdf")
    assert result.exit_code == 1 and "give the patient's name or an id" in folded(result.output)
    assert not (tmp_path / "a.pdf").exists()


def test_a_long_clinician_on_the_command_line_names_the_option(run_cli, tmp_path):
    result = run_cli("routine", "--patient", "Ana", "--clinician", "y" * 5000, "-e", "plank",
                     "-o", "a.pdf")
    assert result.exit_code == 1
    assert f"--clinician: 5,000 characters; a name or id may have at most {MAX_NAME:,}" \
        in folded(result.output)


def test_the_longest_fields_print_quickly(run_cli, tmp_path, monkeypatch):
    """At the caps, with no place to break a line, the sheet still lays out in time."""
    monkeypatch.setenv("GUIDEPRESS_LAYOUT_SECONDS", "30")
    result = run_cli("routine", "--patient", "p" * MAX_NAME, "--clinician", "y" * MAX_NAME,
                     "--clinic", "z" * MAX_NAME, "--notes", "x" * MAX_NOTES, "-e", "plank",
                     "-o", "a.pdf")
    assert result.exit_code == 0, result.output
    assert "p" * 20 in pdf_text(tmp_path / "a.pdf")



def _set_intro(guide_copy, intro: str) -> None:
    guide = guide_copy / "guide.yaml"
    text = guide.read_text(encoding="utf-8")
    text, found = re.subn(r"(?m)^intro: \|\n(?:(?:  .*)?\n)+", f'intro: "{intro}"\n', text, count=1)
    assert found
    guide.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("intro, what", [
    ("*a" * 9000, "more than 20 pieces of emphasis, links or code joined into one word"),
    ("*a* " * 1001, "more than 1,000 pieces of emphasis, links or code in one paragraph")])
def test_a_guide_text_marking_too_much_is_refused_naming_the_key(run_cli, guide_copy, tmp_path,
                                                                 monkeypatch, intro, what):
    """``*a*a*a...`` in an intro ran past the layout time limit and blamed the stylesheets."""
    monkeypatch.setenv("GUIDEPRESS_LAYOUT_SECONDS", "20")
    _set_intro(guide_copy, intro)
    result = run_cli("handout", "-g", guide_copy, "-o", "h.pdf")
    assert result.exit_code == 1, result.output
    message = folded(result.output)
    assert "guide.yaml, intro: " + what in message and "put spaces between them" in message
    assert not (tmp_path / "h.pdf").exists()


def test_a_guide_text_with_some_joined_emphasis_still_prints(run_cli, guide_copy, tmp_path):
    _set_intro(guide_copy, "*a" * 40 + " and *b*" * 200)
    result = run_cli("handout", "-g", guide_copy, "-o", "h.pdf")
    assert result.exit_code == 0, result.output
