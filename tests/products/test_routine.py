"""Routine sheets: content, tracker, layout options, fillable fields, bad input, names."""

from __future__ import annotations

import pytest
from conftest import DATA, normalise, pdf_text
from pypdf import PdfReader

from guidepress.content.loader import load_guide
from guidepress.content.prescription import load_prescription
from guidepress.owned import RECORD

ANA = DATA / "prescriptions" / "ana.yaml"


@pytest.fixture(scope="module")
def source():
    return load_guide()


@pytest.fixture(scope="module")
def ana(source):
    return load_prescription(ANA, source.library)


def test_sheet_from_a_prescription_file(run_cli, tmp_path, ana):
    result = run_cli("routine", ANA)
    assert result.exit_code == 0, result.output
    target = tmp_path / "output" / "Ana-García-routine.pdf"
    text = pdf_text(target)
    assert "Ana García" in text and "Dr Lee" in text and "Riverside Physiotherapy" in text
    for item in ana.items:
        assert normalise(item.exercise.name) in text
        assert item.dose.summary() in text
        assert normalise(item.exercise.steps[0]) in text
    assert "Squeeze your buttocks at the top." in text
    assert "Stop and get help" in text and "29 Dec 2026" in text
    reader = PdfReader(target)
    assert reader.metadata.title == "Your home exercise programme: Ana García"
    assert f"Page 1 of {len(reader.pages)}" in text


def test_quick_form_on_the_command_line(run_cli, tmp_path):
    result = run_cli("routine", "--patient", "Ana García", "--clinician", "Dr Lee",
                     "--exercise", "plank 3x30s", "--exercise", "bird-dog 2x8 2/day",
                     "--weeks", "2", "--start", "2026-12-01", "--follow-up", "2026-12-29",
                     "--notes", "Keep moving.", "-o", "ana.pdf")
    assert result.exit_code == 0, result.output
    text = pdf_text(tmp_path / "ana.pdf")
    assert "3 sets, hold 30 s" in text and "2 sets of 8, each side, twice a day" in text
    assert "Week 2" in text and "Week 3" not in text
    assert "1 Dec" in text and "14 Dec" in text and "15 Dec" not in text
    # the daily tracker's second box a day is for the one exercise done twice a day
    said = normalise(text)
    assert normalise("2 a day. The sessions after the first are for Bird Dog only.") in said


@pytest.mark.parametrize("weeks", [1, 4, 12])
def test_fillable_tracker_has_a_tick_and_a_pain_box_for_every_day(run_cli, tmp_path, weeks):
    result = run_cli("routine", "--patient", "A", "-e", "bridge", "--weeks", weeks,
                     "--fillable", "-o", "a.pdf")
    assert result.exit_code == 0, result.output
    fields = PdfReader(tmp_path / "a.pdf").get_fields()
    ticks = [n for n in fields if n.endswith("-done")]
    pains = [n for n in fields if n.endswith("-pain")]
    assert len(ticks) == len(pains) == weeks * 7
    # the notes box is optional: a tracker that runs past its page (12 weeks) takes the
    # room it would have, and the notes never get a page of their own
    assert ("notes" in fields) == (weeks < 12)
    assert fields[ticks[0]]["/FT"] == "/Btn" and fields[pains[0]]["/FT"] == "/Tx"


def test_printed_sheet_has_no_form_fields(run_cli, tmp_path):
    run_cli("routine", "--patient", "A", "-e", "bridge", "-o", "a.pdf")
    assert not PdfReader(tmp_path / "a.pdf").get_fields()


