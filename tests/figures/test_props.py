"""Props drawn behind the body in the figure's style, and the side-lying view."""

from __future__ import annotations

import re

import pytest
from pydantic import ValidationError

from guidepress.content.camera import camera
from guidepress.content.exercises import load_exercise
from guidepress.content.kinematics import SIDE_LYING_WIDTHS
from guidepress.content.posecheck import figure_problems
from guidepress.content.props import Prop
from guidepress.content.solver import place
from guidepress.figures import palette as pal
from guidepress.figures.draw import draw
from guidepress.figures.props import blocks, corners

from content.test_contacts import exercise_file, standing

STANDING = standing("PROP") + """\
  start:
    trunk: 90
    rests_on: [near_heel, near_toe, far_heel, far_toe]
  end:
    trunk: 65
    near_hip: 55
    far_hip: 55
    near_knee: 50
    far_knee: 50
    near_ankle: 20
    far_ankle: 20
    near_shoulder: 50
    far_shoulder: 50
    rests_on: [near_heel, near_toe, far_heel, far_toe]
"""
PROPS = {
    "wall": ("{kind: wall, x: -30}", "polygon"),
    "step": ("{kind: step, x: 40}", "polygon"),
    "box": ("{kind: box, x: 40, height: 20}", "polygon"),
    "chair": ("{kind: chair, x: -40}", "polygon"),
    "table": ("{kind: table, x: 55, height: 45}", "polygon"),
    "ball": ("{kind: ball, x: 50, width: 30}", "circle"),
    "band": ("{kind: band, x: 60, y: 50, to: near_hand}", "line"),
}
CLAMSHELL = """\
figure:
  view: VIEW
  surface: mat
  anchor: pelvis
  arrows: [near_knee]
  start: &legs
    trunk: 0
    near_hip: 45
    far_hip: 45
    near_knee: 90
    far_knee: 90
    far_shoulder: 150
    far_elbow: 100
    near_shoulder: 10
    near_elbow: 90
  end:
    <<: *legs
    near_hip_abduction: 30
    near_hip_rotation: 35
"""


@pytest.mark.parametrize("kind", PROPS)
def test_each_prop_is_drawn_behind_the_body_inside_its_frame(tmp_path, kind):
    prop, element = PROPS[kind]
    exercise = load_exercise(exercise_file(tmp_path, STANDING.replace("PROP", prop)))
    assert figure_problems(exercise.figure) == []
    drawing = draw(exercise.figure)
    bare = draw(load_exercise(exercise_file(tmp_path, STANDING.replace("    - PROP\n", "").replace(
        "  props:\n", ""), id_="bare")).figure)
    for frame, plain in zip(drawing.frames, bare.frames):
        body = frame.index(pal.INK)  # the first outline of the body
        colour = pal.BAND if kind == "band" else pal.FLOOR_INK
        drawn = [m.start() for m in re.finditer(f'<{element} [^>]*{colour}', frame)]
        assert len(drawn) > len(re.findall(f'<{element} [^>]*{colour}', plain))
        assert min(drawn) < body  # painted before (behind) the body
    cam = camera(exercise.figure)
    xs = [cam.project(p)[0] for p in corners(exercise.figure.props[0])]
    body_xs = [cam.project(p)[0] for s in place(exercise.figure) for p in s.points.values()]
    # The frame holds both the prop and the body.
    assert drawing.panel >= max(xs + body_xs) - min(xs + body_xs)


def test_a_wall_stands_as_high_as_the_frame_and_no_higher(tmp_path):
    exercise = load_exercise(exercise_file(tmp_path, STANDING.replace("PROP", PROPS["wall"][0])))
    drawing = draw(exercise.figure)
    frame = drawing.frames[0]
    down = float(re.match(r'<g transform="translate\(\S+ (\S+)\)"', frame).group(1))
    wall = re.search(r'<polygon points="([^"]*)"', frame).group(1)
    ys = [float(pair.split(",")[1]) + down for pair in wall.split()]
    # From the floor to just under the frame's top edge (y grows downward on the page).
    assert 0 < min(ys) < 12 and max(ys) == pytest.approx(drawing.height, abs=6)


def test_side_lying_shows_a_clamshell_that_the_side_view_hides(tmp_path):
    lying = load_exercise(exercise_file(tmp_path, CLAMSHELL.replace("VIEW", "side-lying")))
    assert figure_problems(lying.figure) == []
    start = place(lying.figure)[0]
    # On the far side: the near hip joint above the far one, the body resting on the mat.
    hips = SIDE_LYING_WIDTHS[1]
    assert start.points["near_hip"][1] - start.points["far_hip"][1] == pytest.approx(hips, abs=0.1)
    side = load_exercise(exercise_file(tmp_path, CLAMSHELL.replace("VIEW", "side"), id_="side"))
    problems = figure_problems(side.figure)
    assert [where for where, _ in problems] == ["figure.end"]
    assert "start and finish frames: the view hides the movement: near_knee moves" in problems[0][1]
    assert "1.1% on the page" in problems[0][1]


def test_a_backrest_height_belongs_to_a_chair_only():
    chair = Prop(kind="chair", x=0, back=18)
    assert max(y1 for *_, y1 in blocks(chair, 0.0)) == pytest.approx(chair.size[1] + 18)
    with pytest.raises(ValidationError, match="back is a chair's backrest; take it out of this step"):
        Prop(kind="step", back=18)
