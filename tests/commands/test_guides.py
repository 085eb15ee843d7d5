"""A clinic with several guides: each sheet carries its own guide's safety box."""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import FIXTURE_GUIDE, FIXTURE_SAFETY, pdf_text

BACK_SIGN = "Numbness around your genitals"  # the built-in back guide's emergency sign
HAND_SIGN = "Numbness in your fingers that spreads"  # the hand guide's (FIXTURE_SAFETY)


@pytest.fixture
def clinic(tmp_path):
    """A workspace that lists a hand-care guide, with its own safety part, beside the
    built-in back guide."""
    hand = tmp_path / "guides" / "hand"
    shutil.copytree(FIXTURE_GUIDE, hand)
    with (hand / "guide.yaml").open("a") as text:
        text.write(FIXTURE_SAFETY)
    (tmp_path / "guidepress.toml").write_text('[guides]\nhand = "guides/hand"\n')
    return tmp_path


def flat(path) -> str:
    return " ".join(pdf_text(path).replace("\xa0", " ").split())


def test_a_prescription_that_names_its_guide_prints_that_guide_safety_box(run_cli, clinic):
    (clinic / "rx.yaml").write_text("guide: hand\npatient: Ann\nexercises: [bridge 2x10]\n")
    done = run_cli("routine", "rx.yaml", "-o", "ann.pdf")
    assert done.exit_code == 0, done.output
    text = flat(clinic / "ann.pdf")
    assert HAND_SIGN in text and BACK_SIGN not in text
    # without a guide the sheet is the built-in guide's
    (clinic / "rx2.yaml").write_text("patient: Bob\nexercises: [bridge 2x10]\n")
    unnamed = run_cli("routine", "rx2.yaml", "-o", "bob.pdf")
    assert unnamed.exit_code == 0  # but warned: this workspace has guides of its own
    assert "rx2.yaml names no guide" in " ".join(unnamed.output.split())
    text = flat(clinic / "bob.pdf")
    assert BACK_SIGN in text and HAND_SIGN not in text


def test_an_unknown_guide_names_the_known_ones_and_how_to_add_one(run_cli, clinic):
    (clinic / "rx.yaml").write_text("guide: knee\npatient: Ann\nexercises: [bridge]\n")
    refused = run_cli("routine", "rx.yaml", "-o", "ann.pdf")
    assert refused.exit_code == 1
    assert 'rx.yaml, guide: no guide "knee"' in refused.output
    assert '"back-in-action", "hand"' in refused.output and "[guides]" in refused.output
    assert not (clinic / "ann.pdf").exists()


def test_a_prescription_for_another_guide_than_the_option_is_refused(run_cli, clinic):
    (clinic / "rx.yaml").write_text("guide: hand\npatient: Ann\nexercises: [bridge]\n")
    refused = run_cli("routine", "rx.yaml", "--guide", "back-in-action", "-o", "ann.pdf")
    assert refused.exit_code == 1 and 'for the guide "hand"' in refused.output
    done = run_cli("routine", "--guide", "hand", "--patient", "Cy", "-e", "bridge", "-o", "cy.pdf")
    assert done.exit_code == 0, done.output
    assert HAND_SIGN in flat(clinic / "cy.pdf")


def test_a_batch_mixes_guides_row_by_row(run_cli, clinic):
    (clinic / "roster.csv").write_text("id,patient,guide,exercises\n"
                                       "a1,Ann,hand,bridge 2x10\n"
                                       "b2,Bob,,plank 3x30s\n"
                                       "c3,Cy,knee,bridge\n")
    done = run_cli("batch", "roster.csv", "--out", "sheets", "--workers", "1")
    assert done.exit_code == 1  # the row naming an unknown guide
    assert 'row 4: column "guide": no guide "knee"' in done.output
    assert "1 row(s) name no guide (rows 3)" in " ".join(done.output.split())
    manifest = json.loads((clinic / "sheets" / "manifest.json").read_text())
    files = {e["id"]: e["file"] for e in manifest["rows"] if e.get("file")}
    assert set(files) == {"a1", "b2"}
    # each row records its guide; the header says the batch is mixed and lists them
    assert {e["id"]: e["guide"] for e in manifest["rows"]} == {
        "a1": "hand", "b2": "back-in-action", "c3": "knee"}
    assert manifest["options"]["guide"] == "mixed"
    assert set(manifest["options"]["guides"]) == {"hand", "back-in-action"}
    ann, bob = flat(clinic / "sheets" / files["a1"]), flat(clinic / "sheets" / files["b2"])
    assert HAND_SIGN in ann and BACK_SIGN not in ann
    assert BACK_SIGN in bob and HAND_SIGN not in bob


def test_built_in_exercise_texts_name_no_condition(run_cli, clinic):
    """A hand patient's sheet of built-in exercises says what each does and when to
    stop without the back guide's words (pain down the leg, the spine)."""
    done = run_cli("routine", "--guide", "hand", "--patient", "Ann",
                   "-e", "bridge", "-e", "swimming 1x20min", "-o", "ann.pdf")
    assert done.exit_code == 0, done.output
    text = flat(clinic / "ann.pdf")
    assert "pain that spreads to a new place" in text and "jarring your joints" in text
    assert "down your leg" not in text and "spine" not in text


def test_the_workspace_copy_of_a_built_in_guide_answers_to_its_id(run_cli, tmp_path):
    """``init`` copies the back guide to guide/back-in-action for the clinic to edit: a
    prescription naming back-in-action gets that edited copy, not the built-in one."""
    copy = tmp_path / "guide" / "back-in-action"
    shutil.copytree(FIXTURE_GUIDE, copy)
    with (copy / "guide.yaml").open("a") as text:
        text.write(FIXTURE_SAFETY)
    (tmp_path / "guidepress.toml").write_text('[defaults]\nguide = "guide/back-in-action"\n')
    (tmp_path / "rx.yaml").write_text("guide: back-in-action\npatient: Ann\nexercises: [bridge]\n")
    done = run_cli("routine", "rx.yaml", "-o", "ann.pdf")
    assert done.exit_code == 0, done.output
    text = flat(tmp_path / "ann.pdf")
    assert HAND_SIGN in text and BACK_SIGN not in text


def test_a_build_of_a_guide_without_posters_says_why_it_made_the_handout_only(run_cli, clinic):
    done = run_cli("build", "--guide", "hand", "--out", "out")
    assert done.exit_code == 0, done.output
    assert "the guide has no poster designs (posters: in guide.yaml)" in " ".join(done.output.split())
    assert sorted(p.name for p in (clinic / "out").glob("*.pdf")) == ["hand-handout.pdf"]
