"""What a physiotherapist looks at in a figure, beyond the pose rules: a standing knee over
its foot, legs that do not cross into an X, an arrow where the moving part moves, a band
that reaches the hand, a body in a straight line, a prop drawn whole in every frame."""

from __future__ import annotations

import math
import re

import pytest

from guidepress.content.camera import camera, segment_gap
from guidepress.content.exercises import builtin_library_dir, load_library
from guidepress.content.kinematics import FOREARM, HEAD_RADIUS, UPPER_ARM, radius
from guidepress.content.solver import TOLERANCE, place, staged
from guidepress.figures import palette as pal
from guidepress.figures.draw import draw
from guidepress.figures.motion import arrow_points
from guidepress.figures.props import DEPTH
from guidepress.figures.shapes import body_capsules


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


def test_step_down_is_a_low_step_with_the_trunk_upright_not_a_squat(library):
    """A step of about 15-20 cm; the trunk within 10 degrees of upright and the head in line
    with it; the standing knee bent no deeper than a right angle."""
    figure = library.get("step-down").figure
    assert 15 <= figure.props[0].size[1] * 1.7 <= 20  # centimetres on a person 1.7 m tall
    finish = staged(figure)[-1]
    assert abs(finish.pose.trunk - 90) <= 10 and abs(finish.pose.neck) <= 5
    assert finish.pose.near_knee <= 90
    points = finish.skeleton.points
    assert abs(_direction(points, "pelvis", "neck") - 90) <= 10


def test_ankle_pumps_sit_upright_against_the_backrest_hands_on_the_thighs(library):
    """Not slumped: the trunk upright, the buttocks at the back of the seat and the back on
    the backrest, the hands resting on the thighs; the toes clearly go up, then down."""
    figure = library.get("ankle-pumps").figure
    chair = figure.props[0]
    backrest = chair.x - chair.size[0] / 2 + 2.5  # the backrest's front (side: left)
    frames = staged(figure)
    for frame in frames:
        assert all(abs(gap) <= TOLERANCE for gap in frame.gaps.values())
        assert abs(frame.pose.trunk - 90) <= 3
        back = min(sec.centre[0] - sec.half_depth for sec in frame.skeleton.sections)
        assert back < backrest + 2  # the back against the backrest
        points = frame.skeleton.points
        for side in ("near", "far"):
            thigh = (points[f"{side}_hip"][:2], radius("hip"), points[f"{side}_knee"][:2], radius("knee"))
            assert segment_gap(points[f"{side}_hand"][:2], *thigh) < 2, side
    toes = [frame.skeleton.points["near_toe"] for frame in frames]
    assert math.dist(toes[0], toes[1]) > 8  # about 14 cm: it shows at card size


def test_pendulum_flat_back_head_in_line_arm_hanging_clear_of_the_table(library):
    """Bent well forward at the hips with a flat back and the head in line with it (not
    craned up); the free hand on the table; the other arm hangs straight down at the start
    and swings in front of the table's edge, not through its top."""
    figure = library.get("pendulum").figure
    table = figure.props[0]
    edge, top = table.x - table.size[0] / 2, table.size[1]
    frames = staged(figure)
    for frame in frames:
        assert all(abs(gap) <= TOLERANCE for gap in frame.gaps.values())
        assert frame.pose.trunk <= 30 and frame.pose.spine <= 0 and abs(frame.pose.neck) <= 5
        points = frame.skeleton.points
        for joint in ("shoulder", "elbow", "wrist", "hand"):
            point = points[f"near_{joint}"]
            assert point[0] < edge - radius(joint) or point[1] < top - radius(joint), joint
    start = frames[0].skeleton.points
    assert abs(_direction(start, "near_shoulder", "near_hand") + 90) < 5  # straight down


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


def test_external_rotation_band_reaches_the_hand_and_the_arrow_clears_the_arm(library):
    """Seen from the front, the band runs from its anchor across the front of the body to
    the hand, so it is painted over the body and ends at the hand in both frames; the
    arrow for the hand swinging out lies past the body's edge, not along the forearm."""
    exercise = library.get("banded-external-rotation")
    figure = exercise.figure
    drawing = draw(figure)
    cam, placed = camera(figure), place(figure)
    for index, frame in enumerate(drawing.frames):
        band = re.search(rf'<line x1="[^"]+" y1="[^"]+" x2="([^"]+)" y2="([^"]+)" stroke="{pal.BAND}"', frame)
        assert band and band.start() > frame.rindex(pal.INK)  # over the body
        hand = cam.project(placed[index].points["near_hand"])
        assert (float(band.group(1)), float(band.group(2))) == pytest.approx((hand[0], -hand[1]), abs=0.01)
    arrow = arrow_points(figure, placed, 0, "near_hand", cam)
    body = body_capsules(placed[0], cam)
    assert arrow and all(segment_gap(p, *tube) > 1.0 for p in arrow for tube in body)
    start = cam.project(placed[0].points["near_hand"])[0]
    assert arrow[-1][0] < arrow[0][0] < start  # outward, to the near side (the picture's left)


def test_sit_to_stand_keeps_the_arms_level_and_the_chair_whole(library):
    """The arms reach forward, level, in every frame (not hanging to the ankles in one and
    elsewhere in the next), and the whole chair shows in every frame: its backrest lies
    behind the body, not hidden by it."""
    figure = library.get("sit-to-stand").figure
    chair = figure.props[0]
    backrest = chair.x - chair.size[0] / 2 + 2.5  # the backrest's front edge (side: left)
    for index, frame in enumerate(staged(figure)):
        assert all(abs(gap) <= TOLERANCE for gap in frame.gaps.values())
        picture = _picture(figure, index)
        for side in ("near", "far"):
            assert abs(_direction(picture, f"{side}_shoulder", f"{side}_hand")) < 8  # level, forward
        body = min(p[0] - radius(n) for n, p in frame.skeleton.points.items())
        back = min(sec.centre[0] - sec.half_depth for sec in frame.skeleton.sections)
        assert min(body, back) > backrest + 3


def test_side_plank_arrow_starts_over_the_hip(library):
    """The arrow for the hips lifting starts just over the hip and points up; the top arm
    rests straight along the side with the hand by the hip (folded on the chest, it read as
    a zig-zag tangle), so the arrow lies over the arm resting on the hip."""
    figure = library.get("side-plank").figure
    cam, placed = camera(figure), place(figure)
    arrow = arrow_points(figure, placed, 0, "pelvis", cam)
    hip = placed[0].sections[1]  # the trunk's section at the hips
    centre = cam.project(hip.centre)[:2]
    assert abs(arrow[0][0] - centre[0]) < hip.half_width  # over the hip, not the chest
    assert centre[1] < arrow[0][1] < centre[1] + hip.half_width + 15  # just over the arm on it
    assert arrow[-1][1] > arrow[0][1]  # up, the way the hips go
    for index in (0, 1):
        picture = _picture(figure, index)
        hand, hips = picture["near_hand"], cam.project(placed[index].sections[1].centre)[:2]
        assert math.dist(hand, hips) < math.dist(hand, picture["neck"])  # by the hip
        reach = math.dist(picture["near_shoulder"], picture["near_wrist"])
        assert reach > 0.95 * (UPPER_ARM + FOREARM)  # straight along the side, not folded
