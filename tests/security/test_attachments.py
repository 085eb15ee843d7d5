"""Nothing is attached to a PDF that the product did not ask for: a template's
``<link rel="attachment">`` or ``<a rel="attachment">`` pointing at another
patient's sheet, the batch manifest or a key in the workspace is refused, no PDF
is written, and the fetcher never serves such files to a page at all."""

from __future__ import annotations

import shutil

import pikepdf
import pytest
from conftest import FIXTURE_GUIDE
from hypothesis import given, settings
from hypothesis import strategies as st

from guidepress.render.fetcher import KIND_OF, RefusedResource, SafeFetcher

FORMS = {
    "link": '{% block head %}<link rel="attachment" href="HREF" title="x">{% endblock %}',
    "link, several types":
        '{% block head %}<link rel="nofollow Attachment" href="HREF">{% endblock %}',
    "anchor": '{% block summary %}<a rel="attachment" href="HREF">notes</a>{% endblock %}',
}
TARGETS = ["../output/other-patient.pdf", "../output/manifest.json", "../.ssh/id_rsa", "ABSOLUTE"]


@pytest.fixture
def workspace(tmp_path):
    """A clinic workspace: its guide, an output folder with another patient's files, a key."""
    shutil.copytree(FIXTURE_GUIDE, tmp_path / "guide")
    (tmp_path / "guidepress.toml").write_text('[clinic]\nname = "Riverside"\n'
                                              '[defaults]\nguide = "guide"\n')
    (tmp_path / "output").mkdir()
    (tmp_path / "output" / "other-patient.pdf").write_bytes(b"%PDF-1.4 Bob Smith's sheet")
    (tmp_path / "output" / "manifest.json").write_text('{"rows": [{"patient": "Bob Smith"}]}')
    (tmp_path / ".ssh").mkdir()
    (tmp_path / ".ssh" / "id_rsa").write_text("-----BEGIN PRIVATE KEY-----")
    (tmp_path / "templates").mkdir()
    return tmp_path


def embedded_files(folder) -> list[str]:
    """The names of files attached to any PDF below ``folder``."""
    names = []
    for path in folder.rglob("*.pdf"):
        if path.parent.name == "output":
            continue  # the planted files
        with pikepdf.open(path) as pdf:
            names += list(pdf.attachments)
    return names


@pytest.mark.parametrize("target", TARGETS)
@pytest.mark.parametrize("form", sorted(FORMS))
def test_a_template_cannot_attach_a_file(run_cli, workspace, form, target):
    href = (workspace / "output" / "other-patient.pdf").as_uri() if target == "ABSOLUTE" else target
    (workspace / "templates" / "handout.html").write_text(
        '{% extends "builtin/handout.html" %}' + FORMS[form].replace("HREF", href))
    result = run_cli("handout", "-o", "out/h.pdf")
    assert result.exit_code == 1, result.output
    assert "attach" in result.output and "Traceback" not in result.output
    assert not (workspace / "out" / "h.pdf").exists()
    assert embedded_files(workspace) == []


def test_a_template_without_attachments_still_prints(run_cli, workspace):
    (workspace / "templates" / "handout.html").write_text(
        '{% extends "builtin/handout.html" %}{% block summary %}<a href="https://example.org">'
        "our site</a>{% endblock %}")
    result = run_cli("handout", "-o", "out/h.pdf")
    assert result.exit_code == 0, result.output
    assert (workspace / "out" / "h.pdf").exists() and embedded_files(workspace) == []


@pytest.mark.parametrize("name", ["other-patient.pdf", "manifest.json", "id_rsa", "notes.txt",
                                  "page.html", "data.yaml"])
def test_the_fetcher_serves_no_other_kind_of_file(tmp_path, name):
    (tmp_path / name).write_text("private")
    with pytest.raises(RefusedResource, match="never read"):
        SafeFetcher([tmp_path]).fetch((tmp_path / name).as_uri())


@settings(max_examples=80, deadline=None)
@given(st.from_regex(r"[a-z0-9]{1,8}", fullmatch=True).filter(lambda s: f".{s}" not in KIND_OF))
def test_any_extension_but_pictures_fonts_and_stylesheets_is_refused(tmp_path_factory, suffix):
    folder = tmp_path_factory.mktemp("root")
    path = folder / f"file.{suffix}"
    path.write_text("private")
    with pytest.raises(RefusedResource):
        SafeFetcher([folder]).fetch(path.as_uri())


def test_the_workspace_is_not_a_read_root(workspace):
    from guidepress.config.settings import resolve_settings

    settings_ = resolve_settings(config=workspace / "guidepress.toml")
    roots = [p.resolve() for p in settings_.resources.roots]
    assert workspace.resolve() not in roots
    assert not any((workspace / "output").resolve().is_relative_to(r) for r in roots)
