"""A template never prints what guidepress made: a patient's sheet written with
``--html`` into an output folder under a templates folder (``--templates .`` in a
workspace, say) cannot be included into another sheet, whether it is found by
the folder's write record or manifest or by the patient mark in the file; the
command stops with a message naming the file, nothing half-written."""

from __future__ import annotations

import shutil

import pytest
from conftest import BATCH_ROWS, FIXTURE_GUIDE, normalise

from guidepress.errors import TemplateError
from guidepress.look.resources import Resources
from guidepress.owned import RECORD

INCLUDES = '{{% extends "builtin/handout.html" %}}{{% block clinic %}}{{% include "{name}" %}}{{% endblock %}}\n'


@pytest.fixture
def sheets(run_cli, tmp_path):
    """A batch written with --html into tpl/out; the HTML sheets' names below tpl."""
    (tmp_path / "r.csv").write_text(BATCH_ROWS)
    result = run_cli("batch", "r.csv", "-g", FIXTURE_GUIDE, "--workers", 1, "--out", "tpl/out", "--html")
    assert result.exit_code == 0, result.output
    found = sorted(p.relative_to(tmp_path / "tpl").as_posix() for p in (tmp_path / "tpl" / "out").glob("*.html"))
    assert found and "Ana Lopez" in (tmp_path / "tpl" / found[0]).read_text()
    return found


def _handout_including(run_cli, tmp_path, name):
    (tmp_path / "tpl" / "handout.html").write_text(INCLUDES.format(name=name))
    return run_cli("handout", "-g", FIXTURE_GUIDE, "--templates", "tpl", "-o", "h.pdf")


def test_a_sheet_in_a_batch_output_folder_is_never_included(run_cli, tmp_path, sheets):
    result = _handout_including(run_cli, tmp_path, sheets[0])
    message = normalise(result.output)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert normalise(sheets[0].split("/")[-1]) in message and "not a template" in message
    assert not (tmp_path / "h.pdf").exists()


@pytest.mark.parametrize("mark", [RECORD, "manifest.json"])
def test_a_folder_guidepress_writes_into_is_never_read(tmp_path, mark):
    folder = tmp_path / "tpl" / "out" / "deeper"
    folder.mkdir(parents=True)
    (folder / "note.html").write_text("<p>a patient's notes</p>")
    (tmp_path / "tpl" / "out" / mark).write_text("{}")
    with pytest.raises(TemplateError, match="note.html: not a template, its folder .*out is one "
                                            "guidepress writes into"):
        Resources((tmp_path / "tpl",)).environment.get_template("out/deeper/note.html")


def test_a_sheet_copied_elsewhere_is_known_by_its_patient_mark(run_cli, tmp_path, sheets):
    shutil.copy(tmp_path / "tpl" / sheets[0], tmp_path / "tpl" / "copied.html")
    with pytest.raises(TemplateError, match="copied.html: not a template, it is a patient's sheet"):
        Resources((tmp_path / "tpl",)).environment.get_template("copied.html")
    result = _handout_including(run_cli, tmp_path, "copied.html")
    assert result.exit_code == 1 and "copied.html" in normalise(result.output)


def test_the_routine_template_itself_is_still_a_template(tmp_path):
    (tmp_path / "tpl").mkdir()
    shutil.copy(Resources().environment.loader.loaders[-1].folder / "routine.html",
                tmp_path / "tpl" / "routine.html")
    assert Resources((tmp_path / "tpl",)).environment.get_template("routine.html")
