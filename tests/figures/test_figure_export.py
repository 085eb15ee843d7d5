"""guidepress exercises --figures DIR [--png]: one titled SVG (and PNG) per frame."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from PIL import Image

from guidepress.content.loader import load_guide
from guidepress.figures.draw import PANEL_WIDTH, draw
from guidepress.owned import RECORD

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    from typer.testing import CliRunner

    from guidepress.cli import app

    folder = tmp_path_factory.mktemp("figures")
    result = CliRunner().invoke(app, ["exercises", "--figures", str(folder), "--png"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return folder, result.stdout


def test_every_frame_of_every_exercise_is_written(exported):
    folder, stdout = exported
    library = load_guide().library
    expected = {f"{e.id}-{name}.{ext}" for e in library for name in e.figure.frame_names
                for ext in ("svg", "png")}
    assert {p.name for p in folder.iterdir()} == expected | {RECORD}  # and the record of them
    assert "swimming-middle.svg" in expected and "bridge-start.svg" in expected
    assert f"wrote {len(expected)} figure files" in " ".join(stdout.split())


def test_each_svg_is_valid_titled_and_described(exported):
    folder, _ = exported
    library = load_guide().library
    for exercise in library:
        for name in exercise.figure.frame_names:
            root = ET.parse(folder / f"{exercise.id}-{name}.svg").getroot()
            assert root.tag == f"{SVG}svg" and root.get("role") == "img"
            assert root.find(f"{SVG}title").text == f"{exercise.name}: {name.replace('-', ' ')}"
            assert root.find(f"{SVG}desc").text == exercise.alt
            assert float(root.get("viewBox").split()[2]) == draw(exercise.figure).panel


def test_start_and_finish_files_differ(exported):
    folder, _ = exported
    for exercise in load_guide().library:
        start = (folder / f"{exercise.id}-start.svg").read_text()
        finish = (folder / f"{exercise.id}-finish.svg").read_text()
        assert start.split("</desc>")[1] != finish.split("</desc>")[1], exercise.id


def test_pngs_show_the_figure(exported):
    folder, _ = exported
    image = Image.open(folder / "bridge-start.png").convert("L")
    panel = draw(load_guide().library.get("bridge").figure).panel  # one scale: 800 px = PANEL_WIDTH
    assert abs(image.width - 800 * panel / PANEL_WIDTH) <= 1 and 150 < image.height < 400
    dark = sum(image.histogram()[:100])
    assert dark > 1500  # outlines drawn, not a blank page
    assert image.getpixel((0, 0)) == 255  # on white paper


def test_png_alone_is_a_usage_error(run_cli):
    result = run_cli("exercises", "--png")
    assert result.exit_code != 0
    assert "give --figures FOLDER too" in result.stderr


def test_a_file_in_the_way_is_reported(run_cli, tmp_path):
    (tmp_path / "taken").write_text("not a folder")
    result = run_cli("exercises", "--figures", "taken")
    assert result.exit_code != 0
    assert "taken" in result.stderr