@pytest.mark.parametrize("per_page", [1, 2])
def test_cards_per_page_stay_whole(run_cli, tmp_path, per_page, ana):
    result = run_cli("routine", ANA, "--per-page", per_page, "-o", "a.pdf")
    assert result.exit_code == 0, result.output
    # the cards' text: the tracker's help (after its title) names the exercises done twice a day
    pages = [normalise(page.extract_text()).split(normalise("Your progress"))[0]
             for page in PdfReader(tmp_path / "a.pdf").pages]
    for item in ana.items:
        ex = item.exercise
        holding = [i for i, text in enumerate(pages) if normalise(ex.name) in text]
        assert len(holding) == 1, f"{ex.name} on pages {holding}"
        assert normalise(ex.stop_if[-1]) in pages[holding[0]]  # the card's end, on its page
    for text in pages:
        assert sum(normalise(item.exercise.name) in text for item in ana.items) <= per_page


@pytest.mark.parametrize("per_page", [3, 4])
def test_more_cards_a_page_than_the_type_allows_is_refused(run_cli, per_page):
    result = run_cli("routine", ANA, "--per-page", per_page, "-o", "a.pdf")
    assert result.exit_code != 0
    said = " ".join(result.stderr.replace("│", " ").split())
    assert f"'{per_page}' is not one of '1', '2', '6'" in said


SIX = ["plank 3x30s", "bird-dog 2x8 2/day", "bridge 2x12", "cat-cow 1x10 2/day",
       "side-plank 2x20s", "hamstring-stretch 2x30s"]


def test_six_exercises_as_a_compact_list_share_the_first_page_with_their_steps(
        run_cli, tmp_path, source):
    """--per-page 6 does what it says: the six cards on page 1, each with its steps in short."""
    args = [a for dose in SIX for a in ("-e", dose)]
    result = run_cli("routine", "--patient", "Margaret O'Sullivan-Fernández", "--clinician",
                     "Dr Priya Raman", "--weeks", 4, *args, "--per-page", 6, "-o", "a.pdf")
    assert result.exit_code == 0, result.output
    pages = [normalise(page.extract_text()) for page in PdfReader(tmp_path / "a.pdf").pages]
    for dose in SIX:
        ex = source.library.resolve(dose.split()[0])
        assert normalise(ex.name) in pages[0], ex.name
        for line in ex.short_steps:
            assert normalise(line) in pages[0], (ex.name, line)
        assert all(normalise(ex.name) not in text for text in pages[1:] if "Your progress" not in text)


def test_twelve_exercises_as_a_compact_list(run_cli, tmp_path, source):
    names = [e.id for e in sorted(source.library, key=lambda e: -len(" ".join(e.steps)))][:12]
    args = [a for name in names for a in ("-e", name)]
    result = run_cli("routine", "--patient", "A", *args, "--per-page", 6, "-o", "a.pdf")
    assert result.exit_code == 0, result.output
    reader = PdfReader(tmp_path / "a.pdf")
    assert len(reader.pages) <= 5  # rows of about 50 mm, then the tracker, safety box and notes
    text = normalise(" ".join(page.extract_text() for page in reader.pages))
    for name in names:
        ex = source.library.resolve(name)
        assert normalise(ex.name) in text and normalise(ex.short_steps[0]) in text


@pytest.mark.parametrize("args, message", [
    (["-e", "brige 2x10"], 'unknown exercise "brige" (did you mean "bridge"?)'),
    (["-e", "plank 3x30"], None),
    (["-e", "plank 11x30s"], 'dose "plank 11x30s": sets must be within 1-10'),
    (["-e", "bridge 2x101"], "reps must be within 1-100"),
    (["-e", "plank 1x301s"], "hold must be within 1-300 s"),
    (["-e", "bridge 2x10 6/day"], "times a day must be within 1-5"),
    (["-e", "bridge 2x10 8/week"], "days a week must be within 1-7"),
    (["-e", "bridge two sets"], 'dose "bridge two sets"'),
    (["-e", "bridge", "-e", "Bridge 2x12"], 'is already prescribed (--exercise #1)'),
])
def test_bad_input(run_cli, tmp_path, args, message):
    result = run_cli("routine", "--patient", "A", *args, "-o", "a.pdf")
    if message is None:  # reps for a held exercise are the clinician's call
        assert result.exit_code == 0
        return
    assert result.exit_code == 1
    assert message in " ".join(result.stderr.split())
    assert not (tmp_path / "a.pdf").exists()


