"""What a physiotherapist looks for in the figures a fresh review found wanting (issue 28):
a top leg that rests on the bottom one, a knee that opens with the feet together, bends
that show on the page."""

from __future__ import annotations

import math

import pytest

from guidepress.content.camera import camera
from guidepress.content.exercises import builtin_library_dir, load_library
from guidepress.content.kinematics import HEAD_RADIUS, bottom, radius
from guidepress.content.posecheck import LIFT
from guidepress.content.solver import TOLERANCE, place, staged
from guidepress.figures.props import LEG, blocks
from guidepress.figures.shapes import head_pieces


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
            # about a right angle on the page, not a leg that reads as straight at card size
            assert page_angle(frame, cam, f"{side}_hip", f"{side}_knee", f"{side}_ankle") < 125, side


def test_side_lying_leg_raise_starts_with_the_top_leg_down(library):
    start, finish = place(library.get("side-lying-leg-raise").figure)
    floor = bottom(start, "far_hip")
    assert bottom(start, "near_ankle") - floor < LIFT  # the foot on the mat, not in the air
    lift = bottom(finish, "near_ankle") - floor
    assert 15 < lift < 40  # a little way: a foot or so, not a high kick


def test_thoracic_extension_arches_the_upper_back_over_a_backrest_at_mid_back(library):
    figure = library.get("thoracic-extension").figure
    chair = next(prop for prop in figure.props if prop.kind == "chair")
    face = min(x for x, *_ in blocks(chair, 0.0)) + LEG  # the backrest's front
    top = max(y1 for *_, y1 in blocks(chair, 0.0))
    start, finish = staged(figure)
    for frame in (start, finish):
        assert max(frame.gaps.values()) < TOLERANCE  # buttocks on the seat throughout
        points = frame.skeleton.points
        assert points["pelvis"][1] < top < points["neck"][1]  # the top edge at mid-back
    # The lower back stays against the backrest; the upper back goes back over its top.
    assert start.skeleton.points["neck"][0] > face > finish.skeleton.points["neck"][0]

    def heading(a, b):  # degrees counter-clockwise from the picture's x axis, a toward b
        (ax, ay, _), (bx, by, _) = finish.skeleton.points[a], finish.skeleton.points[b]
        return math.degrees(math.atan2(by - ay, bx - ax))
    arch = heading("waist", "neck") - heading("pelvis", "waist")
    assert arch > 20  # the upper back bends back over the edge, not the trunk as a block


def test_thoracic_extension_start_and_finish_differ_and_the_arms_keep_clear_of_the_face(library):
    """The upper back turns back clearly (a reader sees the arch at card size), and the
    arms stay clear of the face (every point of them below the chin) and of the back's
    edge: the hands rest on the thighs, in front of the hips and short of the knees."""
    start, finish = place(library.get("thoracic-extension").figure)

    def upper_back(frame):  # degrees from the vertical, leaning back
        (wx, wy, _), (nx, ny, _) = frame.points["waist"], frame.points["neck"]
        return math.degrees(math.atan2(wx - nx, ny - wy))
    assert upper_back(finish) - upper_back(start) > 30
    for frame in (start, finish):
        chin = frame.points["head"][1] - HEAD_RADIUS
        for side in ("near", "far"):
            for joint in ("elbow", "wrist", "knuckle", "hand"):
                point = frame.points[f"{side}_{joint}"]
                assert point[1] < chin, (side, joint)
                assert math.dist(point, frame.points["head"]) > HEAD_RADIUS + radius(joint), (side, joint)
        (hx, hy, _), (kx, ky, _), (wx, wy, _) = (frame.points[n] for n in ("near_hip", "near_knee", "near_wrist"))
        assert hx + 10 < wx < kx
        assert 0 < wy - (hy + (ky - hy) * (wx - hx) / (kx - hx)) < 10  # on top of the thigh


