"""Symbolic links cannot make a render read files outside the allowed folders.

Templates, included templates, stylesheets (read by WeasyPrint itself, not
through the fetcher), theme files, fonts, images and the logo are all checked
by their real path.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import FIXTURE_GUIDE

from guidepress.builtin import BUILTIN_LIBRARY, BUILTIN_STYLES
from guidepress.check.safety import load_red_flags, red_flag_lists
from guidepress.config.workspace import load_workspace
from guidepress.content.loader import load_guide
from guidepress.errors import ContentError, GuidepressError, ResourceError, TemplateError
from guidepress.look.resources import Resources
from guidepress.products.handout import write_handout


@pytest.fixture
def secret(tmp_path) -> Path:
    """A file outside every allowed folder; valid as a template and as CSS."""
    path = tmp_path / "elsewhere" / "secret.txt"
    path.parent.mkdir()
    path.write_text("p { color: red } /* TOP SECRET */")
    return path


@pytest.fixture
def folders(tmp_path):
    for name in ("templates", "templates/partials", "styles", "styles/themes"):
        (tmp_path / name).mkdir()
    return tmp_path / "templates", tmp_path / "styles"


def _refused(tmp_path, resources, error, name):
    with pytest.raises(error) as caught:
        write_handout(load_guide(FIXTURE_GUIDE), tmp_path / "h.pdf", resources=resources)
    assert name in str(caught.value) and "outside" in str(caught.value)
    assert not (tmp_path / "h.pdf").exists()


def test_a_template_linked_outside_is_refused(tmp_path, folders, secret):
    templates, _ = folders
    (templates / "handout.html").symlink_to(secret)
    _refused(tmp_path, Resources((templates,)), TemplateError, "handout.html")


def test_an_included_template_linked_outside_is_refused(tmp_path, folders, secret):
    templates, _ = folders
    (templates / "handout.html").write_text(
        '{% extends "builtin/handout.html" %}'
        '{% block summary %}{% include "partials/note.html" %}{% endblock %}')
    (templates / "partials" / "note.html").symlink_to(secret)
    _refused(tmp_path, Resources((templates,)), TemplateError, "note.html")


@pytest.mark.parametrize("name", ["custom.css", "print.css", "handout.css"])
def test_a_stylesheet_linked_outside_is_refused(tmp_path, folders, secret, name):
    _, styles = folders
    (styles / name).symlink_to(secret)
    _refused(tmp_path, Resources((), (styles,)), ResourceError, name)


def test_a_theme_linked_outside_is_refused(tmp_path, folders, secret):
    _, styles = folders
    (styles / "themes" / "mine.css").symlink_to(secret)
    _refused(tmp_path, Resources((), (styles,), theme="mine"), ResourceError, "mine.css")


def test_a_font_linked_outside_is_refused(tmp_path, folders):
    _, styles = folders
    outside = tmp_path / "elsewhere.ttf"
    shutil.copy(BUILTIN_STYLES / "fonts" / "NotoSans-Regular.ttf", outside)
    (styles / "mine.ttf").symlink_to(outside)
    (styles / "custom.css").write_text(
        '@font-face { font-family: Mine; src: url("mine.ttf"); } body { font-family: Mine; }')
    with pytest.raises(ResourceError, match="outside"):
        write_handout(load_guide(FIXTURE_GUIDE), tmp_path / "h.pdf", resources=Resources((), (styles,)))


def test_a_guide_image_linked_outside_is_refused(tmp_path):
    guide = tmp_path / "guide"
    shutil.copytree(FIXTURE_GUIDE, guide)
    outside = tmp_path / "outside.svg"
    (guide / "raised-hand.svg").rename(outside)
    (guide / "raised-hand.svg").symlink_to(outside)
    with pytest.raises(ContentError,
                       match=r"intro, image \"raised-hand.svg\": this picture is outside"):
        load_guide(guide)


def test_a_logo_linked_outside_is_refused(tmp_path, secret):
    workspace = tmp_path / "clinic"
    workspace.mkdir()
    outside = secret.with_name("logo.svg")
    outside.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>')
    (workspace / "logo.svg").symlink_to(outside)
    (workspace / "guidepress.toml").write_text('[clinic]\nname = "Riverside"\nlogo = "logo.svg"\n')
    with pytest.raises(GuidepressError) as caught:
        load_workspace(workspace / "guidepress.toml")
    assert "clinic.logo" in str(caught.value) and "outside" in str(caught.value)


def test_a_guide_exercise_folder_linked_outside_is_refused(tmp_path, run_cli):
    guide = tmp_path / "guide"
    shutil.copytree(FIXTURE_GUIDE, guide)
    outside = tmp_path / "elsewhere" / "ex"
    outside.mkdir(parents=True)
    (outside / "bridge.yaml").write_text((BUILTIN_LIBRARY / "bridge.yaml").read_text()
                                         .replace("Bridge", "OUTSIDE WORDS"))
    (guide / "exercises").symlink_to(outside, target_is_directory=True)
    with pytest.raises(ContentError, match="exercises: this folder of exercises is a link leading "
                                           "out of"):
        load_guide(guide)
    result = run_cli("routine", "--guide", guide, "--patient", "Ana", "-e", "bridge",
                     "-o", tmp_path / "r.pdf")
    assert result.exit_code == 1 and "link leading out" in " ".join(result.stderr.split())
    assert not (tmp_path / "r.pdf").exists()


def test_a_guide_exercise_folder_linked_inside_the_guide_is_read(tmp_path):
    guide = tmp_path / "guide"
    shutil.copytree(FIXTURE_GUIDE, guide)
    (guide / "library").mkdir()
    shutil.copy(BUILTIN_LIBRARY / "bridge.yaml", guide / "library")
    (guide / "exercises").symlink_to(guide / "library", target_is_directory=True)
    assert load_guide(guide).library.origin("bridge") == "guide"


def test_a_red_flag_folder_linked_outside_is_refused(tmp_path):
    guide = tmp_path / "guide"
    shutil.copytree(FIXTURE_GUIDE, guide)
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "secret.en.yaml").write_text("urgent:\n  hidden-sign: [numb]\n")
    (outside / "private-notes.en.yaml").write_text("urgent:\n  x: [y]\n")
    (guide / "red_flags").symlink_to(outside, target_is_directory=True)
    with pytest.raises(ContentError, match="red_flags: this folder of red-flag lists is a link"):
        load_red_flags("secret", "en", (guide / "red_flags",))
    assert "private-notes" not in red_flag_lists((guide / "red_flags",))
