"""guidepress exercises --preview FILE.yaml: one exercise drawn with its pose findings,
once (--once) or again on every save."""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from PIL import Image

from guidepress.commands.preview import run_preview
from guidepress.content.exercises import builtin_library_dir, load_exercise
from guidepress.figures.draw import GAP, draw

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def bridge(tmp_path) -> Path:
    """A clinician's copy of the built-in bridge, in the folder the CLI runs in."""
    path = tmp_path / "bridge.yaml"
    path.write_text((builtin_library_dir() / "bridge.yaml").read_text(encoding="utf-8"),
                    encoding="utf-8")
    return path


def edit(path: Path, change) -> None:
    """Apply ``change`` to the file's data and save it, with a new modification time."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    before = path.stat().st_mtime
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    os.utime(path, (before + 2, before + 2))  # a save the watch sees, however coarse the clock


def texts(svg: Path) -> list[str]:
    return [t.text for t in ET.parse(svg).getroot().iter(f"{SVG}text")]


def test_once_draws_every_frame_side_by_side_in_one_svg(run_cli, bridge):
    result = run_cli("exercises", "--preview", "bridge.yaml", "--once")
    assert result.exit_code == 0, result.output
    svg = bridge.parent / "output" / "bridge-preview.svg"
    exercise = load_exercise(bridge)
    frames = exercise.figure.frame_names
    figure = ET.parse(svg).getroot().find(f"{SVG}svg")  # the figure, nested in the preview
    assert figure.find(f"{SVG}title").text == exercise.name
    panel = draw(exercise.figure).panel
    assert float(figure.get("viewBox").split()[2]) == len(frames) * panel + (len(frames) - 1) * GAP
    shown = texts(svg)
    assert [t for t in shown if t in frames] == frames  # each frame named under it
    assert "Pose rules: all pass." in shown
    out = " ".join(result.stdout.split())
    assert "wrote output/bridge-preview.svg (2 frames" in out and "pose rules: all pass" in out
    assert svg.resolve().as_uri() in out


def test_once_draws_a_png(run_cli, bridge):
    result = run_cli("exercises", "--preview", "bridge.yaml", "--once", "--png", "-o", "pics")
    assert result.exit_code == 0, result.output
    image = Image.open(bridge.parent / "pics" / "bridge-preview.png").convert("L")
    assert image.width > 2 * image.height  # two frames and the findings side by side
    assert sum(image.histogram()[:100]) > 3000  # outlines and words drawn, not a blank page
    assert not (bridge.parent / "output").exists()


def test_a_pose_that_breaks_a_rule_is_drawn_with_what_to_change(run_cli, bridge):
    edit(bridge, lambda d: d["figure"].update(end=d["figure"]["start"]))  # nothing moves
    result = run_cli("exercises", "--preview", "bridge.yaml", "--once")
    assert result.exit_code == 1
    shown = " ".join(texts(bridge.parent / "output" / "bridge-preview.svg"))
    assert "figure.end: start and finish frames: too alike" in shown  # beside the figure
    assert "the library refuses this file until they are fixed" in shown
    out = " ".join(result.stdout.split())
    assert "pose rules: 1 problem" in out and "figure.end: start and finish frames: too alike" in out
    assert "bridge.yaml: the pose breaks 1 rule" in " ".join(result.stderr.split())


@pytest.mark.parametrize("change, key, says", [
    (lambda d: d["figure"]["start"].update(near_knee=170), "figure.start.near_knee",
     "170° flexion is outside the human range 0-155°"),
    (lambda d: d.update(purpse=d.pop("purpose")), "purpse", 'unknown key (did you mean "purpose"?)'),
    (lambda d: d.update(id="bridges"), "", 'id "bridges" does not match the file name'),
])
def test_a_bad_file_names_the_key_and_draws_nothing(run_cli, bridge, change, key, says):
    edit(bridge, change)
    result = run_cli("exercises", "--preview", "bridge.yaml", "--once")
    assert result.exit_code == 1
    message = " ".join(result.stderr.split())
    assert "bridge.yaml" in message and key in message and says in message
    assert not (bridge.parent / "output").exists()


def test_a_translation_or_missing_file_is_refused(run_cli, bridge):
    (bridge.parent / "es").mkdir()
    (bridge.parent / "es" / "bridge.yaml").write_text("name: Puente\n", encoding="utf-8")
    result = run_cli("exercises", "--preview", "es/bridge.yaml", "--once")
    assert result.exit_code == 1 and "which holds the figure" in result.stderr
    result = run_cli("exercises", "--preview", "brige.yaml")  # a typo: no watching of nothing
    assert result.exit_code == 1 and "brige.yaml: file not found" in result.stderr


def test_never_draws_over_a_file_guidepress_did_not_write(run_cli, bridge):
    mine = bridge.parent / "output" / "bridge-preview.svg"
    mine.parent.mkdir()
    mine.write_text("my own drawing", encoding="utf-8")
    result = run_cli("exercises", "--preview", "bridge.yaml", "--once")
    assert result.exit_code == 1 and "was not written by guidepress" in result.stderr
    assert mine.read_text(encoding="utf-8") == "my own drawing"
    assert run_cli("exercises", "--preview", "bridge.yaml", "--once", "--force").exit_code == 0
    assert "Pose rules: all pass." in texts(mine)


def test_the_watch_draws_again_on_each_save_and_goes_on_after_a_bad_one(bridge, capsys):
    folder = bridge.parent / "out"
    figure = yaml.safe_load(bridge.read_text(encoding="utf-8"))["figure"]
    start, finish = dict(figure["start"]), dict(figure["end"])
    saves = {
        1: lambda d: d["figure"]["start"].update(near_knee=170),  # out of range: an error
        3: lambda d: d["figure"].update(start=start, end=start),  # valid, but nothing moves
        5: lambda d: d["figure"].update(end=finish) or d.update(name="Bridge, my way"),
    }
    calls = []

    def sleep(seconds):
        calls.append(seconds)
        if len(calls) in saves:
            edit(bridge, saves[len(calls)])
        if len(calls) == 7:
            raise KeyboardInterrupt  # Ctrl-C

    run_preview(bridge, folder, interval=0.05, sleep=sleep)
    out, err = capsys.readouterr()
    out, err = " ".join(out.split()), " ".join(err.split())
    assert calls == [0.05] * 7
    assert out.count("re-drawn in") == 2 and out.endswith("stopped")
    assert "figure.start.near_knee: 170° flexion" in err and "still watching" in err
    assert "pose rules: 1 problem" in out and "too alike" in out  # the second save's finding
    svg = folder / "bridge-preview.svg"
    assert ET.parse(svg).getroot().find(f"{SVG}svg").find(f"{SVG}title").text == "Bridge, my way"
    assert sorted(p.name for p in folder.iterdir()) == [".guidepress-written.json", svg.name]


def test_help_describes_the_preview(run_cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "300")  # one line an option
    result = run_cli("exercises", "--help")
    assert result.exit_code == 0
    words = " ".join(result.stdout.split())
    for option in ("--preview", "--once", "--out", "-o", "--png"):
        assert option in words
    assert "again on every save" in words and "draw once and exit" in words
    assert "[default: output]" in words


@pytest.mark.parametrize("args, says", [
    (["--once"], "--once goes with --preview"),
    (["-o", "pics"], "-o goes with --preview"),
    (["--preview", "bridge.yaml", "--sheet", "s.pdf"], "leave out --sheet"),
])
def test_options_that_do_not_go_with_the_preview(run_cli, bridge, args, says):
    result = run_cli("exercises", *args)
    assert result.exit_code == 1 and says in " ".join(result.stderr.split())


def test_a_name_the_library_already_has_is_said_before_the_library_refuses_it(run_cli, tmp_path):
    """A new exercise in a guide's own folder named like a built-in one ("Clamshell") would
    stop the whole library from loading: the preview says so, naming the other exercise."""
    folder = tmp_path / "guide" / "exercises"
    folder.mkdir(parents=True)
    mine = folder / "clam-open.yaml"
    mine.write_text((builtin_library_dir() / "bridge.yaml").read_text(encoding="utf-8")
                    .replace("id: bridge", "id: clam-open"), encoding="utf-8")
    edit(mine, lambda d: d.update(name="Clamshell", aliases=["Hip opener"]))
    result = run_cli("exercises", "--preview", str(mine), "--once")
    assert result.exit_code == 1
    out = " ".join(result.stdout.split())
    assert 'name: "Clamshell" is also a name of "clamshell" in the library' in out
    assert "pose rules and names: 1 problem" in out
    assert "the pose or the names break 1 rule" in " ".join(result.stderr.split())
    edit(mine, lambda d: d.update(name="Side-lying knee opener"))
    assert run_cli("exercises", "--preview", str(mine), "--once").exit_code == 0
