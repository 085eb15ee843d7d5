"""No white windows through the body: where two parts lie against each other in life
(a folded thigh on the belly, stacked thighs) the wedge between their tubes is filled,
a front view's arms grow from the shoulders, and a mat seen turned still lies under
the whole body."""

from __future__ import annotations

import math
import re

import pytest

from guidepress.content.camera import camera, segment_gap
from guidepress.content.exercises import builtin_library_dir, load_library
from guidepress.content.solver import place
from guidepress.figures import webs
from guidepress.figures.draw import draw
from guidepress.figures.shapes import body_capsules


@pytest.fixture(scope="module")
def library():
    return load_library(builtin_library_dir())


def _frames(library, exercise_id: str):
    figure = library.get(exercise_id).figure
    return camera(figure), place(figure)


def _inside(point, polygon) -> bool:
    """Whether ``point`` lies inside ``polygon`` (even-odd rule)."""
    x, y, inside = *point, False
    for (x1, y1), (x2, y2) in zip(polygon, polygon[1:] + polygon[:1]):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def _bare(point, skeleton, cam) -> bool:
    """Whether ``point`` lies clear of every limb and trunk tube (white paper)."""
    return all(segment_gap(point, *tube) > 0 for tube in body_capsules(skeleton, cam))


def _covers_paper(web, skeleton, cam) -> bool:
    """Whether the web fills some of what the tubes alone leave white."""
    xs, ys = [p[0] for p in web], [p[1] for p in web]
    grid = [(x / 2, y / 2) for x in range(int(2 * min(xs)), int(2 * max(xs)) + 1)
            for y in range(int(2 * min(ys)), int(2 * max(ys)) + 1)]
    return any(_inside(p, web) and _bare(p, skeleton, cam) for p in grid)


def test_a_thigh_folded_on_the_belly_leaves_no_window(library):
    cam, (kneeling, folded) = _frames(library, "childs-pose")
    [web] = webs.belly_web(folded, cam, "near")
    assert _covers_paper(web, folded, cam)
    assert webs.belly_web(kneeling, cam, "near") == []  # an open hip: nothing to fill


def test_stacked_thighs_are_one_shape_and_legs_apart_are_not(library):
    cam, (lying, lifted) = _frames(library, "side-plank")
    for skeleton in (lying, lifted):
        [web] = webs.thighs_web(skeleton, cam)
        assert _covers_paper(web, skeleton, cam)
    triangle_cam, (wide, _) = _frames(library, "triangle")
    assert webs.thighs_web(wide, triangle_cam) == []


def test_front_view_arms_grow_from_the_shoulders(library):
    cam, (lying, _) = _frames(library, "side-plank")
    caps = webs.shoulder_caps(lying, cam)
    assert len(caps) == 2
    for (a, b, r), side in zip(caps, ("near", "far")):
        shoulder = cam.project(lying.points[f"{side}_shoulder"])[:2]
        assert math.dist(b, shoulder) < 1e-9 and r > 0
        top = cam.project(lying.sections[-2].centre)[:2]
        assert math.dist(a, top) < math.dist(b, top)  # from inside the trunk out to the joint


def test_a_mat_seen_turned_lies_under_the_head(library):
    # The figure four seen from above and walked round toward the head: its mat turns too.
    figure = library.get("figure-four-stretch").figure.model_copy(
        update={"view": "three-quarter", "tilt": 25, "turn": -15})
    cam, placed = camera(figure), place(figure)
    drawing = draw(figure)
    shift = float(re.match(r'<g transform="translate\(([-\d.]+) ', drawing.frames[0]).group(1))
    mat = re.findall(r'<polygon points="([^"]+)"', drawing.frames[0])[0]
    xs = [float(p.split(",")[0]) for p in mat.split()]
    head = cam.project(placed[0].points["head"])[0] + shift
    assert min(xs) + shift < head - 4 and head < max(xs) + shift


def test_stacked_legs_show_the_top_leg_and_no_lump_at_the_hip(library):
    """Side plank from the front: the top leg has its own outline over the bottom one
    (two legs, not one wedge), and the hip stands out past the pelvis by less than the
    thigh's radius. Legs apart (triangle) stay joined to the trunk's outline."""
    from guidepress.figures.shapes import body_pieces

    cam, (lying, lifted) = _frames(library, "side-plank")
    for skeleton in (lying, lifted):
        names = [p.name for p in body_pieces(skeleton, cam, {})]
        assert "near_leg" in names and "far_leg" not in names
        pelvis = cam.project(skeleton.sections[0].centre)[:2]
        hip = cam.project(skeleton.points["far_hip"])[:2]
        out = math.dist(pelvis, hip) + 5.2 - skeleton.sections[0].half_width
        assert 0 < out < 5.2
    triangle_cam, (wide, _) = _frames(library, "triangle")
    assert "near_leg" not in [p.name for p in body_pieces(wide, triangle_cam, {})]
