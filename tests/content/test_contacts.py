"""Props and contacts: a pose says what touches what, the solver places the body so it does,
and what it cannot close is named with the contact, the gap in cm and the angle to change."""

from __future__ import annotations

import re
import textwrap

import pytest

from guidepress.content.exercises import load_exercise
from guidepress.content.posecheck import check_figure, figure_problems
from guidepress.content.problems import ProblemsError
from guidepress.content.props import parse_contact
from guidepress.content.poses import POINTS
from guidepress.content.solver import TOLERANCE, linear_solve, staged
from guidepress.errors import ContentError

WORDS = """\
id: {id}
name: {id}
category: strength
regions: [knee]
purpose: Builds strength.
steps: [Stand tall., Bend your knees., Stand up again.]
tips: [Breathe.]
stop_if: [You feel sharp pain.]
muscles: [thighs]
dose: {{sets: 1, reps: 5}}
alt: A figure for the tests of contacts.
"""


def standing(prop: str) -> str:
    """The head of a standing figure, seen from the side, with one prop."""
    return ("figure:\n  view: side\n  surface: floor\n  anchor: near_toe\n  arrows: [pelvis]\n"
            f"  props:\n    - {prop}\n")


WALL_SIT = standing("{kind: wall, x: -32}") + """\
  start:
    trunk: 90
    near_hip: 10
    far_hip: 10
    contacts: [back against wall, feet on floor]
  end:
    near_hip: 70
    far_hip: 70
    near_knee: 80
    far_knee: 80
    contacts: [back against wall, feet on floor]
"""
# The README's Worked example 3: the far leg stands on the step, the near heel reaches the floor.
STEP_DOWN = standing("{kind: step, x: -15, width: 32}").replace("near_toe", "far_toe") + """\
  start:
    trunk: 90
    contacts: [feet on step]
  end:
    trunk: 72
    far_hip: STAND_HIP
    far_knee: STAND_KNEE
    near_hip: 38
    near_knee: 0
    contacts: [far_foot on step, near_heel on floor]
"""


def exercise_file(tmp_path, figure: str, id_: str = "trial"):
    path = tmp_path / f"{id_}.yaml"
    path.write_text(WORDS.format(id=id_) + textwrap.dedent(figure))
    return path


def step_down(tmp_path, hip: float = 78, knee: float = 80):
    figure = STEP_DOWN.replace("STAND_HIP", str(hip)).replace("STAND_KNEE", str(knee))
    return exercise_file(tmp_path, figure)


def test_contacts_hold_within_the_tolerance(tmp_path):
    exercise = load_exercise(exercise_file(tmp_path, WALL_SIT))
    frames = staged(exercise.figure)
    for frame in frames:
        assert set(frame.gaps) == {"back against wall", "feet on floor"}
        assert all(abs(gap) <= TOLERANCE for gap in frame.gaps.values())
    finish = frames[1]
    # The wall's face is at x = -32: the buttocks and upper back touch it, the feet are on the floor.
    assert min(p[0] for p in finish.skeleton.points.values()) > -32 - 1
    assert finish.skeleton.points["near_heel"][1] == pytest.approx(1.8, abs=TOLERANCE)
    # The angles left out were found: the trunk stands up against the wall, the ankles bend.
    assert "trunk" in finish.free and "near_ankle" in finish.free and "near_knee" not in finish.free
    assert 80 < finish.pose.trunk < 100 and finish.pose.near_knee == 80
    assert figure_problems(exercise.figure) == []


def test_the_solver_is_deterministic(tmp_path):
    one = staged(load_exercise(exercise_file(tmp_path, WALL_SIT)).figure)
    two = staged(load_exercise(exercise_file(tmp_path, WALL_SIT)).figure)
    assert [s.values for s in one] == [s.values for s in two]


def test_a_contact_that_cannot_hold_names_the_gap_and_the_angle_to_change(tmp_path):
    path = step_down(tmp_path, hip=45, knee=45)
    with pytest.raises(ProblemsError) as err:
        check_figure("trial", load_exercise(path).figure, path)
    problems = [p for p in err.value.problems if '"near_heel on floor"' in p.message]
    assert len(problems) == 1 and problems[0].key == "figure.end" and problems[0].line
    message = problems[0].message
    assert "finish frame" in message and "cm short of touching (a person 1.7 m tall)" in message
    cm = float(message.split("does not hold: ")[1].split(" cm")[0])
    assert 2 < cm < 15
    # Each angle named (from the gap's sensitivity to it), changed as advised, narrows the gap.
    advice = re.findall(r"change (\w+) from (-?[\d.]+) toward (-?\d+) \((more|less) (\w+)", message)
    assert advice and advice[0][0] == "near_hip" and advice[0][3:] == ("less", "flexion")
    for joint, old, new, *_ in advice:
        advised = tmp_path / "advised" / "trial.yaml"
        advised.parent.mkdir(exist_ok=True)
        advised.write_text(path.read_text().replace(f"    {joint}: {old}\n", f"    {joint}: {new}\n"))
        frame = staged(load_exercise(advised).figure)[1]
        assert abs(frame.gaps["near_heel on floor"]) < 0.75 * cm / 1.7, joint


def test_following_the_advice_closes_the_gap(tmp_path):
    load = load_exercise(step_down(tmp_path))
    assert figure_problems(load.figure) == []
    finish = staged(load.figure)[1]
    assert finish.skeleton.points["near_heel"][1] == pytest.approx(1.8, abs=TOLERANCE)
    assert finish.skeleton.points["far_heel"][1] == pytest.approx(10 + 1.8, abs=TOLERANCE)


@pytest.mark.parametrize("contact, error", [
    ("back on", "is not a contact"),
    ("elbow against wall", '"elbow" is not a body point'),
])
def test_a_contact_written_wrongly_says_how_to_write_it(contact, error):
    with pytest.raises(ValueError, match=error):
        parse_contact(contact, POINTS)


def test_a_contact_with_a_missing_prop_names_the_file_line_and_props(tmp_path):
    path = exercise_file(tmp_path, WALL_SIT.replace("back against wall, feet", "back against chair, feet", 1))
    with pytest.raises(ContentError) as err:
        load_exercise(path)
    message = str(err.value)
    assert "trial.yaml" in message and "line" in message
    assert 'start frame: contact "back against chair": there is no "chair"' in message
    assert "props here: floor, wall" in message


@pytest.mark.parametrize("prop, error", [
    ("{kind: band, x: 40}", "a band needs y"),
    ("{kind: wall, x: -30, y: 20}", "y is for a band only"),
    ("{kind: stool, x: 0}", "kind"),
    ("{kind: step, x: 0, height: -4}", "height"),
    ("{kind: ball, x: 0, height: 20}", "a ball's size is its width"),
])
def test_a_prop_written_wrongly_is_refused_with_its_key(tmp_path, prop, error):
    path = exercise_file(tmp_path, WALL_SIT.replace("{kind: wall, x: -32}", prop))
    with pytest.raises(ContentError, match=error) as err:
        load_exercise(path)
    assert "figure.props" in str(err.value)


def test_linear_solve():
    assert linear_solve([[2.0, 1.0], [1.0, 3.0]], [3.0, 5.0]) == pytest.approx([0.8, 1.4])
