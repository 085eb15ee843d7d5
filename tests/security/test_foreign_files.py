"""Content read only where it belongs: a guide, exercise or translation file linked out
of the guide folder, or a prescription or roster linked out of its own folder, is
refused before it is read, and the message names the link as the user gave it,
never where it leads nor anything the foreign file holds."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import FIXTURE_GUIDE

from guidepress.builtin import BUILTIN_LIBRARY
from guidepress.content.loader import load_guide
from guidepress.content.prescription import load_prescription
from guidepress.content.roster import read_roster
from guidepress.errors import GuidepressError

SECRET = "root:$6$s3cr3tHASHvalue:19000:0:99999:7:::"


@pytest.fixture
def elsewhere(tmp_path) -> Path:
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    return folder


def refused(call, link: Path, target: Path) -> str:
    with pytest.raises(GuidepressError) as caught:
        call()
    message = str(caught.value)
    assert link.name in message and "outside" in message, message
    assert str(target) not in message and SECRET not in message and "s3cr3t" not in message
    return message


def test_a_guide_file_linked_out_of_the_guide_folder_is_refused(guide_copy, elsewhere):
    target = elsewhere / "guide.yaml"
    shutil.copy(FIXTURE_GUIDE / "guide.yaml", target)  # a valid guide, read today
    (guide_copy / "guide.yaml").unlink()
    (guide_copy / "guide.yaml").symlink_to(target)
    refused(lambda: load_guide(guide_copy), guide_copy / "guide.yaml", target)


def test_a_translation_linked_out_is_refused(guide_copy, elsewhere):
    target = elsewhere / "guide.es.yaml"
    target.write_text((FIXTURE_GUIDE / "guide.yaml").read_text().replace("en-GB", "es"))
    (guide_copy / "guide.es.yaml").symlink_to(target)
    refused(lambda: load_guide(guide_copy, "es"), guide_copy / "guide.es.yaml", target)


def test_an_exercise_file_linked_out_of_the_library_is_refused(guide_copy, elsewhere):
    shutil.copytree(BUILTIN_LIBRARY, guide_copy / "exercises")
    target = elsewhere / "bridge.yaml"
    (guide_copy / "exercises" / "bridge.yaml").rename(target)
    (guide_copy / "exercises" / "bridge.yaml").symlink_to(target)
    refused(lambda: load_guide(guide_copy), guide_copy / "exercises" / "bridge.yaml", target)


@pytest.mark.parametrize("text", [f"{SECRET}\nbin:*:19000:0:99999:7:::\n",
                                  f"patient: {SECRET}\n", f"exercises: [{SECRET}]\n",
                                  f"{{{SECRET}: 1}}\n"])
def test_a_prescription_linked_to_a_foreign_file_never_echoes_it(tmp_path, elsewhere, text):
    target = elsewhere / "shadow"
    target.write_text(text)
    link = tmp_path / "ana.yaml"
    link.symlink_to(target)
    refused(lambda: load_prescription(link, load_guide().library), link, target)


@pytest.mark.parametrize("name", ["patients.csv", "patients.yaml", "patients.json"])
def test_a_roster_linked_to_a_foreign_file_never_echoes_it(tmp_path, elsewhere, name):
    target = elsewhere / "shadow"
    target.write_text(f"{SECRET}\n")
    link = tmp_path / name
    link.symlink_to(target)
    refused(lambda: read_roster(link), link, target)


def test_the_cli_names_the_link_not_the_target(run_cli, tmp_path, elsewhere):
    target = elsewhere / "shadow"
    target.write_text(f"{SECRET}\n")
    (tmp_path / "ana.yaml").symlink_to(target)
    result = run_cli("routine", "ana.yaml")
    assert result.exit_code == 1
    assert "ana.yaml" in result.output and "s3cr3t" not in result.output
    assert "elsewhere" not in result.output


def test_a_link_inside_its_own_folder_still_reads(tmp_path):
    (tmp_path / "real.yaml").write_text("patient: Ana\nexercises: [bridge 2x10]\n")
    (tmp_path / "ana.yaml").symlink_to(tmp_path / "real.yaml")
    assert load_prescription(tmp_path / "ana.yaml", load_guide().library).who == "Ana"
