"""Exercise figures: valid, accessible SVG at one scale, poses within human ranges."""

from __future__ import annotations

import itertools
import logging
import math
import random
import xml.etree.ElementTree as ET

import pytest
from pydantic import ValidationError

from guidepress.content import poses
from guidepress.content.exercises import builtin_library_dir, load_library
from guidepress.content.poses import Pose, solve
from guidepress.figures.draw import FIGURE_WIDTH, figure_svg, preview_html

SVG = "{http://www.w3.org/2000/svg}"
BASIC = {"svg", "title", "desc", "g", "path", "line", "circle", "rect", "polyline", "polygon"}


@pytest.fixture(scope="module")
def library():
    return load_library(builtin_library_dir())


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def test_every_figure_is_accessible_svg(library):
    for exercise in library:
        root = parse(figure_svg(exercise))
        assert root.tag == f"{SVG}svg"
        assert root.get("role") == "img"
        assert "width" not in root.attrib and "height" not in root.attrib
        title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
        assert title.text == exercise.name
        assert desc.text == exercise.alt
        assert root.get("aria-labelledby").split() == [title.get("id"), desc.get("id")]
        assert {el.tag.removeprefix(SVG) for el in root.iter()} <= BASIC
        assert "<text" not in figure_svg(exercise)


def test_every_figure_has_the_same_scale(library):
    for exercise in library:
        x, y, width, height = map(float, parse(figure_svg(exercise)).get("viewBox").split())
        assert (x, y, width) == (0, 0, FIGURE_WIDTH)
        assert 20 < height < FIGURE_WIDTH


def test_ids_are_unique_on_a_page(library):
    ids = [el.get("id") for e in library for el in parse(figure_svg(e)).iter() if el.get("id")]
    assert len(ids) == len(set(ids)) == 2 * len(library)
    one = library.get("bridge")
    assert parse(figure_svg(one, id_prefix="sheet2")).find(f"{SVG}title").get("id") == \
        "sheet2-bridge-title"


def test_name_with_markup_is_escaped(library):
    exercise = library.get("plank").model_copy(update={"name": "Plank <hold> & breathe"})
    assert parse(figure_svg(exercise)).find(f"{SVG}title").text == "Plank <hold> & breathe"


def test_weasyprint_draws_every_figure_without_warnings(library, caplog):
    weasyprint = pytest.importorskip("weasyprint")
    pdfium = pytest.importorskip("pypdfium2")
    with caplog.at_level(logging.WARNING, logger="weasyprint"):
        pdf = weasyprint.HTML(string=preview_html(library)).write_pdf()
    assert not [r for r in caplog.records if r.name.startswith("weasyprint")]
    page = pdfium.PdfDocument(pdf)[0].render(scale=1).to_pil().convert("L")
    dark = sum(page.histogram()[:80])
    assert dark > 15 * 200  # fifteen figures' worth of ink, not blank boxes


@pytest.mark.parametrize("joint, value, message", [
    ("near_knee", 170, "170° flexion is outside the human range 0-135°"),
    ("far_knee", -20, "this joint does not bend backwards"),
    ("near_hip", -45, "45° extension is outside the human range 0-30°"),
    ("spine", 90, "90° flexion is outside the human range 0-80°"),
    ("neck", -60, "60° extension is outside the human range 0-45°"),
    ("near_ankle", -70, "70° plantarflexion is outside the human range 0-50°"),
    ("far_elbow", 160, "160° flexion is outside the human range 0-150°"),
    ("near_shoulder", -80, "80° extension is outside the human range 0-60°"),
])
def test_side_view_ranges(joint, value, message):
    with pytest.raises(ValidationError, match=message):
        Pose(**{joint: value})


def test_front_view_ranges_follow_the_view():
    Pose(view="front", near_hip=80, near_turnout=True)  # a turned-out leg swings in flexion
    with pytest.raises(ValidationError, match="80° abduction is outside the human range 0-45°"):
        Pose(view="front", near_hip=80)
    with pytest.raises(ValidationError, match="side bend toward the near side"):
        Pose(view="front", spine=50)


def test_segments_keep_their_length():
    rng = random.Random(7)
    bones = [("pelvis", "waist", poses.LUMBAR), ("waist", "neck", poses.THORACIC),
             ("near_shoulder", "near_elbow", poses.UPPER_ARM), ("far_elbow", "far_wrist", poses.FOREARM),
             ("near_wrist", "near_hand", poses.HAND), ("far_hip", "far_knee", poses.THIGH),
             ("near_knee", "near_ankle", poses.SHANK), ("near_ankle", "near_toe", poses.FOOT)]
    for view in ("side", "front"):
        for _ in range(20):
            angles = {j: rng.uniform(-20, 20) for j in poses.JOINTS}
            angles["trunk"] = rng.uniform(-180, 180)
            points = solve(Pose.model_construct(**{**Pose().model_dump(), **angles, "view": view})).points
            for a, b, length in bones:
                if view == "front" and b.endswith("toe"):
                    length = poses.FOOT_FRONT  # a forward-facing foot seen end-on
                assert math.dist(points[a], points[b]) == pytest.approx(length)


def test_standing_figure_matches_the_proportions():
    points = solve(Pose()).points
    assert points["neck"][1] - points["pelvis"][1] == pytest.approx(28.8)
    assert points["near_ankle"][1] == pytest.approx(-(poses.THIGH + poses.SHANK))
    head_top = points["head"][1] + poses.HEAD_RADIUS
    assert head_top - points["neck"][1] == pytest.approx(poses.NECK_TO_CROWN)


def test_poses_rest_on_the_floor(library):
    from guidepress.figures.draw import place
    for exercise in library:
        if exercise.figure.surface == "water":
            continue
        for skeleton in place(exercise.figure):
            lowest = min(y for name, (x, y) in skeleton.points.items())
            assert -1 < lowest < 6, exercise.id  # within a stroke of the floor


def test_pairs_of_joint_names_are_all_checked():
    for side, joint in itertools.product(poses.SIDES, poses.LIMB_JOINTS):
        assert f"{side}_{joint}" in Pose.model_fields
