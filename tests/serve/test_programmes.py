"""Clinic programme templates: saved from the composer's form, listed, started from."""

from __future__ import annotations

import pytest

from guidepress.content.loader import load_guide
from guidepress.errors import ContentError

pytest.importorskip("starlette", reason="guidepress serve needs the extra: pip install guidepress[serve]")

from guidepress.serve.programmes import Programmes  # noqa: E402

LUMBAR = {"patient": "Ana García", "weeks": "3", "notes": "Little and often.", "exercises": [
    {"id": "cat-cow", "dose": "1x10 2/day", "note": ""}, {"id": "bridge", "dose": "2x12", "note": "slowly"}]}


@pytest.fixture(scope="module")
def library():
    return load_guide().library


def test_a_template_saved_is_listed_and_opens_without_the_patient(tmp_path, library):
    programmes = Programmes(tmp_path)
    saved = programmes.save("Lumbar  week 1", LUMBAR, library)
    assert saved == {"file": "Lumbar-week-1.yaml", "name": "Lumbar week 1"}
    text = (tmp_path / "programmes" / saved["file"]).read_text(encoding="utf-8")
    assert "Ana" not in text  # a template is no patient's
    assert programmes.listed() == [saved]
    opened = programmes.open(saved["file"], library)
    assert opened["exercises"] == LUMBAR["exercises"]
    assert (opened["weeks"], opened["notes"]) == (3, "Little and often.")
    assert "patient" not in opened


def test_a_template_with_a_bad_dose_is_not_saved(tmp_path, library):
    bad = {**LUMBAR, "exercises": [{"id": "bridge", "dose": "2x", "note": ""}]}
    with pytest.raises(ContentError, match='"2x" is not a dose'):
        Programmes(tmp_path).save("Lumbar", bad, library)
    assert not list(tmp_path.rglob("*.yaml"))


def test_a_file_that_is_not_a_template_is_listed_with_its_problem(tmp_path, library):
    folder = tmp_path / "programmes"
    folder.mkdir()
    (folder / "ana.yaml").write_text("name: x\npatient: Ana\nexercises: [bridge]\n", encoding="utf-8")
    [listed] = Programmes(tmp_path).listed()
    assert listed["file"] == "ana.yaml" and "patient" in listed["problem"]
    with pytest.raises(ContentError, match="patient"):
        Programmes(tmp_path).open("ana.yaml", library)


@pytest.mark.parametrize("name", ["../guidepress.toml", "/etc/passwd.yaml", ".hidden.yaml", "a/b.yaml"])
def test_only_files_of_the_folder_open(tmp_path, library, name):
    with pytest.raises(ContentError):
        Programmes(tmp_path).open(name, library)


def test_a_file_guidepress_did_not_write_is_not_replaced(tmp_path, library):
    folder = tmp_path / "programmes"
    folder.mkdir()
    (folder / "Lumbar.yaml").write_text("# a colleague's own notes\n", encoding="utf-8")
    with pytest.raises(ContentError, match="programmes/Lumbar.yaml is already there"):
        Programmes(tmp_path).save("Lumbar", LUMBAR, library)
    assert (folder / "Lumbar.yaml").read_text(encoding="utf-8") == "# a colleague's own notes\n"


def test_without_a_workspace_templates_say_how_to_have_them(library):
    programmes = Programmes(None)
    assert programmes.listed() == []
    with pytest.raises(ContentError, match="guidepress init"):
        programmes.save("Lumbar", LUMBAR, library)


def test_a_programmes_folder_linking_out_of_the_workspace_is_refused(tmp_path, library):
    outside = tmp_path / "outside"
    outside.mkdir()
    workspace = tmp_path / "ws"
    workspace.mkdir()
    (workspace / "programmes").symlink_to(outside, target_is_directory=True)
    programmes = Programmes(workspace)
    with pytest.raises(ContentError, match="a link leading out of"):
        programmes.save("Lumbar", LUMBAR, library)
    assert not list(outside.iterdir())  # nothing written where the link leads
    assert programmes.listed() == []


def test_two_names_that_make_one_file_name_do_not_replace_each_other(tmp_path, library):
    programmes = Programmes(tmp_path)
    programmes.save("Lumbar/week 1", LUMBAR, library)
    with pytest.raises(ContentError, match='holds the template "Lumbar/week 1"'):
        programmes.save("Lumbar week 1", LUMBAR, library)
    assert programmes.save("Lumbar/week 1", LUMBAR, library)["name"] == "Lumbar/week 1"  # again


def test_a_template_name_keeps_no_direction_or_control_characters(tmp_path, library):
    saved = Programmes(tmp_path).save("\u202eLumbar\u200b 1\x07", LUMBAR, library)
    assert saved["name"] == "Lumbar 1"


@pytest.mark.parametrize("file, said", [
    ("a\x00.yaml", "programmes/a%00.yaml: a prescription name cannot hold a NUL"),
    ("gone.yaml", "programmes/gone.yaml: prescription not found"),
    ("broken.yaml", "programmes/broken.yaml line 2"),
])
def test_a_template_that_cannot_be_opened_is_named_within_the_workspace(tmp_path, library, file, said):
    folder = tmp_path / "programmes"
    folder.mkdir()
    (folder / "broken.yaml").write_text("name: [unclosed\n", encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        Programmes(tmp_path).open(file, library)
    assert str(raised.value).startswith(said) and str(tmp_path) not in str(raised.value)
    assert all(str(tmp_path) not in item["problem"] for item in Programmes(tmp_path).listed())
