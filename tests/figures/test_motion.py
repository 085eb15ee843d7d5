"""The moving part: its arrow follows the joints where it swings and runs straight where it
glides, and a far limb that moves is still drawn in the far side's lighter tone."""

from __future__ import annotations

import math

import pytest
from pydantic import ValidationError

from guidepress.content.camera import camera
from guidepress.content.exercises import builtin_library_dir, load_library
from guidepress.content.solver import TOLERANCE, place, staged
from guidepress.content.poses import Figure
from guidepress.figures.motion import arrow_points, path
from guidepress.figures.shapes import body_pieces


@pytest.fixture(scope="module")
def bird_dog():
    return load_library(builtin_library_dir()).get("bird-dog").figure


def _turn(points) -> float:
    """The largest change of direction along a path, in degrees."""
    heads = [math.atan2(b[1] - a[1], b[0] - a[0]) for a, b in zip(points, points[1:])]
    return max(abs(math.degrees(math.remainder(b - a, math.tau))) for a, b in zip(heads, heads[1:]))


def _reshaped(figure: Figure, **changes) -> Figure:
    return Figure.model_validate({**figure.model_dump(), **changes})


def test_a_gliding_part_moves_straight_to_where_it_ends(bird_dog):
    assert "far_ankle" in bird_dog.glide
    cam, placed = camera(bird_dog), place(bird_dog)
    line = path(bird_dog, placed, 0, "far_ankle", cam)
    start, end = (cam.project(placed[i].points["far_ankle"])[:2] for i in (0, 1))
    assert line[0] == pytest.approx(start) and line[-1] == pytest.approx(end)
    assert _turn(line) < 1.0
    # The leg reaches back and up: the arrow points backward (left), not straight up.
    arrow = arrow_points(bird_dog, placed, 0, "far_ankle", cam)
    dx, dy = arrow[-1][0] - arrow[0][0], arrow[-1][1] - arrow[0][1]
    assert dx < 0 and abs(dx) > 0.5 * abs(dy)


def test_a_swinging_part_follows_the_joints(bird_dog):
    swing = _reshaped(bird_dog, glide=[])
    cam, placed = camera(swing), place(swing)
    assert _turn(path(swing, placed, 0, "far_ankle", cam)) > 5.0


def test_a_glide_without_an_arrow_is_refused(bird_dog):
    with pytest.raises(ValidationError, match="glide: far_knee has no arrow"):
        _reshaped(bird_dog, glide=["far_knee"])


@pytest.mark.parametrize(("name", "moving"), [("bird-dog", "far_leg")])
def test_a_far_limb_that_moves_keeps_the_far_tone(name, moving):
    """Bird dog's leg reaching back is a far limb: lighter than the near ones, so the tone
    says which side a limb is on; the arrow says what moves."""
    figure = load_library(builtin_library_dir()).get(name).figure
    assert any(point.startswith(moving.split("_")[0]) for point in figure.arrows)
    skeleton, cam = place(figure)[-1], camera(figure)
    pieces = body_pieces(skeleton, cam, {})
    moved = [p for p in pieces if p.name == moving]
    assert moved and all(p.far for p in moved)
    assert not any(p.far for p in pieces if p.name.startswith("near_"))


def test_a_reach_lifts_then_runs_level(bird_dog):
    """The arm reaching forward and the leg reaching back: each arrow starts at the
    part and its head points along the reach, not up a slope."""
    cam, placed = camera(bird_dog), place(bird_dog)
    for name, forward in (("near_hand", 1), ("far_ankle", -1)):
        arrow = arrow_points(bird_dog, placed, 0, name, cam)
        start = cam.project(placed[0].points[name])[:2]
        assert math.dist(arrow[0], start) < 8.0
        (ax, ay), (bx, by) = arrow[-3], arrow[-1]
        assert (bx - ax) * forward > 0 and abs(by - ay) < 0.4 * abs(bx - ax), name
        assert arrow[-1][1] > arrow[0][1]  # it lifts first


def test_rising_hips_get_their_arrow_over_them():
    """Downward dog: the arrow rises from just over the hips, not from the floor into the belly."""
    dog = load_library(builtin_library_dir()).get("downward-dog").figure
    cam, placed = camera(dog), place(dog)
    arrow = arrow_points(dog, placed, 0, "pelvis", cam)
    hips = cam.project(placed[0].points["pelvis"])[:2]
    assert min(y for _, y in arrow) > hips[1]
    assert arrow[-1][1] - arrow[0][1] > 10.0


def test_hips_sitting_back_get_their_arrow_behind_them():
    """Child's pose: the arrow starts just behind the buttocks, not over the middle of the back."""
    child = load_library(builtin_library_dir()).get("childs-pose").figure
    cam, placed = camera(child), place(child)
    arrow = arrow_points(child, placed, 0, "pelvis", cam)
    seat = cam.project(placed[0].sections[0].centre)[:2]
    assert arrow[0][0] < seat[0] - placed[0].sections[0].half_depth
    assert abs(arrow[0][1] - seat[1]) < 8.0
    assert arrow[-1][0] < arrow[0][0] and arrow[-1][1] < arrow[0][1]  # back and down


def test_rising_hips_get_an_arrow_clear_of_the_body():
    """Side plank: the arrow for the hips lifting lies on paper, clear of the body and of
    the top arm folded over the chest, rather than in a window between arm and trunk."""
    from guidepress.content.camera import segment_gap
    from guidepress.figures.shapes import body_capsules

    figure = load_library(builtin_library_dir()).get("side-plank").figure
    cam, placed = camera(figure), place(figure)
    points = arrow_points(figure, placed, 0, "pelvis", cam)
    body = body_capsules(placed[0], cam)
    assert points and all(segment_gap(p, *tube) > 1.0 for p in points for tube in body)
    assert points[-1][1] > points[0][1]  # it points up, the way the hips go


def test_figure_four_crosses_the_near_leg_and_draws_the_other_thigh_toward_the_chest():
    """Seen from the side, the crossed leg is the near one, drawn dark: its thigh stands up
    and its shin lies across the other knee (the bar of the 4), the ankle resting on that
    knee in both frames. In the finish the other thigh comes toward the chest with both
    hands behind it, and the arrow leaves the bottom heel upward, as that foot lifts."""
    figure = load_library(builtin_library_dir()).get("figure-four-stretch").figure
    assert figure.view == "side" and figure.surface == "mat"
    cam, placed = camera(figure), place(figure)
    for frame in staged(figure):
        assert abs(frame.gaps["near_ankle on far_knee"]) <= TOLERANCE
        pieces = body_pieces(frame.skeleton, cam, {})
        assert all(p.name.startswith("far_") for p in pieces if p.far)
        knee, ankle = (cam.project(frame.skeleton.points[n])[:2] for n in ("near_knee", "near_ankle"))
        assert abs(ankle[1] - knee[1]) < 0.5 * abs(ankle[0] - knee[0])  # the shin runs across
    finish = staged(figure)[-1]
    assert abs(finish.gaps["hands on far_knee"]) <= TOLERANCE
    before, after = (math.dist(s.points["far_knee"], s.points["neck"]) for s in placed)
    assert after < before - 3  # about 5 cm closer on a person 1.7 m tall
    assert figure.arrows == ["far_heel"]
    arrow = arrow_points(figure, placed, 0, "far_heel", cam)
    assert arrow[-1][1] > arrow[0][1] + 5  # the bottom foot lifts
