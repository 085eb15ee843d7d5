"""The exercise library: loading, lookup by name, and errors that name the file and field."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from guidepress.content.exercises import (
    CATEGORIES, Dose, Exercise, ExerciseLibrary, builtin_library_dir, load_library)
from guidepress.errors import ContentError
from guidepress.look.cardtext import pieces_of

BACK = {"cat-cow", "childs-pose", "downward-dog", "cobra", "triangle", "plank", "bridge",
        "side-plank", "bird-dog", "superman", "swimming", "knee-to-chest", "hamstring-stretch",
        "hip-flexor-stretch", "figure-four-stretch"}
# Beyond the back: the knee, hip and ankle exercises clinics prescribe most.
BEYOND = {"wall-sit", "step-down", "sit-to-stand", "clamshell", "heel-raise", "calf-stretch",
          "squat", "quadriceps-stretch", "straight-leg-raise", "side-lying-leg-raise", "dead-bug",
          "single-leg-balance",
          # Shoulder, neck and upper back, and more for the knee, hip and ankle.
          "banded-row", "banded-external-rotation", "pendulum", "thoracic-extension",
          "single-leg-bridge", "banded-hip-abduction", "split-squat", "neck-side-bend-stretch",
          "wall-push-up", "terminal-knee-extension", "ankle-pumps", "standing-hamstring-curl",
          "heel-slide", "seated-knee-extension"}
IDS = BACK | BEYOND


@pytest.fixture(scope="module")
def library() -> ExerciseLibrary:
    return load_library(builtin_library_dir())


def copy_exercise(tmp_path: Path, id_: str, edit=None) -> Path:
    """Copy one built-in exercise into ``tmp_path``, optionally editing its text."""
    target = tmp_path / f"{id_}.yaml"
    shutil.copy(builtin_library_dir() / f"{id_}.yaml", target)
    if edit:
        target.write_text(edit(target.read_text(encoding="utf-8")), encoding="utf-8")
    return target


def test_all_load_with_every_field(library):
    assert len(library) == len(IDS)
    assert set(library.ids) == IDS
    for exercise in library:
        for field in ("name", "aliases", "purpose", "steps", "short_steps", "tips", "stop_if",
                      "muscles", "easier", "harder", "alt"):
            assert getattr(exercise, field), f"{exercise.id}: {field} is empty"
        assert 3 <= len(exercise.steps) <= 7
        assert exercise.dose.summary()
        assert exercise.link is None or exercise.link.startswith("https://")


def test_order_is_category_then_name(library):
    keys = [(CATEGORIES.index(e.category), e.name.lower()) for e in library]
    assert keys == sorted(keys)
    assert [e.id for e in library] == library.ids


@pytest.mark.parametrize("name, id_", [
    ("Cat-Cow Stretch", "cat-cow"), ("Child’s Pose", "childs-pose"),
    ("Child's Pose", "childs-pose"), ("childs pose", "childs-pose"),
    ("Downward Facing Dog", "downward-dog"), ("downward-facing dog", "downward-dog"),
    ("Cobra Pose", "cobra"), ("Triangle Pose", "triangle"), ("PLANK", "plank"),
    ("Bridge", "bridge"), ("side plank", "side-plank"), ("bird dog", "bird-dog"),
    ("Bird-Dog", "bird-dog"), ("Superman", "superman"), ("Swimming", "swimming"),
    ("glute bridge", "bridge"), ("knee to chest", "knee-to-chest"),
    ("figure 4 stretch", "figure-four-stretch"), ("hamstring-stretch", "hamstring-stretch"),
])
def test_names_and_aliases_resolve(library, name, id_):
    assert library.resolve(name).id == id_
    assert name in library


def test_unknown_name_suggests_closest_ids(library):
    with pytest.raises(ContentError, match=r'unknown exercise "brige" \(did you mean "bridge"'):
        library.resolve("brige")
    with pytest.raises(ContentError, match='did you mean "cobra"'):
        library.get("cobar")


def test_check_refs_names_the_file_and_suggests(library):
    found = library.check_refs(["bridge", "Child’s Pose"], Path("patients.csv"))
    assert [e.id for e in found] == ["bridge", "childs-pose"]
    with pytest.raises(ContentError) as err:
        library.check_refs(["bridge", "brige", "plnak"], Path("patients.csv"))
    message = str(err.value)
    assert message.startswith("patients.csv: ")
    assert 'unknown exercise "brige" (did you mean "bridge"' in message
    assert '"plnak" (did you mean "plank"?)' in message


def test_file_name_must_equal_id(tmp_path):
    shutil.copy(builtin_library_dir() / "plank.yaml", tmp_path / "planks.yaml")
    with pytest.raises(ContentError, match=r'planks\.yaml: id "plank" does not match'):
        load_library(tmp_path)


def test_bad_pose_names_exercise_and_joint(tmp_path):
    copy_exercise(tmp_path, "triangle",
                  lambda t: t.replace("\n  end:", "\n  end:\n    near_knee: 170", 1))
    with pytest.raises(ContentError) as err:
        load_library(tmp_path)
    message = str(err.value)
    assert "triangle.yaml" in message
    assert "figure.end.near_knee: 170° flexion is outside the human range 0-155°" in message


def test_extension_past_range_names_the_movement(tmp_path):
    copy_exercise(tmp_path, "cobra", lambda t: t.replace("spine: -15", "spine: -40", 1))
    with pytest.raises(ContentError, match=r"figure\.end\.spine: 40° extension is outside "
                                           r"the human range 0-25°"):
        load_library(tmp_path)


def test_missing_steps_names_exercise_and_field(tmp_path):
    def drop_steps(text: str) -> str:
        head, rest = text.split("steps:\n", 1)
        return head + rest.split("tips:", 1)[1].join(["tips:", ""])
    copy_exercise(tmp_path, "bridge", drop_steps)
    with pytest.raises(ContentError, match=r"bridge\.yaml line \d+, steps: required key is missing"):
        load_library(tmp_path)


def test_too_few_and_too_long_steps(tmp_path):
    copy_exercise(tmp_path, "plank", lambda t: t.replace(
        "  - Start with your knees on the floor.",
        "  - Start with your knees on the floor and then " + "very " * 20 + "slowly.", 1))
    with pytest.raises(ContentError, match=r"plank\.yaml line \d+, steps\[1\]: this step has "
                                           r"\d+ words; keep each step to 20"):
        load_library(tmp_path)


def test_short_steps_are_short_and_may_be_left_out(tmp_path):
    """The steps in short (a compact list's lines) are 1-3 lines of 8 words at most; an
    exercise of a clinic's own may leave them out (a compact list prints its steps)."""
    copy_exercise(tmp_path, "plank", lambda t: t.replace(
        '  - "Hold, then lower your knees."', '  - "Hold, then lower your knees to the floor slowly."', 1))
    with pytest.raises(ContentError, match=r"plank\.yaml line \d+, short_steps\[2\]: this step has "
                                           r"9 words; keep each step to 8"):
        load_library(tmp_path)
    copy_exercise(tmp_path, "plank", lambda t: re.sub(r"short_steps:\n(  - .*\n)+", "", t))
    plank = load_library(tmp_path).get("plank").model_dump()
    assert plank["short_steps"] is None
    assert pieces_of(plank, detail=False)[0].items == plank["steps"]  # the full steps instead


def test_out_of_range_dose_names_exercise_and_field(tmp_path):
    copy_exercise(tmp_path, "bridge", lambda t: t.replace("sets: 2", "sets: 12", 1))
    with pytest.raises(ContentError, match=r"bridge\.yaml line \d+, dose\.sets: .*10"):
        load_library(tmp_path)


def test_dose_needs_exactly_one_measure(tmp_path):
    copy_exercise(tmp_path, "plank", lambda t: t.replace("hold_seconds: 20", "hold_seconds: 20\n  reps: 5", 1))
    with pytest.raises(ContentError, match=r"plank\.yaml line \d+, dose: give exactly one of reps, "
                                           r"hold_seconds or minutes \(found reps and hold_seconds\)"):
        load_library(tmp_path)


def test_unknown_key_suggests_the_right_one(tmp_path):
    copy_exercise(tmp_path, "bridge", lambda t: t.replace("stop_if:", "stopif:", 1))
    with pytest.raises(ContentError, match=r'stopif: unknown key \(did you mean "stop_if"\?\)'):
        load_library(tmp_path)


def test_link_must_be_a_web_address(tmp_path):
    copy_exercise(tmp_path, "plank", lambda t: t.replace("\nfigure:", "\nlink: ftp://example.org/plank\nfigure:", 1))
    with pytest.raises(ContentError, match=r"plank\.yaml line \d+, link: .*https://"):
        load_library(tmp_path)


def test_a_name_used_twice_is_an_error(tmp_path):
    copy_exercise(tmp_path, "bridge")
    copy_exercise(tmp_path, "plank", lambda t: t.replace("Plank Hold,", "Glute Bridge,", 1))
    with pytest.raises(ContentError, match=r'the name "Glute Bridge" is also used by "bridge"'):
        load_library(tmp_path)


def test_empty_folder_is_an_error(tmp_path):
    with pytest.raises(ContentError, match="no exercise files"):
        load_library(tmp_path)


@pytest.mark.parametrize("dose, text", [
    (dict(sets=2, reps=10), "2 sets of 10, every day"),
    (dict(sets=3, hold_seconds=30, per_day=2, per_week=5),
     "3 sets, hold 30 s, twice a day, 5 days a week"),
    (dict(sets=1, reps=12, per_week=3), "12 times, 3 days a week"),
    (dict(sets=2, hold_seconds=30, each_side=True), "2 sets, hold 30 s, each side, every day"),
    (dict(minutes=10, per_week=3), "10 minutes, 3 days a week"),
    (dict(sets=1, reps=5, per_day=3, per_week=1), "5 times, 3 times a day, once a week"),
    (dict(sets=1, reps=10, per_day=2), "10 times, twice a day, every day"),
])
def test_dose_summary(dose, text):
    assert Dose(**dose).summary() == text


def test_json_schema_describes_every_field():
    schema = Exercise.model_json_schema()
    for name, prop in schema["properties"].items():
        assert prop.get("description"), name
    for model in ("Dose", "Pose", "Figure"):
        for name, prop in schema["$defs"][model]["properties"].items():
            assert prop.get("description"), f"{model}.{name}"


def test_every_built_in_exercise_names_its_body_regions():
    from guidepress.content.exercises import REGIONS

    library = load_library(builtin_library_dir())
    assert all(e.regions and set(e.regions) <= set(REGIONS) for e in library)


def test_the_library_filters_by_category_and_region(run_cli):
    import json

    knee = json.loads(run_cli("exercises", "--json", "--region", "knee").output)
    assert knee and all("knee" in e["regions"] for e in knee)
    stretches = json.loads(run_cli("exercises", "--json", "--category", "stretch", "--region", "hip").output)
    assert {e["id"] for e in stretches} >= {"hip-flexor-stretch", "figure-four-stretch"}
    assert all(e["category"] == "stretch" and "hip" in e["regions"] for e in stretches)
    wrong = run_cli("exercises", "--region", "elbw")
    assert wrong.exit_code == 2 and "choose one of neck, shoulder, elbow" in " ".join(wrong.output.split())


@pytest.mark.parametrize("language", ["en", "es"])
def test_built_in_purposes_say_what_an_exercise_does_without_naming_a_condition(language):
    # the library serves every guide: a knee patient's sheet must not promise relief of the back
    library = load_library(builtin_library_dir(), language)
    for exercise in library:
        purpose = exercise.purpose.lower()
        assert "pain" not in purpose and "dolor" not in purpose, purpose
        relief = any(word in purpose for word in ("ease", "relieve", "alivi"))
        back = any(word in purpose for word in ("lower back", "parte baja de la espalda"))
        assert not (relief and back), purpose
