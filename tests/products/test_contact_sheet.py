"""The exercise library in products: handout cards, contact sheet, CLI, bad references."""

from __future__ import annotations

import json
import re

from conftest import body_text, normalise, outline_titles, pdf_text
from pypdf import PdfReader

from guidepress.content.exercises import builtin_library_dir
from guidepress.content.loader import load_guide


def test_handout_has_a_card_for_every_referenced_exercise(run_cli, tmp_path):
    result = run_cli("handout", "-o", "h.pdf")
    assert result.exit_code == 0, result.output
    text = body_text(tmp_path / "h.pdf")
    source = load_guide()
    ids = source.guide.exercise_ids()
    assert len(ids) == 15
    for exercise_id in ids:
        exercise = source.library.get(exercise_id)
        assert normalise(exercise.name) in text
        assert exercise.dose.summary() in text
        for step in exercise.steps:
            assert normalise(step) in text
        assert normalise(exercise.stop_if[0]) in text


def test_contact_sheet_has_one_card_per_exercise(run_cli, tmp_path):
    result = run_cli("exercises", "--sheet", "sheet.pdf")
    assert result.exit_code == 0, result.output
    source = load_guide()
    reader = PdfReader(tmp_path / "sheet.pdf")
    cards = [t for group in outline_titles(reader) if isinstance(group, list) for t in group]
    assert sorted(cards) == sorted(e.name for e in source.library)
    assert len(cards) == len(list(builtin_library_dir().glob("*.yaml")))
    text = pdf_text(tmp_path / "sheet.pdf")
    assert f"{len(source.library)} exercises" in text
    # the library at a glance: compact rows (steps in short), four or more a page on average
    assert len(reader.pages) <= -(-len(cards) // 4)
    assert "Notes" not in text  # an overview for clinicians: no lines to write on as filler
    flat = normalise(text)
    for exercise in source.library:
        assert exercise.dose.summary() in text
        for step in exercise.short_steps or exercise.steps:
            assert normalise(step) in flat


def test_exercises_lists_the_library(run_cli):
    result = run_cli("exercises", "--json")
    rows = json.loads(result.stdout)
    assert {r["id"] for r in rows} >= {"cat-cow", "plank", "swimming", "figure-four-stretch"}
    plank = next(r for r in rows if r["id"] == "plank")
    assert plank["category"] == "core" and plank["dose"]["hold_seconds"] > 0
    table = run_cli("exercises").stdout
    assert re.search(r"bird-dog\s+Bird Dog\s+core", table)


def test_guide_with_an_unknown_exercise(run_cli, guide_copy):
    yaml = guide_copy / "guide.yaml"
    yaml.write_text(yaml.read_text().replace(
        "      - text: Move your fingers every hour while awake.\n",
        "      - text: Move your fingers every hour while awake.\n    exercises: [brige, plank]\n"))
    result = run_cli("handout", "--guide", guide_copy, "-o", "h.pdf")
    assert result.exit_code == 1
    message = " ".join(result.stderr.split())
    assert "guide.yaml, sections[0].exercises" in message
    assert 'unknown exercise "brige" (did you mean "bridge"?)' in message


def test_a_guide_may_bring_its_own_exercises(run_cli, guide_copy):
    import shutil

    from guidepress.content.exercises import builtin_library_dir

    library = guide_copy / "exercises"
    library.mkdir()
    shutil.copy(builtin_library_dir() / "bridge.yaml", library / "bridge.yaml")
    text = (library / "bridge.yaml").read_text().replace("name: Bridge", "name: Hip Bridge")
    (library / "bridge.yaml").write_text(text)
    yaml = guide_copy / "guide.yaml"
    yaml.write_text(yaml.read_text().replace(
        "      - text: Move your fingers every hour while awake.\n",
        "      - text: Move your fingers every hour while awake.\n    exercises: [bridge]\n"))
    result = run_cli("handout", "--guide", guide_copy, "-o", "h.pdf")
    assert result.exit_code == 0, result.output
    assert "Hip Bridge" in pdf_text(guide_copy.parent / "h.pdf")


def test_a_library_of_fifty_exercises_has_its_contact_sheet(run_cli, guide_copy):
    """No one text the contact sheet's template makes grows with the library: fifty
    exercises (each card's figure inline, some 36,000 characters) are within the
    template's bound on one text (1,000,000 characters), as twenty-seven were not."""
    library = guide_copy / "exercises"
    library.mkdir()
    original = (builtin_library_dir() / "bridge.yaml").read_text()
    added = 50 - len(list(builtin_library_dir().glob("*.yaml")))
    for n in range(1, added + 1):
        text = re.sub(r"(?m)^aliases:.*\n", "", original)
        text = text.replace("id: bridge", f"id: bridge-{n}").replace("name: Bridge", f"name: Bridge {n}")
        (library / f"bridge-{n}.yaml").write_text(text)
    result = run_cli("exercises", "--guide", guide_copy, "--sheet", "all.pdf")
    assert result.exit_code == 0, result.output
    reader = PdfReader(guide_copy.parent / "all.pdf")
    cards = [t for group in outline_titles(reader) if isinstance(group, list) for t in group]
    assert len(cards) == 50 and f"Bridge {added}" in cards
