"""``guidepress build`` renders only the products whose inputs changed (build-manifest.json)."""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import FIXTURE_GUIDE
from pypdf import PdfReader

from guidepress.builtin import BUILTIN_STYLES
from guidepress.look.resources import Resources
from guidepress.products.build import build
from guidepress.products.build import BUILD_MANIFEST


@pytest.fixture(scope="module")
def first_build(tmp_path_factory):
    """The built-in guide built once: two handouts (article and plain), three posters, the card."""
    out = tmp_path_factory.mktemp("build") / "output"
    return out, build(None, out)


def copy_of(first_build, tmp_path):
    out = tmp_path / "output"
    shutil.copytree(first_build[0], out)
    return out


def mtimes(out):
    return {p.name: p.stat().st_mtime_ns for p in out.glob("*.pdf")}


def test_the_manifest_records_every_product(first_build):
    out, written = first_build
    data = json.loads((out / BUILD_MANIFEST).read_text(encoding="utf-8"))
    assert [p["file"] for p in data["products"]] == [w.path.name for w in written]
    names = [w.path.name for w in written]
    assert names[:2] == ["back-in-action-handout.pdf", "back-in-action-handout-plain.pdf"]
    assert len(names) == 6 and {w.status for w in written} == {"written"}
    for product in data["products"]:
        pdf = out / product["file"]
        assert product["bytes"] == pdf.stat().st_size
        assert product["pages"] == len(PdfReader(pdf).pages)


def test_nothing_changed_nothing_rendered(first_build, tmp_path):
    out = copy_of(first_build, tmp_path)
    before = mtimes(out)
    again = build(None, out)
    assert {w.status for w in again} == {"unchanged"}
    assert [(w.path.name, w.pages) for w in again] == [(w.path.name, w.pages) for w in first_build[1]]
    assert mtimes(out) == before


def test_a_poster_stylesheet_change_renders_only_the_posters(first_build, tmp_path):
    out = copy_of(first_build, tmp_path)
    styles = tmp_path / "styles"
    styles.mkdir()
    poster_css = (BUILTIN_STYLES / "poster.css").read_text(encoding="utf-8")
    (styles / "poster.css").write_text(poster_css + "\n.poster h1 { letter-spacing: 0.01em; }\n",
                                       encoding="utf-8")
    again = build(None, out, resources=Resources(style_dirs=(styles,)))
    status = {w.path.name: w.status for w in again}
    assert {n for n, s in status.items() if s == "written"} == {
        n for n in status if "-poster-" in n}
    assert {status[n] for n in status if "-poster-" not in n} == {"unchanged"}


def test_a_missing_product_is_made_again_and_force_makes_all(first_build, tmp_path):
    out = copy_of(first_build, tmp_path)
    (out / "back-in-action-card.pdf").unlink()
    status = {w.path.name: w.status for w in build(None, out)}
    assert [n for n, s in status.items() if s == "written"] == ["back-in-action-card.pdf"]
    assert (out / "back-in-action-card.pdf").is_file()


def test_a_change_in_either_exercise_library_renders_again(knee_workspace):
    """A guide with exercises of its own is made from them and from the shared library."""
    knee, out = knee_workspace / "guides" / "knee", knee_workspace / "output"
    assert {w.status for w in build(knee, out)} == {"written"}
    assert {w.status for w in build(knee, out)} == {"unchanged"}
    for changed in (knee_workspace / "guide" / "exercises" / "bridge.yaml",
                    knee / "exercises" / "quad-set.yaml"):
        with changed.open("a", encoding="utf-8") as text:
            text.write("# a clinic's note\n")
        assert {w.status for w in build(knee, out)} == {"written"}, changed


def test_force_and_options_from_the_command_line(run_cli, tmp_path):
    first = run_cli("build", "--guide", FIXTURE_GUIDE)
    assert "wrote output/hand-care-handout.pdf" in first.stdout
    second = run_cli("build", "--guide", FIXTURE_GUIDE)
    assert "unchanged output/hand-care-handout.pdf" in second.stdout
    letter = run_cli("build", "--guide", FIXTURE_GUIDE, "--paper", "letter")  # another option
    assert "wrote output/hand-care-handout.pdf" in letter.stdout
    forced = run_cli("build", "--guide", FIXTURE_GUIDE, "--paper", "letter", "--force")
    assert forced.exit_code == 0 and "wrote output/hand-care-handout.pdf" in forced.stdout
