"""The library beyond the back: knee, hip and ankle exercises, validated, drawn and exported,
in both languages, and kept out of the back guide's own sections."""

from __future__ import annotations

import re

import pytest
from test_exercises import BEYOND

from guidepress.content.exercises import CATEGORIES, REGIONS, builtin_library_dir, load_exercise, load_library
from guidepress.content.loader import load_guide
from guidepress.content.posecheck import figure_problems
from guidepress.content.solver import TOLERANCE, staged
from guidepress.figures.export import export_figures

CONDITIONS = re.compile(r"\b(arthritis|osteoarthritis|sciatica|tendinopathy|tendinitis|"
                        r"sprain|patellofemoral|bursitis|pain syndrome|injury|surgery)\b", re.I)


@pytest.fixture(scope="module")
def library():
    return load_library(builtin_library_dir())


@pytest.mark.parametrize("exercise_id", sorted(BEYOND))
def test_each_new_exercise_is_written_as_a_clinic_prescribes_it(library, exercise_id):
    exercise = library.get(exercise_id)
    assert exercise.category in CATEGORIES and exercise.category != "yoga"
    assert exercise.regions and set(exercise.regions) <= set(REGIONS)
    assert "lower-back" not in exercise.regions  # beyond the back
    assert exercise.easier and exercise.harder and exercise.short_steps
    assert len(exercise.stop_if) >= 2
    # A conservative default: a few sets, few reps or a short hold, not every day twice.
    assert exercise.dose.sets <= 3 and exercise.dose.per_day == 1
    assert (exercise.dose.reps or 0) <= 10 and (exercise.dose.hold_seconds or 0) <= 30
    # The purpose says what it does for the patient, not what condition it treats.
    assert not CONDITIONS.search(exercise.purpose)


@pytest.mark.parametrize("exercise_id", sorted(BEYOND))
def test_each_new_figure_passes_the_pose_rules_and_its_contacts_hold(library, exercise_id):
    figure = library.get(exercise_id).figure
    assert figure_problems(figure) == []
    for frame in staged(figure):
        assert all(abs(gap) <= TOLERANCE for gap in frame.gaps.values()), frame.gaps


def test_the_new_exercises_have_their_spanish_texts(library):
    spanish = load_library(builtin_library_dir(), "es")
    assert spanish.warnings == []
    for exercise_id in BEYOND:
        assert spanish.get(exercise_id).name != library.get(exercise_id).name


def test_the_back_guide_lists_only_its_own_exercises(library):
    guide = load_guide().guide
    assert not set(guide.exercise_ids()) & BEYOND
    assert len(guide.exercise_ids()) == 15


def test_every_new_exercise_is_exported(library, tmp_path):
    exercises = [library.get(i) for i in sorted(BEYOND)]
    written = export_figures(exercises, tmp_path)
    names = {p.name for p in written}
    for exercise in exercises:
        for frame in exercise.figure.frame_names:
            assert f"{exercise.id}-{frame}.svg" in names
    svg = (tmp_path / "wall-sit-finish.svg").read_text()
    assert "<title" in svg and "Wall Sit: finish" in svg and "<polygon" in svg  # the wall


def test_the_regions_a_knee_clinic_filters_by(library):
    by_region = {region: {e.id for e in library if region in e.regions} for region in REGIONS}
    assert {"wall-sit", "step-down", "sit-to-stand"} <= by_region["knee"]
    assert "clamshell" in by_region["hip"]
    assert {"heel-raise", "calf-stretch"} <= by_region["ankle-foot"]


def test_the_readme_worked_examples_draw_as_they_say(tmp_path):
    """Each finished figure in the clinician's README passes the pose rules as printed."""
    from content.test_contacts import exercise_file

    readme = (builtin_library_dir() / "README.md").read_text(encoding="utf-8")
    blocks = [b for b in re.findall(r"```yaml\n(.*?)```", readme, re.S)
              if b.startswith("figure:") and "..." not in b]
    assert len(blocks) == 3 and any("contacts:" in b and "props:" in b for b in blocks)
    for i, block in enumerate(blocks):
        exercise = load_exercise(exercise_file(tmp_path, block, id_=f"example-{i}"))
        assert figure_problems(exercise.figure) == [], block
