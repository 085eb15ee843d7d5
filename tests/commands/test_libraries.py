"""A guide's own exercises add to the shared library (a workspace's, or the built-in one):
both are used on one sheet, a guide exercise may replace a shared one, and an unknown
name says where it was looked for."""

from __future__ import annotations

import json

from conftest import FIXTURE_GUIDE, own_exercise, pdf_text

KNEE_PURPOSE = "Strengthens the muscles that steady your knee."


def test_a_prescription_uses_the_guides_own_exercise_and_a_shared_one(run_cli, knee_workspace):
    (knee_workspace / "rx.yaml").write_text(
        "guide: knee\npatient: Ann\nexercises: [quad-set 3x30s, bridge 2x10]\n")
    done = run_cli("routine", "rx.yaml", "-o", "ann.pdf")
    assert done.exit_code == 0, done.output
    text = pdf_text(knee_workspace / "ann.pdf")
    assert "Quad Set" in text and "Bridge" in text


def test_the_library_listing_says_where_each_exercise_comes_from(run_cli, knee_workspace):
    done = run_cli("exercises", "--guide", "knee", "--json", "--category", "core")
    assert done.exit_code == 0, done.output
    rows = {row["id"]: row for row in json.loads(done.stdout)}
    assert rows["quad-set"]["from"] == "guide" and rows["bridge"]["from"] == "workspace"
    assert not rows["bridge"]["replaces_shared"]
    table = run_cli("exercises", "--guide", "knee", "--region", "hip")
    assert table.exit_code == 0 and "workspace" in table.stdout


def test_outside_a_workspace_the_shared_library_is_the_built_in_one(run_cli, tmp_path):
    knee = tmp_path / "knee"
    own_exercise(knee / "exercises", "quad-set", "Quad Set")
    for path in FIXTURE_GUIDE.iterdir():
        (knee / path.name).write_bytes(path.read_bytes())
    done = run_cli("exercises", "--guide", knee, "--json")
    assert done.exit_code == 0, done.output
    origins = {row["id"]: row["from"] for row in json.loads(done.stdout)}
    assert origins["quad-set"] == "guide" and origins["bridge"] == "built-in"


def test_an_unknown_exercise_names_both_libraries_and_the_closest_ids(run_cli, knee_workspace):
    (knee_workspace / "rx.yaml").write_text("guide: knee\npatient: Ann\nexercises: [qad-set, bridge]\n")
    refused = run_cli("routine", "rx.yaml", "-o", "ann.pdf")
    assert refused.exit_code == 1
    message = " ".join(refused.output.split())
    assert 'unknown exercise "qad-set" (did you mean "quad-set"?)' in message
    own, shared = knee_workspace / "guides" / "knee" / "exercises", knee_workspace / "guide" / "exercises"
    assert f"the guide's exercises ({own}) and the shared library ({shared})" in message
    assert not (knee_workspace / "ann.pdf").exists()


def test_a_roster_row_with_an_unknown_exercise_names_both_libraries(run_cli, knee_workspace):
    (knee_workspace / "r.csv").write_text("id,patient,guide,exercises\na1,Ann,knee,squat-jump\n")
    done = run_cli("batch", "r.csv", "--out", "sheets", "--workers", "1")
    assert done.exit_code == 1
    message = " ".join(done.output.split())
    assert 'unknown exercise "squat-jump"' in message
    assert str(knee_workspace / "guides" / "knee" / "exercises") in message
    assert f"shared library ({knee_workspace / 'guide' / 'exercises'})" in message


def test_a_guide_exercise_replaces_the_shared_one_and_check_says_so(run_cli, knee_workspace):
    own = knee_workspace / "guides" / "knee" / "exercises"
    own_exercise(own, "bridge", "Bridge", like="bridge", purpose=KNEE_PURPOSE,
                 aliases="[Glute Bridge]")
    done = run_cli("routine", "--guide", "knee", "--patient", "Ann", "-e", "glute bridge",
                   "-o", "ann.pdf")
    assert done.exit_code == 0, done.output
    text = pdf_text(knee_workspace / "ann.pdf")
    assert KNEE_PURPOSE in text and "muscles along your back" not in text
    checked = run_cli("check", "--guide", "knee", "--json")
    found = [f for f in json.loads(checked.stdout)["findings"] if f["check"] == "exercise-override"]
    assert [f["level"] for f in found] == ["info"]
    assert str(own / "bridge.yaml") in found[0]["message"]
    assert str(knee_workspace / "guide" / "exercises" / "bridge.yaml") in found[0]["message"]
    listed = json.loads(run_cli("exercises", "--guide", "knee", "--json").stdout)
    assert [r["from"] for r in listed if r["replaces_shared"]] == ["guide"]


def test_a_guide_exercise_may_not_take_a_shared_exercises_name(run_cli, knee_workspace):
    own = knee_workspace / "guides" / "knee" / "exercises"
    own_exercise(own, "quad-set", "Quad Set", aliases="[Glute Bridge]")
    refused = run_cli("exercises", "--guide", "knee")
    assert refused.exit_code == 1
    message = " ".join(refused.output.split())
    assert f'{own / "quad-set.yaml"}: the name "Glute Bridge" is also used by "bridge"' in message
    assert str(knee_workspace / "guide" / "exercises" / "bridge.yaml") in message


def test_languages_lists_the_guides_own_exercise_texts_apart(run_cli, knee_workspace):
    done = run_cli("languages", "--guide", "knee")
    assert done.exit_code == 0, done.output
    lines = done.stdout.splitlines()
    assert "exercises: en (English), es (español)" in lines  # the shared library's
    assert "exercises (the guide's own): en (English)" in lines