def test_bad_dose_shows_the_grammar(run_cli):
    result = run_cli("routine", "--patient", "A", "-e", "bridge 2y10")
    assert result.exit_code == 1
    assert "<exercise> <sets>x<reps>" in result.stderr


def test_more_than_twelve_exercises_warns_but_renders(run_cli, tmp_path, source):
    args = [a for e in source.library.ids[:13] for a in ("-e", e)]
    result = run_cli("routine", "--patient", "A", *args, "--per-page", 6, "-o", "a.pdf")
    assert result.exit_code == 0
    assert "13 exercises prescribed" in result.stderr
    assert (tmp_path / "a.pdf").exists()


def test_file_and_options_together_is_an_error(run_cli):
    result = run_cli("routine", ANA, "--patient", "Bob")
    assert result.exit_code == 1
    assert "either a prescription file or --patient" in result.stderr


def test_bad_prescription_file_names_file_and_line(run_cli, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(ANA.read_text(encoding="utf-8").replace("weeks: 4", "wekes: 4"), encoding="utf-8")
    result = run_cli("routine", bad)
    assert result.exit_code == 1
    assert 'bad.yaml line 7, wekes: unknown key (did you mean "weeks"?)' in result.stderr


@pytest.mark.parametrize("name", ["Ana García", "王小明", "محمد علي", "Zoë Ñúñez-Øster"])
def test_names_in_other_scripts_come_out_right(run_cli, tmp_path, name):
    result = run_cli("routine", "--patient", name, "-e", "bridge")
    assert result.exit_code == 0, result.output
    pdfs = list((tmp_path / "output").glob("*.pdf"))
    assert len(pdfs) == 1 and pdfs[0].name.endswith("-routine.pdf")
    assert name.split()[0] in pdfs[0].name
    assert name in pdf_text(pdfs[0])


def test_another_patients_sheet_is_never_overwritten(run_cli, tmp_path):
    first = run_cli("routine", "--patient", "Ana García", "-e", "bridge")
    again = run_cli("routine", "--patient", "Ana García", "-e", "plank")
    assert first.exit_code == again.exit_code == 0
    assert sorted(p.name for p in (tmp_path / "output").iterdir()) == [RECORD, "Ana-García-routine.pdf"]
    # a different patient whose name makes the same file name gets the next name
    other = run_cli("routine", "--patient", "Ana/García", "-e", "bridge")
    assert other.exit_code == 0
    assert "Ana-García-routine-2.pdf" in other.stdout and "another patient" in other.stderr
    assert "Ana/García" in pdf_text(tmp_path / "output" / "Ana-García-routine-2.pdf")
    assert "Ana García" in pdf_text(tmp_path / "output" / "Ana-García-routine.pdf")
    # an explicit -o onto another patient's sheet is refused unless --force
    refused = run_cli("routine", "--patient", "Bob", "-e", "bridge", "-o", "output/Ana-García-routine.pdf")
    assert refused.exit_code == 1 and "--force" in refused.stderr
    forced = run_cli("routine", "--patient", "Bob", "-e", "bridge", "-o",
                     "output/Ana-García-routine.pdf", "--force")
    assert forced.exit_code == 0


def test_a_long_tracker_runs_on_under_its_heading(run_cli, tmp_path):
    """Twelve weeks, a week a row, run past a page: the table breaks between weeks
    and starts under its heading, never leaving the heading alone on a page."""
    result = run_cli("routine", "--patient", "A", "-e", "bridge", "--weeks", "12", "-o", "a.pdf")
    assert result.exit_code == 0, result.output
    pages = [page.extract_text() for page in PdfReader(tmp_path / "a.pdf").pages]
    heading = next(n for n, text in enumerate(pages) if "Your progress" in text)
    assert "Week 1" in pages[heading] and "Week 12" in pages[heading + 1]
    assert sum("Week 12" in text for text in pages) == 1
