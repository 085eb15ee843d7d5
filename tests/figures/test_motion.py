"""Arrows along the path of the moving part: a swing follows the joints, a glide runs
straight from where the part starts toward where it ends."""

from __future__ import annotations

import math

import pytest
from pydantic import ValidationError

from guidepress.content.camera import camera
from guidepress.content.exercises import builtin_library_dir, load_library
from guidepress.content.kinematics import place
from guidepress.content.poses import Figure
from guidepress.figures.motion import arrow_points, path


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
    assert "near_ankle" in bird_dog.glide
    cam, placed = camera(bird_dog), place(bird_dog)
    line = path(bird_dog, placed, 0, "near_ankle", cam)
    start, end = (cam.project(placed[i].points["near_ankle"])[:2] for i in (0, 1))
    assert line[0] == pytest.approx(start) and line[-1] == pytest.approx(end)
    assert _turn(line) < 1.0
    # The leg reaches back and up: the arrow points backward (left), not straight up.
    arrow = arrow_points(bird_dog, placed, 0, "near_ankle", cam)
    dx, dy = arrow[-1][0] - arrow[0][0], arrow[-1][1] - arrow[0][1]
    assert dx < 0 and abs(dx) > 0.5 * abs(dy)


def test_a_swinging_part_follows_the_joints(bird_dog):
    swing = _reshaped(bird_dog, glide=[])
    cam, placed = camera(swing), place(swing)
    assert _turn(path(swing, placed, 0, "near_ankle", cam)) > 5.0


def test_a_glide_without_an_arrow_is_refused(bird_dog):
    with pytest.raises(ValidationError, match="glide: near_knee has no arrow"):
        _reshaped(bird_dog, glide=["near_knee"])
