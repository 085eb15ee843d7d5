"""Red-flag lists as data a clinic can add: the guide's folder, the workspace, built-in."""

from __future__ import annotations

import shutil

import pytest
from conftest import FIXTURE_GUIDE, FIXTURE_SAFETY

from guidepress.check.guide import check_guide
from guidepress.check.safety import load_red_flags, red_flag_lists
from guidepress.content.loader import load_guide
from guidepress.errors import ContentError

KNEE_SAFETY = """
safety:
  heading: Stop and get help
  groups:
    - heading: "Call your local emergency number now if you have:"
      urgent: true
      signs:
        - A hot, swollen knee and you feel unwell or have a fever.
        - You cannot put weight on the leg after a fall or a twist.
        - Pain and swelling in your calf.
        - A numb, cold or pale foot.
    - heading: "Call us within a day or two if:"
      signs:
        - Your knee locks and will not straighten.
        - Your knee gives way.
        - Pain wakes you at night.
        - You lose weight without trying.
        - You have had cancer.
  body: Stop the exercises and rest.
"""


def guide_with(tmp_path, safety: str, red_flags: str | None):
    folder = tmp_path / "guide"
    shutil.copytree(FIXTURE_GUIDE, folder)
    text = (folder / "guide.yaml").read_text()
    if red_flags:
        text = text.replace("\nintro:", f"\nred_flags: {red_flags}\nintro:", 1)
    (folder / "guide.yaml").write_text(text + safety)
    return load_guide(folder)


def codes(found, code):
    return [f for f in found if f.code == code]


def test_the_knee_list_ships_and_a_knee_guide_that_names_every_sign_passes(tmp_path):
    assert {"knee", "low-back-pain"} <= set(red_flag_lists())
    found = check_guide(guide_with(tmp_path, KNEE_SAFETY, "knee"), parity=False)
    assert codes(found, "red-flag-missing") == [] and codes(found, "red-flags-list") == []


def test_a_knee_guide_missing_a_sign_is_told_which(tmp_path):
    safety = KNEE_SAFETY.replace("        - Pain and swelling in your calf.\n", "")
    found = codes(check_guide(guide_with(tmp_path, safety, "knee"), parity=False), "red-flag-missing")
    assert [f.message for f in found] == [
        'red flag "pain, swelling or redness in the calf" (list knee) is not among an urgent group']


def test_a_workspace_list_is_found_and_a_guide_list_wins_over_it(tmp_path):
    source = guide_with(tmp_path, FIXTURE_SAFETY, "hand")
    workspace = tmp_path / "clinic"
    (workspace / "red_flags").mkdir(parents=True)
    (workspace / "red_flags" / "hand.en.yaml").write_text(
        "urgent:\n  spreading numbness: [numb, spread]\nsoon:\n  a fever: [fever]\n")
    assert codes(check_guide(source, parity=False, workspace=workspace), "red-flag-missing") == []
    (source.folder / "red_flags").mkdir()
    (source.folder / "red_flags" / "hand.en.yaml").write_text("urgent:\n  chest pain: [chest]\n")
    found = codes(check_guide(source, parity=False, workspace=workspace), "red-flag-missing")
    assert [f.message for f in found] == ['red flag "chest pain" (list hand) is not among an urgent group']


def test_an_unknown_list_names_the_file_line_and_the_lists_there_are(tmp_path):
    source = guide_with(tmp_path, FIXTURE_SAFETY, "elbow")
    found = codes(check_guide(source, parity=False), "red-flags-list")
    lines = (source.folder / "guide.yaml").read_text().splitlines()
    assert len(found) == 1 and found[0].level == "error"
    assert found[0].file.name == "guide.yaml" and lines[found[0].line - 1] == "red_flags: elbow"
    assert 'no list named "elbow"' in found[0].message and "knee, low-back-pain" in found[0].message


def test_a_guide_without_a_list_gets_a_warning(tmp_path):
    found = codes(check_guide(guide_with(tmp_path, FIXTURE_SAFETY, None), parity=False), "red-flags-none")
    assert len(found) == 1 and found[0].level == "warning"


@pytest.mark.parametrize("text, problem", [
    ("- a list\n", "the keys are urgent: and soon:"),
    ("urgent:\n  numbness: numb\n", "needs a list of patterns"),
    ("urgent:\n  numbness: ['(']\n", "("),  # the pattern's own error follows, in Python's words
    ("later:\n  x: [y]\n", "the keys are urgent: and soon:"),
])
def test_a_malformed_list_names_its_file(tmp_path, text, problem):
    (tmp_path / "odd.en.yaml").write_text(text)
    with pytest.raises(ContentError, match="odd.en.yaml: not a red-flag list") as caught:
        load_red_flags("odd", "en", (tmp_path,))
    assert problem in str(caught.value)



def test_a_red_flag_list_is_read_as_content_is(tmp_path):
    # through the one reader: a list that is a link out of its folder is never read
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text("urgent:\n  secret: [x]\n")
    (tmp_path / "lists").mkdir()
    (tmp_path / "lists" / "linked.en.yaml").symlink_to(outside)
    with pytest.raises(ContentError, match="linked.en.yaml: not a red-flag list") as caught:
        load_red_flags("linked", "en", (tmp_path / "lists",))
    assert "secret" not in str(caught.value)
