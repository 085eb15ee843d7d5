"""What a physiotherapist looks at in a figure, beyond the pose rules: a standing knee over
its foot, legs that do not cross into an X, an arrow where the moving part moves, a band
that reaches the hand, a body in a straight line, a prop drawn whole in every frame."""

from __future__ import annotations

import math

import pytest

from guidepress.content.camera import camera
from guidepress.content.exercises import builtin_library_dir, load_library
from guidepress.content.kinematics import HEAD_RADIUS, radius
from guidepress.content.solver import TOLERANCE, place, staged
from guidepress.figures.motion import arrow_points
from guidepress.figures.props import DEPTH


@pytest.fixture(scope="module")
def library():
    return load_library(builtin_library_dir())


def _picture(figure, frame: int) -> dict[str, tuple[float, float]]:
    cam, skeleton = camera(figure), place(figure)[frame]
    return {name: cam.project(p)[:2] for name, p in skeleton.points.items()}


def _direction(points, a: str, b: str) -> float:
    """The direction from point ``a`` to point ``b`` in the picture's plane, in degrees."""
    return math.degrees(math.atan2(points[b][1] - points[a][1], points[b][0] - points[a][0]))


def test_step_down_knee_over_the_foot_and_the_reaching_leg_behind_the_standing_shin(library):
    """The standing leg is the near one, drawn dark and in front, so the reaching leg
    passes behind its shin rather than across it in an X; the standing knee stays over
    its foot; the heel taps the floor in front of the step; the arrow follows that heel."""
    figure = library.get("step-down").figure
    finish = staged(figure)[-1]
    assert all(abs(gap) <= TOLERANCE for gap in finish.gaps.values())
    points = finish.skeleton.points
    step_front = max(x for x in (p.x + p.size[0] / 2 for p in figure.props))
    assert points["near_heel"][0] < points["near_knee"][0] <= points["near_toe"][0]
    assert points["far_heel"][0] > step_front + 1  # in front of the step, not under it
    assert set(finish.gaps) == {"near_foot on step", "far_heel on floor"}  # stands on the near leg
    assert figure.arrows == ["far_heel"]
    arrow = arrow_points(figure, place(figure), 0, "far_heel", camera(figure))
    assert arrow[-1][0] > arrow[0][0] and arrow[-1][1] < arrow[0][1]  # forward and down


def test_wall_push_up_keeps_a_straight_body_and_the_head_clear_of_the_wall(library):
    """Hips and knees straight (the body one line from heels to shoulders, not bent at the
    hips); in the finish the head stays in front of the wall and both hands rest on its
    face as drawn, neither of them over the wall."""
    figure = library.get("wall-push-up").figure
    wall = figure.props[0]
    cam = camera(figure)
    face = cam.project((wall.x, 50.0, DEPTH))[0]  # the wall's face as drawn
    for index, frame in enumerate(staged(figure)):
        assert all(abs(gap) <= TOLERANCE for gap in frame.gaps.values())
        points = frame.skeleton.points
        assert abs(_direction(points, "near_ankle", "pelvis") - _direction(points, "pelvis", "neck")) < 5
        picture = _picture(figure, index)
        assert picture["head"][0] + HEAD_RADIUS < face - 2
        for hand in ("near_hand", "far_hand"):
            assert face - 3 < picture[hand][0] < face + radius("hand") + 1, hand
