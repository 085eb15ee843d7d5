"""What a physiotherapist looks for in the figures a fresh review found wanting (issue 28):
a top leg that rests on the bottom one, a knee that opens with the feet together, bends
that show on the page."""

from __future__ import annotations

import math

import pytest

from guidepress.content.camera import camera
from guidepress.content.exercises import builtin_library_dir, load_library
from guidepress.content.kinematics import bottom, radius
from guidepress.content.posecheck import LIFT
from guidepress.content.solver import place


@pytest.fixture(scope="module")
def library():
    return load_library(builtin_library_dir())


def touching(frame, a: str, b: str) -> bool:
    """Whether two body points touch, within the gap a pose may leave under a support."""
    return math.dist(frame.points[a], frame.points[b]) < radius(a) + radius(b) + LIFT


def page_angle(frame, cam, a: str, b: str, c: str) -> float:
    """The angle at ``b`` between b-a and b-c as drawn on the page, in degrees."""
    (ax, ay), (bx, by), (cx, cy) = (cam.axis(frame.points[n]) for n in (a, b, c))
    turn = math.atan2(ay - by, ax - bx) - math.atan2(cy - by, cx - bx)
    return abs(math.degrees((turn + math.pi) % (2 * math.pi) - math.pi))


def test_clamshell_top_leg_rests_on_the_bottom_leg_then_the_knee_opens_feet_together(library):
    start, finish = place(library.get("clamshell").figure)
    assert touching(start, "near_knee", "far_knee") and touching(start, "near_ankle", "far_ankle")
    assert touching(finish, "near_ankle", "far_ankle")
    # The top knee lifts clear of the bottom one (about 15 cm or more), the feet stay together.
    assert math.dist(finish.points["near_knee"], finish.points["far_knee"]) > 2 * radius("knee") + 9


def test_clamshell_hips_and_knees_show_bent_on_the_page(library):
    figure = library.get("clamshell").figure
    cam = camera(figure)
    for frame in place(figure):
        for side in ("near", "far"):
            assert page_angle(frame, cam, f"{side}_hip", f"{side}_knee", f"{side}_ankle") < 150, side


def test_side_lying_leg_raise_starts_with_the_top_leg_down(library):
    start, finish = place(library.get("side-lying-leg-raise").figure)
    floor = bottom(start, "far_hip")
    assert bottom(start, "near_ankle") - floor < LIFT  # the foot on the mat, not in the air
    lift = bottom(finish, "near_ankle") - floor
    assert 15 < lift < 40  # a little way: a foot or so, not a high kick