def test_neck_side_bend_tilts_head_and_neck_clear_of_the_shoulder(library):
    figure = library.get("neck-side-bend-stretch").figure
    cam = camera(figure)
    start, finish = place(figure)
    (hx, hy), (nx, ny) = cam.axis(finish.points["head"]), cam.axis(finish.points["neck"])
    tilt = math.degrees(math.atan2(abs(hx - nx), hy - ny))
    assert 15 < tilt < 30  # the head's centre leans over the neck's base: a gentle stretch, not end range
    # The head stays above the shoulder it tilts toward: the ear does not rest on it.
    shoulder = cam.axis(finish.points["near_shoulder"])
    assert math.dist((hx, hy), shoulder) > HEAD_RADIUS + radius("shoulder") + 1.5
    moved = math.dist(cam.axis(start.points["head"]), (hx, hy))
    assert moved > 4  # about 7 cm on a person, with the head drawn tilting
    # The shoulders stay level; the other arm hangs heavy, its hand a little down and out.
    for frame in (start, finish):
        assert abs(frame.points["near_shoulder"][1] - frame.points["far_shoulder"][1]) < 0.5
    out = cam.axis(finish.points["far_hand"])[0] - cam.axis(start.points["far_hand"])[0]
    assert 5 < out < 12


def test_neck_side_bend_head_is_drawn_tilted_not_slid(library):
    """A round head only slides; seen from the front the head is drawn as an oval, and in
    the finish its long axis leans toward the near shoulder, face still forward."""
    figure = library.get("neck-side-bend-stretch").figure
    cam = camera(figure)
    leans = []
    for frame in place(figure):
        d = head_pieces(frame, cam)[1].paths[0]
        x, y = (float(n) for n in d[1:].split("C")[0].split())  # the crown: the long axis's top
        hx, hy, _ = cam.project(frame.points["head"])
        leans.append(math.degrees(math.atan2(hx - x, -y - hy)))
    assert abs(leans[0]) < 3 and 25 <= leans[1] <= 32  # upright, then tilted gently to the near (left) side


def test_superman_lifts_head_chest_arms_and_legs_a_few_inches(library):
    figure = library.get("superman").figure
    start, finish = place(figure)
    assert max(bottom(start, n) for n in ("head", "near_toe", "near_hand", "far_hand")) < LIFT
    # Clearly off the mat, yet a few inches: 5 to 15 (about 8 to 25 cm), the belly down.
    for name in ("head", "near_toe", "far_toe"):
        assert 5 < bottom(finish, name) < 15, name
    assert bottom(finish, "pelvis") < LIFT
    # Both arms reach forward past the head, lifted a little, and apart from each other on the page.
    for hand in ("near_hand", "far_hand"):
        assert finish.points[hand][0] > finish.points["head"][0] + HEAD_RADIUS, hand
        assert 5 < bottom(finish, hand) < 20, hand
    cam = camera(figure)
    near, far = (cam.axis(finish.points[n]) for n in ("near_hand", "far_hand"))
    assert math.dist(near, far) > 10


def test_knee_to_chest_hugs_the_knee_shin_down_hands_below_the_knee(library):
    """The knee drawn in over the chest, the shin angled down toward the buttock (not the
    foot up in the air), both hands on the shin just below the knee, the other foot down."""
    figure = library.get("knee-to-chest").figure
    cam = camera(figure)
    finish = place(figure)[1]
    points = finish.points
    assert points["near_knee"][0] < points["pelvis"][0] - 12  # over the trunk, toward the chest
    assert points["near_ankle"][1] < points["near_knee"][1] - 5
    assert points["near_toe"][1] < points["near_knee"][1]
    (kx, ky), (ax, ay) = (cam.axis(points[n]) for n in ("near_knee", "near_ankle"))
    for hand in ("near_wrist", "near_hand", "far_wrist"):
        hx, hy = cam.axis(points[hand])
        along = ((hx - kx) * (ax - kx) + (hy - ky) * (ay - ky)) / ((ax - kx) ** 2 + (ay - ky) ** 2)
        across = math.dist((hx, hy), (kx + along * (ax - kx), ky + along * (ay - ky)))
        assert 0 < along < 0.7 and across < 6, hand  # on the shin, its upper part
    assert bottom(finish, "far_heel") < LIFT and bottom(finish, "far_toe") < LIFT
